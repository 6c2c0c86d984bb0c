// Password reset by email link (60 minutes, single use). The request answers
// the same for any address; only a clinician account gets an email. Completing
// it signs out every session; the second factor stays required.
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { queueMail } from '../mail/mail-queue.ts';
import { passwordResetMail } from '../mail/templates.ts';
import { hashPassword } from './passwords.ts';
import { assertStrongPassword } from './password-policy.ts';
import { hashToken, linkWithToken, newToken } from './email-tokens.ts';
import { normaliseEmail } from './auth-ctx.ts';
import { NO_FAILURES } from './lockout.ts';
import { AUTH_LINK_PAGES, PASSWORD_RESET_TTL_MINUTES } from '../../../contracts/auth/rules.ts';

export async function requestPasswordReset(ctx: Ctx, input: { email: string; origin: string }): Promise<void> {
  const email = normaliseEmail(input.email);
  const now = ctx.clock.now();
  const token = newToken();
  const tokenHash = hashToken(token);
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'locale', 'status'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .where('kind', '=', 'clinician')
    .executeTakeFirst();
  if (!user || user.status === 'disabled') {
    await recordAudit(ctx.db, ctx, { action: 'auth.password_reset_requested', resourceType: 'user', outcome: 'failure', details: { reason: 'unknown_account' } });
    return;
  }
  await ctx.db.transaction().execute(async (trx) => {
    // One live reset link per account.
    await trx.updateTable('login_tokens').set({ used_at: now }).where('user_id', '=', user.id).where('purpose', '=', 'password_reset').where('used_at', 'is', null).execute();
    const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MINUTES * 60_000);
    await trx.insertInto('login_tokens').values({ purpose: 'password_reset', user_id: user.id, email, token_hash: tokenHash, expires_at: expiresAt }).execute();
    await recordAudit(trx, ctx, { action: 'auth.password_reset_requested', resourceType: 'user', resourceId: user.id, actorUserId: user.id });
    await queueMail(trx, ctx, 'password_reset', passwordResetMail(email, user.locale, { link: linkWithToken(input.origin, AUTH_LINK_PAGES.passwordReset, token), minutes: PASSWORD_RESET_TTL_MINUTES }), {
      linkExpiresAt: expiresAt,
    });
  });
}

export async function completePasswordReset(ctx: Ctx, input: { token: string; password: string }): Promise<void> {
  const now = ctx.clock.now();
  const row = await ctx.db
    .selectFrom('login_tokens')
    .select(['id', 'user_id', 'email', 'expires_at', 'used_at'])
    .where('token_hash', '=', hashToken(input.token))
    .where('purpose', '=', 'password_reset')
    .executeTakeFirst();
  if (!row || !row.user_id) throw new AppError('link_expired', 'This link is not valid or has expired. Ask for a new one.');
  if (row.used_at) throw new AppError('link_used', 'This link has already been used. Ask for a new one.');
  if (row.expires_at <= now) throw new AppError('link_expired', 'This link has expired. Ask for a new one.');
  assertStrongPassword(input.password, row.email);
  const passwordHash = await hashPassword(input.password);
  const userId = row.user_id;
  await ctx.db.transaction().execute(async (trx) => {
    const claimed = await trx.updateTable('login_tokens').set({ used_at: now }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) throw new AppError('link_used', 'This link has already been used. Ask for a new one.');
    await trx.updateTable('users').set({ password_hash: passwordHash, ...NO_FAILURES, updated_at: now }).where('id', '=', userId).execute();
    const revoked = await trx.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
    await recordAudit(trx, ctx, { action: 'auth.password_reset', resourceType: 'user', resourceId: userId, actorUserId: userId, details: { sessionsRevoked: Number(revoked.numUpdatedRows) } });
  });
}
