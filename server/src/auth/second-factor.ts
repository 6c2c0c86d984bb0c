// Clinician sign-in, step two: a TOTP code or a single-use recovery code
// turns the pending session into a full one (a NEW session row and token).
// Wrong codes count toward the account lockout like wrong passwords.
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { SessionRecord } from './session-plugin.ts';
import { assertNotLocked, lockedError, NO_FAILURES, recordFailure } from './lockout.ts';
import { createSession, defaultMembership, type NewSession } from './sessions.ts';
import { checkTotp, openSecret } from './totp.ts';
import { hashRecoveryCode, remainingRecoveryCodes } from './recovery-codes.ts';
import { masterKeyringOf } from './auth-ctx.ts';

async function pendingUser(ctx: Ctx, session: SessionRecord) {
  if (session.secondFactorVerified) throw new AppError('bad_request', 'This session has already passed its second factor.');
  const user = await ctx.db.selectFrom('users').select(['id', 'locked_until']).where('id', '=', session.userId).executeTakeFirstOrThrow();
  assertNotLocked(user, ctx.clock.now());
  return user;
}

/** Full session after a verified second factor (or a passkey alone). */
export async function completeSignIn(ctx: Ctx, input: { userId: string; replaces: string | null; method: string }): Promise<NewSession> {
  const previous = input.replaces
    ? await ctx.db.selectFrom('sessions').select('active_membership_id').where('id', '=', input.replaces).executeTakeFirst()
    : undefined;
  const membershipId = previous?.active_membership_id ?? (await defaultMembership(ctx.db, input.userId));
  return ctx.db.transaction().execute(async (trx) => {
    const session = await createSession(ctx, { userId: input.userId, membershipId, secondFactorVerified: true, replaces: input.replaces }, trx);
    await trx.updateTable('users').set(NO_FAILURES).where('id', '=', input.userId).execute();
    await recordAudit(trx, ctx, { action: 'auth.sign_in', resourceType: 'session', resourceId: session.id, actorUserId: input.userId, details: { method: input.method } });
    return session;
  });
}

const wrongCode = () => new AppError('invalid_code', 'This code is not correct.');

export async function verifyTotpSignIn(ctx: Ctx, input: { session: SessionRecord; code: string }): Promise<NewSession> {
  const user = await pendingUser(ctx, input.session);
  const totp = await ctx.db.selectFrom('user_totp').selectAll().where('user_id', '=', user.id).where('verified_at', 'is not', null).executeTakeFirst();
  if (!totp) throw new AppError('second_factor_not_enrolled', 'No authenticator app is set up for this account.');
  const now = ctx.clock.now();
  const step = await checkTotp(openSecret(masterKeyringOf(ctx), totp), input.code, now, totp.last_used_step === null ? null : Number(totp.last_used_step));
  if (step === null) {
    const until = await recordFailure(ctx, user.id, 'totp');
    if (until) throw lockedError(until, now);
    throw wrongCode();
  }
  // Conditional update: two requests racing with the same code cannot both pass.
  const claimed = await ctx.db
    .updateTable('user_totp')
    .set({ last_used_step: step })
    .where('id', '=', totp.id)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) throw wrongCode();
  return completeSignIn(ctx, { userId: user.id, replaces: input.session.id, method: 'totp' });
}

export async function verifyRecoverySignIn(ctx: Ctx, input: { session: SessionRecord; code: string }): Promise<{ session: NewSession; remaining: number }> {
  const user = await pendingUser(ctx, input.session);
  const now = ctx.clock.now();
  const used = await ctx.db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', user.id)
    .where('code_hash', '=', hashRecoveryCode(input.code))
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!used) {
    const until = await recordFailure(ctx, user.id, 'recovery_code');
    if (until) throw lockedError(until, now);
    throw wrongCode();
  }
  const remaining = await remainingRecoveryCodes(ctx.db, user.id);
  await recordAudit(ctx.db, ctx, { action: 'auth.recovery_code_used', resourceType: 'user', resourceId: user.id, actorUserId: user.id, details: { remaining } });
  const session = await completeSignIn(ctx, { userId: user.id, replaces: input.session.id, method: 'recovery_code' });
  return { session, remaining };
}
