// Patient sign-in without a password: an email with a single-use link (15 min)
// and a 6-digit code for another device (bound to the request, 5 attempts).
// Unknown addresses get the same answer and no email. A patient user is
// created on first sign-in when a patients row carries the address.
import { randomUUID } from 'node:crypto';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { queueMail } from '../mail/mail-queue.ts';
import { patientSignInMail } from '../mail/templates.ts';
import { createSession, type NewSession } from './sessions.ts';
import { hashCode, hashToken, linkWithToken, newSixDigitCode, newToken, sameHash } from './email-tokens.ts';
import { normaliseEmail } from './auth-ctx.ts';
import { AUTH_LINK_PAGES, PATIENT_CODE_MAX_ATTEMPTS, PATIENT_LINK_TTL_MINUTES } from '../../../contracts/auth/rules.ts';

export async function requestPatientLink(ctx: Ctx, input: { email: string; locale?: 'fr' | 'en'; origin: string }) {
  const email = normaliseEmail(input.email);
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + PATIENT_LINK_TTL_MINUTES * 60_000);
  const token = newToken();
  const code = newSixDigitCode();
  const requestId = randomUUID();

  const user = await ctx.db.selectFrom('users').select(['id', 'kind', 'locale', 'status']).where((eb) => eb(eb.fn('lower', ['email']), '=', email)).executeTakeFirst();
  const known = user
    ? user.kind === 'patient' && user.status === 'active'
    : Boolean(await ctx.db.selectFrom('patients').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', email)).where('user_id', 'is', null).limit(1).executeTakeFirst());
  if (known) {
    const locale = user?.locale ?? input.locale ?? 'fr';
    // The token and its email commit together (the email is a mail job: retried if SMTP fails).
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('login_tokens')
        .values({ id: requestId, purpose: 'patient_sign_in', user_id: user?.id ?? null, email, token_hash: hashToken(token), code_hash: hashCode(requestId, code), expires_at: expiresAt })
        .execute();
      await queueMail(trx, ctx, 'patient_sign_in', patientSignInMail(email, locale, { link: linkWithToken(input.origin, AUTH_LINK_PAGES.patientLink, token), code, minutes: PATIENT_LINK_TTL_MINUTES }), { linkExpiresAt: expiresAt });
    });
  }
  await recordAudit(ctx.db, ctx, { action: 'auth.patient_link_requested', resourceType: 'login_token', resourceId: known ? requestId : null, actorUserId: user?.kind === 'patient' ? user.id : null, details: { sent: known } });
  return { requestId, expiresAt: expiresAt.toISOString() };
}

type TokenRow = { id: string; user_id: string | null; email: string; expires_at: Date; used_at: Date | null; attempts: number; code_hash: string | null };

function assertUsable(row: TokenRow, now: Date) {
  if (row.used_at) throw new AppError('link_used', 'This link or code has already been used. Ask for a new one.');
  if (row.expires_at <= now) throw new AppError('link_expired', 'This link or code has expired. Ask for a new one.');
}

/** Finds or creates the patient user, links every patients row with the address. */
async function patientUserFor(ctx: Ctx, row: TokenRow, locale: 'fr' | 'en'): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    let userId = row.user_id;
    if (!userId) {
      const existing = await trx.selectFrom('users').select(['id', 'kind']).where((eb) => eb(eb.fn('lower', ['email']), '=', row.email)).executeTakeFirst();
      if (existing && existing.kind !== 'patient') throw new AppError('link_expired', 'This link can no longer be used. Ask for a new one.');
      if (existing) userId = existing.id;
      else {
        const patient = await trx.selectFrom('patients').select(['given_name', 'family_name']).where((eb) => eb(eb.fn('lower', ['email']), '=', row.email)).orderBy('created_at').executeTakeFirstOrThrow();
        const created = await trx
          .insertInto('users')
          .values({ email: row.email, display_name: `${patient.given_name} ${patient.family_name}`, kind: 'patient', locale })
          .returning('id')
          .executeTakeFirstOrThrow();
        userId = created.id;
        await recordAudit(trx, ctx, { action: 'auth.patient_account_created', resourceType: 'user', resourceId: userId, actorUserId: userId });
      }
    }
    await trx.updateTable('patients').set({ user_id: userId }).where((eb) => eb(eb.fn('lower', ['email']), '=', row.email)).where('user_id', 'is', null).execute();
    return userId;
  });
}

async function signInPatient(ctx: Ctx, row: TokenRow, method: string, replaces: string | null, locale: 'fr' | 'en'): Promise<NewSession> {
  const now = ctx.clock.now();
  const claimed = await ctx.db.updateTable('login_tokens').set({ used_at: now }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) throw new AppError('link_used', 'This link or code has already been used. Ask for a new one.');
  const userId = await patientUserFor(ctx, row, locale);
  const session = await createSession(ctx, { userId, membershipId: null, secondFactorVerified: true, replaces });
  await recordAudit(ctx.db, ctx, { action: 'auth.sign_in', resourceType: 'session', resourceId: session.id, actorUserId: userId, details: { method } });
  return session;
}

export async function consumePatientLink(ctx: Ctx, input: { token: string; currentSessionId: string | null; locale?: 'fr' | 'en' }): Promise<NewSession> {
  const row = await ctx.db
    .selectFrom('login_tokens')
    .select(['id', 'user_id', 'email', 'expires_at', 'used_at', 'attempts', 'code_hash'])
    .where('token_hash', '=', hashToken(input.token))
    .where('purpose', '=', 'patient_sign_in')
    .executeTakeFirst();
  if (!row) throw new AppError('link_expired', 'This link is not valid or has expired. Ask for a new one.');
  assertUsable(row, ctx.clock.now());
  return signInPatient(ctx, row, 'patient_link', input.currentSessionId, input.locale ?? 'fr');
}

export async function consumePatientCode(ctx: Ctx, input: { requestId: string; code: string; currentSessionId: string | null; locale?: 'fr' | 'en' }): Promise<NewSession> {
  const row = await ctx.db
    .selectFrom('login_tokens')
    .select(['id', 'user_id', 'email', 'expires_at', 'used_at', 'attempts', 'code_hash'])
    .where('id', '=', input.requestId)
    .where('purpose', '=', 'patient_sign_in')
    .executeTakeFirst();
  // A decoy request (unknown address) has no row: the code is simply wrong.
  if (!row || !row.code_hash) throw new AppError('invalid_code', 'This code is not correct.');
  assertUsable(row, ctx.clock.now());
  if (row.attempts >= PATIENT_CODE_MAX_ATTEMPTS) throw new AppError('code_attempts_exceeded', 'Too many wrong codes. Ask for a new email.');
  if (!sameHash(row.code_hash, hashCode(row.id, input.code))) {
    const updated = await ctx.db.updateTable('login_tokens').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', row.id).returning('attempts').executeTakeFirstOrThrow();
    await recordAudit(ctx.db, ctx, { action: 'auth.sign_in_failed', resourceType: 'login_token', resourceId: row.id, actorUserId: row.user_id, outcome: 'failure', details: { reason: 'patient_code', attempts: updated.attempts } });
    if (updated.attempts >= PATIENT_CODE_MAX_ATTEMPTS) throw new AppError('code_attempts_exceeded', 'Too many wrong codes. Ask for a new email.');
    throw new AppError('invalid_code', 'This code is not correct.');
  }
  return signInPatient(ctx, row, 'patient_code', input.currentSessionId, input.locale ?? 'fr');
}
