// Second-factor enrolment and management. Allowed in a pending session (that
// is how a new or invited clinician gets in) and in an active one (change).
import { z } from 'zod';
import { SixDigitCodeSchema } from './rules.ts';
import { SessionInfoSchema } from './session.ts';
import { WebAuthnJsonSchema } from './sign-in.ts';

/** POST /api/auth/enrolment/totp: a new secret, not active until verified. */
export const TotpEnrolmentStartSchema = z.object({
  otpauthUri: z.string(),
  /** data:image/png;base64,... to show as <img>. */
  qrCodeDataUrl: z.string(),
  /** Base32 secret for typing into an app by hand. */
  secret: z.string(),
});
/** POST /api/auth/enrolment/totp/verify: activates it (replaces any previous TOTP). */
export const TotpEnrolmentVerifyBodySchema = z.object({ code: SixDigitCodeSchema });
/** Recovery codes are shown ONCE (stored hashed). A pending session becomes active. */
export const EnrolmentCompleteSchema = z.object({
  recoveryCodes: z.array(z.string()),
  session: SessionInfoSchema,
});
/** POST /api/auth/enrolment/recovery-codes (active session): new set, old ones void. */
export const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });

export const PasskeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
/** POST /api/auth/enrolment/passkey/options */
export const PasskeyRegistrationOptionsSchema = z.object({ challengeId: z.uuid(), options: WebAuthnJsonSchema });
/** POST /api/auth/enrolment/passkey/verify. recoveryCodes only when it is the first factor enrolled. */
export const PasskeyRegistrationBodySchema = z.object({
  challengeId: z.uuid(),
  response: WebAuthnJsonSchema,
  name: z.string().trim().min(1).max(60).optional(),
});
export const PasskeyRegistrationResultSchema = z.object({
  passkey: PasskeySchema,
  recoveryCodes: z.array(z.string()).nullable(),
  session: SessionInfoSchema,
});

/** GET /api/auth/passkeys; DELETE /api/auth/passkeys/:id (refused if it is the last factor). */
export const PasskeyListSchema = z.object({ passkeys: z.array(PasskeySchema) });
export const PasskeyIdParamsSchema = z.object({ id: z.uuid() });
