// Passkeys (WebAuthn, @simplewebauthn/server): registration in a session, and
// sign-in where the passkey counts as both factors (user verification is
// required). The relying party is PUBLIC_URL's host, else the request's.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { SessionRecord } from './session-plugin.ts';
import { enrolmentUser } from './enrolment.ts';
import { assertRecentlyReauthenticated } from './reauthentication.ts';
import { replaceRecoveryCodes } from './recovery-codes.ts';
import { completeSignIn } from './second-factor.ts';
import { assertNotLocked, recordFailure } from './lockout.ts';
import type { NewSession } from './sessions.ts';

const CHALLENGE_TTL_MS = 5 * 60 * 1000;

export interface RelyingParty {
  id: string;
  origin: string;
}

export function relyingParty(ctx: Pick<Ctx, 'services'>, requestOrigin: string): RelyingParty {
  const url = new URL(ctx.services.config.publicUrl ?? requestOrigin);
  return { id: url.hostname, origin: url.origin };
}

async function storeChallenge(ctx: Ctx, purpose: 'registration' | 'authentication', challenge: string, userId: string | null, sessionId: string | null) {
  const row = await ctx.db
    .insertInto('webauthn_challenges')
    .values({ purpose, challenge, user_id: userId, session_id: sessionId, expires_at: new Date(ctx.clock.now().getTime() + CHALLENGE_TTL_MS) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function takeChallenge(ctx: Ctx, id: string, purpose: 'registration' | 'authentication') {
  const now = ctx.clock.now();
  const row = await ctx.db
    .updateTable('webauthn_challenges')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['challenge', 'user_id', 'session_id'])
    .executeTakeFirst();
  if (!row) throw new AppError('passkey_failed', 'This passkey request has expired. Try again.');
  return row;
}

export async function passkeyRegistrationOptions(ctx: Ctx, input: { session: SessionRecord; rp: RelyingParty }) {
  const user = await enrolmentUser(ctx, input.session);
  const names = await ctx.db.selectFrom('users').select('display_name').where('id', '=', user.id).executeTakeFirstOrThrow();
  const existing = await ctx.db.selectFrom('passkeys').select(['credential_id', 'transports']).where('user_id', '=', user.id).execute();
  const options = await generateRegistrationOptions({
    rpName: 'DermLink',
    rpID: input.rp.id,
    userName: user.email,
    userDisplayName: names.display_name,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.credential_id, transports: p.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  const challengeId = await storeChallenge(ctx, 'registration', options.challenge, user.id, input.session.id);
  return { challengeId, options: options as unknown as Record<string, unknown> };
}

export async function verifyPasskeyRegistration(
  ctx: Ctx,
  input: { session: SessionRecord; rp: RelyingParty; challengeId: string; response: Record<string, unknown>; name?: string },
) {
  const user = await enrolmentUser(ctx, input.session);
  const challenge = await takeChallenge(ctx, input.challengeId, 'registration');
  if (challenge.user_id !== user.id || challenge.session_id !== input.session.id) throw new AppError('passkey_failed', 'This passkey request belongs to another session.');
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response as unknown as RegistrationResponseJSON,
      expectedChallenge: challenge.challenge,
      expectedOrigin: input.rp.origin,
      expectedRPID: input.rp.id,
      requireUserVerification: true,
    });
  } catch {
    throw new AppError('passkey_failed', 'The passkey could not be verified.');
  }
  if (!verification.verified) throw new AppError('passkey_failed', 'The passkey could not be verified.');
  const { credential } = verification.registrationInfo;
  const { passkey, recoveryCodes } = await ctx.db.transaction().execute(async (trx) => {
    const passkey = await trx
      .insertInto('passkeys')
      .values({
        user_id: user.id,
        credential_id: credential.id,
        public_key: Buffer.from(credential.publicKey),
        counter: credential.counter,
        transports: credential.transports ?? [],
        name: input.name ?? 'Passkey',
      })
      .returning(['id', 'name', 'created_at', 'last_used_at'])
      .executeTakeFirstOrThrow();
    const recoveryCodes = user.hasFactor ? null : await replaceRecoveryCodes(trx, user.id);
    await recordAudit(trx, ctx, {
      action: user.hasFactor ? 'auth.second_factor_changed' : 'auth.second_factor_enrolled',
      resourceType: 'user', resourceId: user.id, actorUserId: user.id, details: { method: 'passkey', passkeyId: passkey.id },
    });
    return { passkey, recoveryCodes };
  });
  const newSession = input.session.secondFactorVerified ? null : await completeSignIn(ctx, { userId: user.id, replaces: input.session.id, method: 'passkey_enrolment' });
  return {
    passkey: { id: passkey.id, name: passkey.name, createdAt: passkey.created_at.toISOString(), lastUsedAt: null },
    recoveryCodes,
    newSession,
  };
}

/** Options for signing in: the pending session's user's passkeys, or a discoverable credential. */
export async function passkeyAuthenticationOptions(ctx: Ctx, input: { session: SessionRecord | null; rp: RelyingParty }) {
  const userId = input.session && !input.session.secondFactorVerified ? input.session.userId : null;
  const allow = userId ? await ctx.db.selectFrom('passkeys').select(['credential_id', 'transports']).where('user_id', '=', userId).execute() : [];
  const options = await generateAuthenticationOptions({
    rpID: input.rp.id,
    userVerification: 'required',
    allowCredentials: allow.map((p) => ({ id: p.credential_id, transports: p.transports })),
  });
  const challengeId = await storeChallenge(ctx, 'authentication', options.challenge, userId, userId ? input.session!.id : null);
  return { challengeId, options: options as unknown as Record<string, unknown> };
}

export async function verifyPasskeySignIn(
  ctx: Ctx,
  input: { session: SessionRecord | null; rp: RelyingParty; challengeId: string; response: Record<string, unknown> },
): Promise<NewSession> {
  const challenge = await takeChallenge(ctx, input.challengeId, 'authentication');
  const credentialId = typeof input.response.id === 'string' ? input.response.id : '';
  const passkey = await ctx.db.selectFrom('passkeys').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
  if (!passkey || (challenge.user_id && challenge.user_id !== passkey.user_id)) {
    await recordAudit(ctx.db, ctx, { action: 'auth.sign_in_failed', resourceType: 'user', outcome: 'failure', details: { reason: 'passkey_unknown' } });
    throw new AppError('passkey_failed', 'This passkey is not registered with DermLink.');
  }
  const user = await ctx.db.selectFrom('users').select(['id', 'locked_until', 'status', 'kind']).where('id', '=', passkey.user_id).executeTakeFirstOrThrow();
  const now = ctx.clock.now();
  assertNotLocked(user, now);
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response: input.response as unknown as AuthenticationResponseJSON,
      expectedChallenge: challenge.challenge,
      expectedOrigin: input.rp.origin,
      expectedRPID: input.rp.id,
      credential: { id: passkey.credential_id, publicKey: new Uint8Array(passkey.public_key), counter: Number(passkey.counter), transports: passkey.transports },
      requireUserVerification: true,
    });
  } catch {
    verification = null;
  }
  if (!verification?.verified || user.status !== 'active') {
    await recordFailure(ctx, user.id, 'passkey');
    throw new AppError('passkey_failed', 'The passkey could not be verified.');
  }
  await ctx.db.updateTable('passkeys').set({ counter: verification.authenticationInfo.newCounter, last_used_at: now }).where('id', '=', passkey.id).execute();
  const replaces = input.session?.id ?? null;
  return completeSignIn(ctx, { userId: user.id, replaces, method: 'passkey' });
}

