// Resolves the session cookie into request.actor on every request, slides the
// idle expiry, and refuses state-changing requests without the CSRF token.
// Expired sessions are audited once, when they are first presented.
import fastifyCookie from '@fastify/cookie';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor, Role } from './actor.ts';
import { CSRF_HEADER, IDLE_TIMEOUT_MS, SESSION_COOKIE, hashToken } from './session-tokens.ts';
import { findSessionByTokenHash } from './sessions.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const TOUCH_INTERVAL_MS = 15_000;
// Sign-in steps run before a session exists; tus uploads carry the header too (checked there).
const CSRF_EXEMPT = [/^\/api\/auth\/(sign-in(\?|$)|passkey\/|patient\/|password-reset\/|invitations\/(preview|accept)(\?|$))/];

export interface SessionRecord {
  id: string;
  userId: string;
  secondFactorVerified: boolean;
  csrfToken: string;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The session behind the cookie, even when it is still waiting for its second factor. */
    session: SessionRecord | null;
  }
}

/** The Origin header names this server (its Host) or PUBLIC_URL. */
function sameOrigin(origin: string, request: FastifyRequest, publicUrl: string | undefined): boolean {
  try {
    const o = new URL(origin);
    if (publicUrl && o.origin === new URL(publicUrl).origin) return true;
    // Read the Host with the origin's scheme so default ports compare equal (localhost:80 = localhost).
    return o.host === new URL(`${o.protocol}//${request.host}`).host;
  } catch {
    return false;
  }
}

function sameToken(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

async function sessionPlugin(app: FastifyInstance) {
  await app.register(fastifyCookie);
  app.decorateRequest('session', null);

  // Reads presenting the same token while its lookup is under way share that lookup
  // instead of sending their own (a page's parallel GETs; a busy dermatologist's queue).
  // A shared answer is at most one lookup older than the request: as if it had come a
  // moment earlier. Nothing is kept once the lookup ends, and a request that may change
  // something always looks its session up itself.
  const lookupsUnderWay = new Map<string, ReturnType<typeof findSessionByTokenHash>>();
  const lookUpSession = (tokenHash: string, shareable: boolean): ReturnType<typeof findSessionByTokenHash> => {
    const { db } = app.services.database;
    if (!shareable) return findSessionByTokenHash(db, tokenHash);
    let lookup = lookupsUnderWay.get(tokenHash);
    if (!lookup) {
      lookup = findSessionByTokenHash(db, tokenHash).finally(() => lookupsUnderWay.delete(tokenHash));
      lookupsUnderWay.set(tokenHash, lookup);
    }
    return lookup;
  };

  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const { db } = app.services.database;
    const now = app.services.clock.now();
    const row = await lookUpSession(hashToken(token), SAFE_METHODS.has(request.method));
    if (!row || row.revoked_at || row.status !== 'active') return;
    if (row.idle_expires_at <= now || row.absolute_expires_at <= now) {
      // Revoke on first sight so the expiry is audited exactly once.
      const revoked = await db.updateTable('sessions').set({ revoked_at: now }).where('id', '=', row.id).where('revoked_at', 'is', null).executeTakeFirst();
      if (Number(revoked.numUpdatedRows) > 0) {
        await recordAudit(db, { actor: null, origin: request.ctx.origin }, {
          action: 'session.expired', resourceType: 'session', resourceId: row.id, actorUserId: row.user_id,
          details: { reason: row.absolute_expires_at <= now ? 'absolute' : 'idle' },
        });
      }
      request.sessionExpired = true;
      return;
    }
    request.session = {
      id: row.id,
      userId: row.user_id,
      secondFactorVerified: row.second_factor_verified,
      csrfToken: row.csrf_token,
      idleExpiresAt: row.idle_expires_at,
      absoluteExpiresAt: row.absolute_expires_at,
    };
    const role: Role | null = row.kind === 'patient' ? 'patient' : (row.role ?? null);
    // A clinician is only an actor once the second factor is verified.
    if (role && (row.kind === 'patient' || row.second_factor_verified)) {
      const actor: Actor = {
        userId: row.user_id,
        sessionId: row.id,
        role,
        organisationId: row.organisation_id ?? null,
        networkId: row.network_id ?? null,
        membershipId: row.membership_id ?? null,
        locale: row.locale,
      };
      request.actor = actor;
    }
    // Background polling (marked by the web app) must not keep an idle session alive;
    // nor does the notifications live stream (EventSource cannot send the header).
    if (request.headers['x-dermlink-background'] !== '1' && !request.url.startsWith('/api/notifications/stream')) {
      const idle = new Date(Math.min(now.getTime() + IDLE_TIMEOUT_MS, row.absolute_expires_at.getTime()));
      // Sliding the expiry is a write: at most one per TOUCH_INTERVAL_MS per session,
      // so a busy page does not serialise its requests on the session row.
      if (idle.getTime() - row.idle_expires_at.getTime() >= TOUCH_INTERVAL_MS) {
        await db.updateTable('sessions').set({ last_seen_at: now, idle_expires_at: idle }).where('id', '=', row.id).execute();
        request.session.idleExpiresAt = idle;
      }
    }
  });

  app.addHook('preHandler', async (request: FastifyRequest) => {
    if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/')) return;
    if (CSRF_EXEMPT.some((re) => re.test(request.url))) {
      // Pre-session steps have no token yet: refuse them from another site's page (login CSRF).
      const origin = request.headers.origin;
      if (typeof origin === 'string' && origin !== 'null' && !sameOrigin(origin, request, app.services.config.publicUrl)) {
        throw new AppError('csrf_invalid', 'This request was refused because it did not come from the DermLink page. Reload the page and try again.');
      }
      return;
    }
    if (!request.session) return; // no session: the route itself answers 401
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameToken(sent, request.session.csrfToken)) {
      throw new AppError('csrf_invalid', 'This request was refused because it did not come from the DermLink page. Reload the page and try again.');
    }
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    sessionExpired?: boolean;
  }
}

export const registerSessions = fp(sessionPlugin, { name: 'dermlink-sessions' });
