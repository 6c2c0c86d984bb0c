// Password reset by email link. The request always answers the same, whether
// or not the account exists.
import { z } from 'zod';

/** POST /api/auth/password-reset/request -> OkSchema, always. */
export const PasswordResetRequestBodySchema = z.object({ email: z.string().trim().min(3).max(254) });
/**
 * POST /api/auth/password-reset/complete -> OkSchema. Signs out every session
 * of the account; the person then signs in with the new password AND the
 * second factor (a reset never removes it).
 */
export const PasswordResetCompleteBodySchema = z.object({
  token: z.string().min(20).max(200),
  password: z.string().min(1).max(1000),
});
