// The signed-in person (GET /api/auth/session) and their sessions.
import { z } from 'zod';
import { LocaleSchema } from './rules.ts';

export const RoleSchema = z.enum(['requester', 'dermatologist', 'coordinator', 'pharmacist', 'patient']);
export type Role = z.infer<typeof RoleSchema>;
export const MembershipRoleSchema = z.enum(['requester', 'dermatologist', 'coordinator', 'pharmacist']);
export type MembershipRole = z.infer<typeof MembershipRoleSchema>;

export const MembershipSchema = z.object({
  id: z.uuid(),
  role: RoleSchema,
  organisationId: z.uuid(),
  organisationName: z.string(),
});

/**
 * GET /api/auth/session. 401 (`unauthenticated` / `session_expired`) when there
 * is no usable session. A clinician whose second factor is still due gets 200
 * with `secondFactorPending: true`: the web app then shows the second-factor
 * step (or enrolment when `hasTotp` is false and `passkeyCount` is 0) and
 * nothing else; every other /api route answers 401 `second_factor_required`.
 */
export const SessionInfoSchema = z
  .object({
    user: z.object({ id: z.uuid(), displayName: z.string(), email: z.string(), locale: LocaleSchema }),
    role: RoleSchema,
    organisation: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    memberships: z.array(MembershipSchema),
    csrfToken: z.string(),
    idleExpiresAt: z.iso.datetime(),
    absoluteExpiresAt: z.iso.datetime(),
    secondFactorPending: z.boolean(),
    /** Patients have neither; clinicians need at least one. */
    hasTotp: z.boolean(),
    passkeyCount: z.number().int(),
    recoveryCodesRemaining: z.number().int(),
  })
  .meta({ id: 'SessionInfo' });
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const KeepAliveResponseSchema = z.object({ idleExpiresAt: z.iso.datetime(), absoluteExpiresAt: z.iso.datetime() });

export const ActiveSessionSchema = z.object({
  id: z.uuid(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  current: z.boolean(),
});
export const ActiveSessionListSchema = z.object({ sessions: z.array(ActiveSessionSchema) });
export type ActiveSession = z.infer<typeof ActiveSessionSchema>;

export const SessionIdParamsSchema = z.object({ id: z.uuid() });

/** POST /api/auth/session/switch: pick the active membership (organisation + role). */
export const SwitchMembershipBodySchema = z.object({ membershipId: z.uuid() });

export const OkSchema = z.object({ ok: z.literal(true) });
