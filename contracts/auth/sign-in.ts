// Clinician sign-in: password then second factor (TOTP, recovery code or
// passkey), or a passkey alone (passwordless, discoverable credential).
import { z } from 'zod';
import { RecoveryCodeSchema, SixDigitCodeSchema } from './rules.ts';
import { SessionInfoSchema } from './session.ts';

/** POST /api/auth/sign-in. Sets the `dl_session` cookie (second factor pending). */
export const PasswordSignInBodySchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1000),
});

/**
 * What to do next. `second_factor`: ask for a TOTP code / recovery code / passkey
 * (`methods` says which exist). `enrol_second_factor`: the account has none yet
 * (invited user who did not finish): go to enrolment. The session is pending in
 * both cases; `session` is the pending SessionInfo (csrfToken included).
 */
export const PasswordSignInResponseSchema = z.object({
  next: z.enum(['second_factor', 'enrol_second_factor']),
  methods: z.object({ totp: z.boolean(), passkey: z.boolean(), recoveryCode: z.boolean() }),
  session: SessionInfoSchema,
});
export type PasswordSignInResponse = z.infer<typeof PasswordSignInResponseSchema>;

/** POST /api/auth/second-factor/totp (pending session). 200 = full SessionInfo (token rotated). */
export const TotpCodeBodySchema = z.object({ code: SixDigitCodeSchema });
/** POST /api/auth/second-factor/recovery (pending session). Each code works once. */
export const RecoveryCodeBodySchema = z.object({ code: RecoveryCodeSchema });
export const RecoverySignInResponseSchema = z.object({ session: SessionInfoSchema, recoveryCodesRemaining: z.number().int() });

/**
 * WebAuthn JSON objects (PublicKeyCredentialCreationOptionsJSON,
 * PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON,
 * AuthenticationResponseJSON) pass through as-is: feed them to
 * @simplewebauthn/browser startRegistration/startAuthentication.
 */
export const WebAuthnJsonSchema = z.record(z.string(), z.unknown());

/**
 * POST /api/auth/passkey/options (no session, or a pending one).
 * With a pending session the options list that user's credentials; without,
 * they are empty (discoverable credential picks the account).
 */
export const PasskeyOptionsResponseSchema = z.object({ challengeId: z.uuid(), options: WebAuthnJsonSchema });
/** POST /api/auth/passkey/verify: the passkey counts as both factors. 200 = SessionInfo. */
export const PasskeyVerifyBodySchema = z.object({ challengeId: z.uuid(), response: WebAuthnJsonSchema });
