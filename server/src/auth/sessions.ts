// Creating, rotating and describing sessions. A sign-in step always creates a
// NEW session row with a new token (the previous one, if any, is revoked), so
// a token seen before sign-in is never the one that carries the rights.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { compiledStatement, statementBuilder, type Args } from '../db/compiled-statement.ts';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, SESSION_COOKIE, hashToken, newToken } from './session-tokens.ts';
import { remainingRecoveryCodes } from './recovery-codes.ts';
import type { SessionInfo } from '../../../contracts/auth/session.ts';
import type { Role } from './actor.ts';

export interface NewSession {
  id: string;
  token: string;
  csrfToken: string;
}

export async function createSession(
  ctx: Pick<Ctx, 'db' | 'clock' | 'origin'>,
  input: { userId: string; membershipId: string | null; secondFactorVerified: boolean; replaces?: string | null },
  db: Kysely<DB> = ctx.db,
): Promise<NewSession> {
  const now = ctx.clock.now();
  const token = newToken();
  const csrfToken = newToken();
  if (input.replaces) await db.updateTable('sessions').set({ revoked_at: now }).where('id', '=', input.replaces).where('revoked_at', 'is', null).execute();
  const row = await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      user_id: input.userId,
      active_membership_id: input.membershipId,
      second_factor_verified: input.secondFactorVerified,
      csrf_token: csrfToken,
      ip: ctx.origin.ip,
      user_agent: ctx.origin.userAgent,
      created_at: now,
      last_seen_at: now,
      idle_expires_at: new Date(now.getTime() + IDLE_TIMEOUT_MS),
      absolute_expires_at: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token, csrfToken };
}

// Every signed-in request starts with this lookup (session-plugin.ts): compiled
// once and, on PostgreSQL, a prepared statement planned once per connection.
const sessionByTokenStatement = compiledStatement((_shape: null, a: Args<{ tokenHash: string }>) =>
  statementBuilder
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('memberships as m', 'm.id', 's.active_membership_id')
    .leftJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select([
      's.id', 's.user_id', 's.second_factor_verified', 's.csrf_token', 's.idle_expires_at', 's.absolute_expires_at', 's.revoked_at',
      'u.kind', 'u.status', 'u.locale', 'm.id as membership_id', 'm.role', 'm.organisation_id', 'o.network_id',
    ])
    .where('s.token_hash', '=', a.tokenHash),
);

/** The session row behind a token hash with its user and active membership, revoked or expired included. */
export async function findSessionByTokenHash(db: Kysely<DB>, tokenHash: string) {
  const [row] = await sessionByTokenStatement(db, null, { tokenHash });
  return row;
}

export function cookieIsSecure(config: Pick<Config, 'publicUrl' | 'env'>): boolean {
  return config.env === 'production' || (config.publicUrl?.startsWith('https:') ?? false);
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieIsSecure(config),
    // No maxAge: a browser-session cookie; the server decides expiry.
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieIsSecure(config) });
}

/** The membership a new session starts with: the one used last, else the oldest. */
export async function defaultMembership(db: Kysely<DB>, userId: string): Promise<string | null> {
  const last = await db
    .selectFrom('sessions')
    .innerJoin('memberships', 'memberships.id', 'sessions.active_membership_id')
    .select('memberships.id')
    .where('sessions.user_id', '=', userId)
    .where('memberships.user_id', '=', userId)
    .orderBy('sessions.last_seen_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last) return last.id;
  const first = await db.selectFrom('memberships').select('id').where('user_id', '=', userId).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
  return first?.id ?? null;
}

/** SessionInfo for a session id (active or second-factor pending). */
export async function sessionInfo(db: Kysely<DB>, sessionId: string): Promise<SessionInfo> {
  const s = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('memberships as m', 'm.id', 's.active_membership_id')
    .leftJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['s.id', 's.user_id', 's.csrf_token', 's.idle_expires_at', 's.absolute_expires_at', 's.second_factor_verified', 'u.display_name', 'u.email', 'u.locale', 'u.kind', 'm.role', 'o.id as org_id', 'o.name as org_name'])
    .where('s.id', '=', sessionId)
    .executeTakeFirstOrThrow();
  const memberships = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['m.id', 'm.role', 'm.organisation_id', 'o.name'])
    .where('m.user_id', '=', s.user_id)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  const totp = await db.selectFrom('user_totp').select('verified_at').where('user_id', '=', s.user_id).executeTakeFirst();
  const passkeys = await db.selectFrom('passkeys').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', s.user_id).executeTakeFirst();
  const role: Role = s.kind === 'patient' ? 'patient' : (s.role ?? memberships[0]?.role ?? 'requester');
  return {
    user: { id: s.user_id, displayName: s.display_name, email: s.email, locale: s.locale },
    role,
    organisation: s.org_id && s.org_name ? { id: s.org_id, name: s.org_name } : null,
    memberships: memberships.map((m) => ({ id: m.id, role: m.role, organisationId: m.organisation_id, organisationName: m.name })),
    csrfToken: s.csrf_token,
    idleExpiresAt: s.idle_expires_at.toISOString(),
    absoluteExpiresAt: s.absolute_expires_at.toISOString(),
    secondFactorPending: s.kind === 'clinician' && !s.second_factor_verified,
    hasTotp: Boolean(totp?.verified_at),
    passkeyCount: Number(passkeys?.n ?? 0),
    recoveryCodesRemaining: s.kind === 'clinician' ? await remainingRecoveryCodes(db, s.user_id) : 0,
  };
}

/** The session behind the request (pending or active), or 401. */
export function currentSessionId(request: FastifyRequest): string | null {
  return request.session?.id ?? null;
}
