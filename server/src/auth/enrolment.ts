// Second-factor enrolment. In a pending session it is allowed ONLY while the
// account has no second factor at all (a new or invited clinician): otherwise
// knowing the password would be enough to add one's own authenticator. In an
// active session, changing the factors of an account that has one (a new
// authenticator, new recovery codes, a new passkey) needs the password
// confirmed within the last minutes (reauthentication.ts): enrolmentUser is the
// one gate every such operation passes.
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { SessionRecord } from './session-plugin.ts';
import { checkTotp, newTotpSecret, openSecret, sealSecret, totpQrDataUrl, totpUri } from './totp.ts';
import { replaceRecoveryCodes } from './recovery-codes.ts';
import { completeSignIn } from './second-factor.ts';
import type { NewSession } from './sessions.ts';
import { masterKeyOf, masterKeyringOf } from './auth-ctx.ts';
import { assertRecentlyReauthenticated } from './reauthentication.ts';

export async function enrolmentUser(ctx: Ctx, session: SessionRecord) {
  const user = await ctx.db.selectFrom('users').select(['id', 'email', 'kind']).where('id', '=', session.userId).executeTakeFirstOrThrow();
  if (user.kind !== 'clinician') throw new AppError('forbidden', 'Only clinician accounts use a second factor.');
  const hasFactor = await userHasSecondFactor(ctx, user.id);
  if (!session.secondFactorVerified && hasFactor) {
    throw new AppError('second_factor_required', 'Confirm your existing second factor before changing it.');
  }
  // Step-up: a signed-in (maybe unattended) session alone may not replace or add a factor.
  if (session.secondFactorVerified && hasFactor) await assertRecentlyReauthenticated(ctx, session);
  return { ...user, hasFactor };
}

export async function userHasSecondFactor(ctx: Pick<Ctx, 'db'>, userId: string): Promise<boolean> {
  const totp = await ctx.db.selectFrom('user_totp').select('id').where('user_id', '=', userId).where('verified_at', 'is not', null).executeTakeFirst();
  if (totp) return true;
  const passkey = await ctx.db.selectFrom('passkeys').select('id').where('user_id', '=', userId).limit(1).executeTakeFirst();
  return Boolean(passkey);
}

export async function startTotpEnrolment(ctx: Ctx, input: { session: SessionRecord }) {
  const user = await enrolmentUser(ctx, input.session);
  const secret = newTotpSecret();
  await ctx.db.deleteFrom('user_totp').where('user_id', '=', user.id).where('verified_at', 'is', null).execute();
  await ctx.db.insertInto('user_totp').values({ user_id: user.id, ...sealSecret(masterKeyOf(ctx), secret), verified_at: null, last_used_step: null }).execute();
  const otpauthUri = totpUri(secret, user.email);
  return { otpauthUri, qrCodeDataUrl: await totpQrDataUrl(otpauthUri), secret };
}

export async function verifyTotpEnrolment(
  ctx: Ctx,
  input: { session: SessionRecord; code: string },
): Promise<{ recoveryCodes: string[]; newSession: NewSession | null }> {
  const user = await enrolmentUser(ctx, input.session);
  const pending = await ctx.db.selectFrom('user_totp').selectAll().where('user_id', '=', user.id).where('verified_at', 'is', null).orderBy('created_at', 'desc').executeTakeFirst();
  if (!pending) throw new AppError('bad_request', 'Start the authenticator set-up first.');
  const now = ctx.clock.now();
  const step = await checkTotp(openSecret(masterKeyringOf(ctx), pending), input.code, now, null);
  if (step === null) throw new AppError('invalid_code', 'This code is not correct. Check the time on your phone and try again.');
  const recoveryCodes = await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('user_totp').where('user_id', '=', user.id).where('id', '!=', pending.id).execute();
    await trx.updateTable('user_totp').set({ verified_at: now, last_used_step: step }).where('id', '=', pending.id).execute();
    const codes = await replaceRecoveryCodes(trx, user.id);
    await recordAudit(trx, ctx, {
      action: user.hasFactor ? 'auth.second_factor_changed' : 'auth.second_factor_enrolled',
      resourceType: 'user', resourceId: user.id, actorUserId: user.id, details: { method: 'totp' },
    });
    return codes;
  });
  const newSession = input.session.secondFactorVerified ? null : await completeSignIn(ctx, { userId: user.id, replaces: input.session.id, method: 'totp_enrolment' });
  return { recoveryCodes, newSession };
}

export async function regenerateRecoveryCodes(ctx: Ctx, input: { session: SessionRecord }): Promise<string[]> {
  if (!input.session.secondFactorVerified) throw new AppError('second_factor_required', 'Confirm your second factor first.');
  const user = await enrolmentUser(ctx, input.session);
  if (!user.hasFactor) throw new AppError('second_factor_not_enrolled', 'Set up a second factor first.');
  return ctx.db.transaction().execute(async (trx) => {
    const codes = await replaceRecoveryCodes(trx, user.id);
    await recordAudit(trx, ctx, { action: 'auth.recovery_codes_regenerated', resourceType: 'user', resourceId: user.id, actorUserId: user.id });
    return codes;
  });
}
