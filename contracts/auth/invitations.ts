// Invitations: a coordinator invites a clinician into an organisation of the
// network with a role; the invitee sets a password and enrols a second factor.
import { z } from 'zod';
import { CountrySchema, LocaleSchema } from './rules.ts';
import { MembershipRoleSchema } from './session.ts';

/** POST /api/admin/invitations (coordinator). */
export const CreateInvitationBodySchema = z.object({
  email: z.email().max(254),
  organisationId: z.uuid(),
  role: MembershipRoleSchema,
  locale: LocaleSchema.default('fr'),
});
/** `pending`: the link works; `expired`: past its expiry, not accepted (resend it, or revoke it). */
export const InvitationStatusSchema = z.enum(['pending', 'expired']);
export type InvitationStatus = z.infer<typeof InvitationStatusSchema>;
export const InvitationSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  role: MembershipRoleSchema,
  invitedBy: z.object({ id: z.uuid(), displayName: z.string() }),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  status: InvitationStatusSchema,
});
export type Invitation = z.infer<typeof InvitationSchema>;
/**
 * GET /api/admin/invitations: the open invitations of the coordinator's network (not accepted,
 * not revoked), newest first: pending ones, and those expired in the last
 * EXPIRED_INVITATIONS_LISTED_DAYS days (so that they can be sent again).
 */
export const InvitationListSchema = z.object({ invitations: z.array(InvitationSchema) });
export const EXPIRED_INVITATIONS_LISTED_DAYS = 30;

/** POST /api/admin/invitations/:id/revoke and /resend (coordinator): no body. */
export const InvitationIdParamsSchema = z.object({ id: z.uuid() });
export const InvitationActionBodySchema = z.object({}).optional();
/**
 * POST /api/admin/invitations/:id/revoke -> the link stops working at once (it answers like an
 * unknown link). 404 outside the coordinator's network; 409 `conflict` with `extra.invitation`
 * 'accepted' or 'revoked' when there is nothing left to revoke.
 */
export const RevokedInvitationSchema = z.object({ id: z.uuid(), revokedAt: z.iso.datetime() });
export type RevokedInvitation = z.infer<typeof RevokedInvitationSchema>;
/**
 * POST /api/admin/invitations/:id/resend -> the invitation (InvitationSchema) with a fresh link
 * and expiry, emailed again; the earlier link stops working. Same 404/409 as revoke.
 */
export const ResentInvitationSchema = InvitationSchema;
/** `extra.invitation` of the 409 answered by revoke and resend. */
export const InvitationClosedSchema = z.enum(['accepted', 'revoked']);

/** POST /api/auth/invitations/preview {token}: what the invitee is joining. */
export const InvitationTokenBodySchema = z.object({ token: z.string().min(20).max(200) });
export const InvitationPreviewSchema = z.object({
  email: z.string(),
  organisationName: z.string(),
  role: MembershipRoleSchema,
  country: CountrySchema,
  expiresAt: z.iso.datetime(),
  /** True when the email already has an account: accept then asks only for its current password. */
  existingAccount: z.boolean(),
});

/**
 * POST /api/auth/invitations/accept -> SessionInfo with secondFactorPending
 * true for a new account (enrol next). For an existing account, `password` is
 * its current password and the other fields are ignored; the new membership is
 * added and the usual second factor follows.
 */
export const AcceptInvitationBodySchema = z.object({
  token: z.string().min(20).max(200),
  password: z.string().min(1).max(1000),
  displayName: z.string().trim().min(2).max(120).optional(),
  /** RPPS (FR, 11 digits) or GMC (GB, 7 digits) by the network's country; required for requester/dermatologist. */
  professionalId: z.string().trim().max(20).optional(),
  locale: LocaleSchema.optional(),
});
