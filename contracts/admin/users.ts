// Clinicians of a network, their memberships (organisation + role) and status.
import { z } from 'zod';

export const AdminRoleSchema = z.enum(['requester', 'dermatologist', 'coordinator', 'pharmacist']);
export type AdminRole = z.infer<typeof AdminRoleSchema>;

/** Which role fits which kind of organisation. */
export const ROLE_FOR_KIND = {
  gp_practice: 'requester',
  dermatology_service: 'dermatologist',
  network_office: 'coordinator',
  pharmacy: 'pharmacist',
} as const;

export const AdminMembershipSchema = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  role: AdminRoleSchema,
});
export type AdminMembership = z.infer<typeof AdminMembershipSchema>;

export const UserStatusSchema = z.enum(['invited', 'active', 'disabled']);

export const AdminUserSchema = z
  .object({
    id: z.uuid(),
    displayName: z.string(),
    email: z.string(),
    status: UserStatusSchema,
    professionalId: z.string().nullable(),
    memberships: z.array(AdminMembershipSchema),
  })
  .meta({ id: 'AdminUser' });
export type AdminUser = z.infer<typeof AdminUserSchema>;

export const AdminUserListSchema = z.object({ users: z.array(AdminUserSchema) });

export const AdminUserQuerySchema = z.object({ q: z.string().trim().max(100).optional() });

/** POST /api/admin/users/:id/memberships. */
export const AddMembershipBodySchema = z.object({ organisationId: z.uuid(), role: AdminRoleSchema }).meta({ id: 'AddMembershipBody' });
export type AddMembershipBody = z.infer<typeof AddMembershipBodySchema>;

/** PATCH /api/admin/users/:id/status. */
export const UserStatusBodySchema = z.object({ status: z.enum(['active', 'disabled']) }).meta({ id: 'UserStatusBody' });
export type UserStatusBody = z.infer<typeof UserStatusBodySchema>;

export const AdminOkSchema = z.object({ ok: z.literal(true) });
