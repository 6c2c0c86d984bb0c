// The signed-in person's sessions: keep-alive, sign out (here or everywhere),
// the list of active sessions and revoking one, and switching the active
// membership (organisation + role).
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireActor } from './actor.ts';
import type { SessionRecord } from './session-plugin.ts';
import { IDLE_TIMEOUT_MS } from './session-tokens.ts';

export async function signOut(ctx: Ctx, session: SessionRecord | null): Promise<void> {
  if (!session) return;
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('sessions').set({ revoked_at: now }).where('id', '=', session.id).where('revoked_at', 'is', null).execute();
    await recordAudit(trx, ctx, { action: 'auth.sign_out', resourceType: 'session', resourceId: session.id, actorUserId: session.userId });
  });
}

export async function signOutEverywhere(ctx: Ctx): Promise<number> {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const res = await trx.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', actor.userId).where('revoked_at', 'is', null).executeTakeFirst();
    const n = Number(res.numUpdatedRows);
    await recordAudit(trx, ctx, { action: 'auth.sign_out_everywhere', resourceType: 'user', resourceId: actor.userId, details: { sessionsRevoked: n } });
    return n;
  });
}

export async function listSessions(ctx: Ctx) {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  const rows = await ctx.db
    .selectFrom('sessions')
    .select(['id', 'user_agent', 'ip', 'created_at', 'last_seen_at'])
    .where('user_id', '=', actor.userId)
    .where('revoked_at', 'is', null)
    .where('idle_expires_at', '>', now)
    .where('absolute_expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, userAgent: r.user_agent, ip: r.ip, createdAt: r.created_at.toISOString(), lastSeenAt: r.last_seen_at.toISOString(), current: r.id === actor.sessionId }));
}

export async function revokeSession(ctx: Ctx, input: { sessionId: string }): Promise<void> {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const res = await trx.updateTable('sessions').set({ revoked_at: now }).where('id', '=', input.sessionId).where('user_id', '=', actor.userId).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw notFound('session');
    await recordAudit(trx, ctx, { action: 'auth.session_revoked', resourceType: 'session', resourceId: input.sessionId });
  });
}

export async function switchMembership(ctx: Ctx, input: { membershipId: string }): Promise<void> {
  const actor = requireActor(ctx);
  const membership = await ctx.db.selectFrom('memberships').select(['id', 'role', 'organisation_id']).where('id', '=', input.membershipId).where('user_id', '=', actor.userId).executeTakeFirst();
  if (!membership) throw notFound('membership');
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('sessions').set({ active_membership_id: membership.id }).where('id', '=', actor.sessionId).execute();
    await recordAudit(trx, ctx, { action: 'auth.membership_switched', resourceType: 'membership', resourceId: membership.id, details: { from: actor.membershipId, role: membership.role, organisationId: membership.organisation_id } });
  });
}

/** "I am still here": slides the idle expiry now (capped by the absolute one). */
export async function keepAlive(ctx: Ctx, session: SessionRecord): Promise<{ idleExpiresAt: Date; absoluteExpiresAt: Date }> {
  const now = ctx.clock.now();
  const idle = new Date(Math.min(now.getTime() + IDLE_TIMEOUT_MS, session.absoluteExpiresAt.getTime()));
  await ctx.db.updateTable('sessions').set({ last_seen_at: now, idle_expires_at: idle }).where('id', '=', session.id).execute();
  return { idleExpiresAt: idle, absoluteExpiresAt: session.absoluteExpiresAt };
}