export async function listPasskeys(ctx: Ctx, userId: string) {
  const rows = await ctx.db.selectFrom('passkeys').select(['id', 'name', 'created_at', 'last_used_at']).where('user_id', '=', userId).orderBy('created_at').execute();
  return rows.map((p) => ({ id: p.id, name: p.name, createdAt: p.created_at.toISOString(), lastUsedAt: p.last_used_at?.toISOString() ?? null }));
}

/** Removing a second factor is changing it: the password is confirmed first, as for adding one. */
export async function deletePasskey(ctx: Ctx, input: { userId: string; session: SessionRecord; passkeyId: string }) {
  await assertRecentlyReauthenticated(ctx, input.session);
  const passkey = await ctx.db.selectFrom('passkeys').select('id').where('id', '=', input.passkeyId).where('user_id', '=', input.userId).executeTakeFirst();
  if (!passkey) throw notFound('passkey');
  const others = await ctx.db.selectFrom('passkeys').select('id').where('user_id', '=', input.userId).where('id', '!=', passkey.id).limit(1).executeTakeFirst();
  const totp = await ctx.db.selectFrom('user_totp').select('id').where('user_id', '=', input.userId).where('verified_at', 'is not', null).executeTakeFirst();
  if (!others && !totp) throw new AppError('last_second_factor', 'This is your only second factor: add another one before removing it.');
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('passkeys').where('id', '=', passkey.id).execute();
    await recordAudit(trx, ctx, { action: 'auth.second_factor_changed', resourceType: 'user', resourceId: input.userId, details: { method: 'passkey', removed: passkey.id } });
  });
}
