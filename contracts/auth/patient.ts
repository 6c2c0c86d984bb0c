// Patient sign-in without a password: a single-use link (15 minutes) sent by
// email, and a 6-digit code in the same email for when the link opens on
// another device. The answer never says whether the address is known.
import { z } from 'zod';
import { LocaleSchema, SixDigitCodeSchema } from './rules.ts';

/** POST /api/auth/patient/request. Always 200 with a requestId (real or decoy). */
export const PatientLinkRequestBodySchema = z.object({
  email: z.string().trim().min(3).max(254),
  locale: LocaleSchema.optional(),
});
export const PatientLinkRequestResponseSchema = z.object({
  /** Pass it back with the code typed from the email. */
  requestId: z.uuid(),
  expiresAt: z.iso.datetime(),
});
/** POST /api/auth/patient/link: the token from the link's #token= fragment. 200 = SessionInfo. */
export const PatientLinkBodySchema = z.object({ token: z.string().min(20).max(200) });
/** POST /api/auth/patient/code: limited attempts (then `code_attempts_exceeded`). 200 = SessionInfo. */
export const PatientCodeBodySchema = z.object({ requestId: z.uuid(), code: SixDigitCodeSchema });
