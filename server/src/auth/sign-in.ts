// Clinician sign-in, step one: email + password. Success opens a session that
// waits for the second factor (nothing else works with it). The answer and
// the work done (one argon2 verification) are the same for an unknown email.
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { assertNotLocked, assertUnknownEmailNotLocked, lockedError, recordFailure, unknownEmailFailure } from './lockout.ts';
import { createSession, defaultMembership, sessionInfo, type NewSession } from './sessions.ts';
import { remainingRecoveryCodes } from './recovery-codes.ts';
import { normaliseEmail } from './auth-ctx.ts';
import type { PasswordSignInResponse } from '../../../contracts/auth/sign-in.ts';

let dummyHash: Promise<string> | null = null;
/** A hash to verify against when there is no account, so timing stays alike. */
export const timingDummyHash = () => (dummyHash ??= hashPassword('dermlink-timing-dummy-password'));

const invalid = () => new AppError('invalid_credentials', 'The email or password is not correct.');

export async function passwordSignIn(
  ctx: Ctx,
  input: { email: string; password: string; currentSessionId: string | null },
): Promise<{ session: NewSession; response: PasswordSignInResponse }> {
  const email = normaliseEmail(input.email);
  const now = ctx.clock.now();
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'password_hash', 'status', 'locked_until', 'kind'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .where('kind', '=', 'clinician')
    .executeTakeFirst();

  if (!user || !user.password_hash || user.status === 'disabled') {
    assertUnknownEmailNotLocked(email, now);
    await verifyPassword(await timingDummyHash(), input.password);
    if (user) {
      const until = await recordFailure(ctx, user.id, user.status === 'disabled' ? 'disabled' : 'no_password');
      if (until) throw lockedError(until, now);
    } else {
      await recordAudit(ctx.db, ctx, { action: 'auth.sign_in_failed', resourceType: 'user', outcome: 'failure', details: { reason: 'unknown_account' } });
      const until = unknownEmailFailure(email, now);
      if (until) throw lockedError(until, now);
    }
    throw invalid();
  }

  const ok = await verifyPassword(user.password_hash, input.password);
  assertNotLocked(user, now);
  if (!ok) {
    const until = await recordFailure(ctx, user.id, 'password');
    if (until) throw lockedError(until, now);
    throw invalid();
  }

  const membershipId = await defaultMembership(ctx.db, user.id);
  const session = await createSession(ctx, { userId: user.id, membershipId, secondFactorVerified: false, replaces: input.currentSessionId });
  const info = await sessionInfo(ctx.db, session.id);
  const recovery = await remainingRecoveryCodes(ctx.db, user.id);
  await recordAudit(ctx.db, ctx, { action: 'auth.password_verified', resourceType: 'session', resourceId: session.id, actorUserId: user.id });
  const hasFactor = info.hasTotp || info.passkeyCount > 0;
  return {
    session,
    response: {
      next: hasFactor ? 'second_factor' : 'enrol_second_factor',
      methods: { totp: info.hasTotp, passkey: info.passkeyCount > 0, recoveryCode: hasFactor && recovery > 0 },
      session: info,
    },
  };
}
