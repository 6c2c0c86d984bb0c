// Step-up re-authentication ("confirm your password"). Changing a second factor
// on an account that already has one (a new authenticator app, new recovery
// codes, a new passkey) needs the password confirmed in this session within
// the last REAUTHENTICATION_MAX_AGE_MINUTES; otherwise the change answers 403
// `reauthentication_required`. The first enrolment of a new clinician (pending
// session, no factor yet) does not ask: the password was just typed.
import { z } from 'zod';

export const REAUTHENTICATION_MAX_AGE_MINUTES = 5;

/** POST /api/auth/reauthenticate (active session). Wrong passwords count toward the lockout. */
export const ReauthenticateBodySchema = z.object({ password: z.string().min(1).max(1000) });
export const ReauthenticationSchema = z.object({
  reauthenticatedAt: z.iso.datetime(),
  /** Second-factor changes are allowed until then without asking again. */
  validUntil: z.iso.datetime(),
});
export type Reauthentication = z.infer<typeof ReauthenticationSchema>;
