// Step-up re-authentication ("confirm your password"). Someone at an unlocked,
// signed-in computer must not be able to take over the account's second factor:
// changing it on an account that already has one needs the password confirmed
// in THIS session within the last few minutes. `reauthenticate` records that
// proof on the session row; `assertRecentlyReauthenticated` is the one check
// every sensitive operation goes through (via enrolmentUser in enrolment.ts).
// Wrong passwords count toward the account lockout exactly like at sign-in.
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { SessionRecord } from './session-plugin.ts';
import { verifyPassword } from './passwords.ts';
import { assertNotLocked, lockedError, NO_FAILURES, recordFailure } from './lockout.ts';
import { timingDummyHash } from './sign-in.ts';
import { REAUTHENTICATION_MAX_AGE_MINUTES, type Reauthentication } from '../../../contracts/auth/reauthentication.ts';

export const REAUTHENTICATION_MAX_AGE_MS = REAUTHENTICATION_MAX_AGE_MINUTES * 60_000;

const wrongPassword = () => new AppError('invalid_credentials', 'This password is not correct.');

/** POST /api/auth/reauthenticate: the password of the session's own account, in an active session. */
export async function reauthenticate(ctx: Ctx, input: { session: SessionRecord; password: string }): Promise<Reauthentication> {
  const { session } = input;
  // A pending session has just typed the password; it confirms its second factor instead.
  if (!session.secondFactorVerified) throw new AppError('second_factor_required', 'Confirm your second factor to continue.');
  const user = await ctx.db.selectFrom('users').select(['id', 'kind', 'password_hash', 'locked_until']).where('id', '=', session.userId).executeTakeFirstOrThrow();
  if (user.kind !== 'clinician') throw new AppError('forbidden', 'Only clinician accounts confirm a password.');
  const now = ctx.clock.now();
  // Same work whether or not the account has a password, then the lock (as at sign-in).
  const ok = await verifyPassword(user.password_hash ?? (await timingDummyHash()), input.password);
  assertNotLocked(user, now);
  if (!ok || !user.password_hash) {
    const until = await recordFailure(ctx, user.id, user.password_hash ? 'reauthentication_password' : 'reauthentication_no_password');
    if (until) throw lockedError(until, now);
    throw wrongPassword();
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('sessions').set({ reauthenticated_at: now }).where('id', '=', session.id).execute();
    // Both factors of this session are now proven: the failure count starts again.
    await trx.updateTable('users').set(NO_FAILURES).where('id', '=', user.id).execute();
    await recordAudit(trx, ctx, { action: 'auth.reauthenticated', resourceType: 'session', resourceId: session.id, actorUserId: user.id, details: { method: 'password' } });
  });
  return { reauthenticatedAt: now.toISOString(), validUntil: new Date(now.getTime() + REAUTHENTICATION_MAX_AGE_MS).toISOString() };
}

/** 403 `reauthentication_required` unless this session confirmed the password in the last few minutes. */
export async function assertRecentlyReauthenticated(ctx: Pick<Ctx, 'db' | 'clock'>, session: SessionRecord): Promise<void> {
  const row = await ctx.db.selectFrom('sessions').select('reauthenticated_at').where('id', '=', session.id).executeTakeFirst();
  const at = row?.reauthenticated_at?.getTime();
  const now = ctx.clock.now().getTime();
  if (at !== undefined && at <= now && now - at <= REAUTHENTICATION_MAX_AGE_MS) return;
  throw new AppError('reauthentication_required', `Confirm your password to change how you sign in (it counts for ${REAUTHENTICATION_MAX_AGE_MINUTES} minutes).`, {
    extra: { maxAgeSeconds: REAUTHENTICATION_MAX_AGE_MS / 1000 },
  });
}
