// The bell: a person's own notifications (rows are scoped to the caller's user
// id in every query), the unread count, and marking read.
import type { Notification, NotificationList } from '../../../contracts/notifications/index.ts';
import { requireActor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import type { Kysely } from 'kysely';
import { notFound } from '../errors/app-error.ts';
import { notificationLink } from './mail.ts';

type Row = Pick<DB['notifications'], never> & {
  id: string;
  kind: Notification['kind'];
  case_id: string | null;
  appointment_id: string | null;
  details: Record<string, string | number | boolean | null>;
  created_at: Date;
  read_at: Date | null;
};

function toDto(row: Row): Notification {
  const { for: role, ...details } = row.details ?? {};
  return {
    id: row.id,
    kind: row.kind,
    caseId: row.case_id,
    appointmentId: row.appointment_id,
    link: notificationLink(row.case_id, role, row.appointment_id, row.kind),
    details,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}

export async function unreadCountOf(db: Kysely<DB>, userId: string): Promise<number> {
  const row = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listNotifications(ctx: Ctx, query: { unreadOnly?: 'true' | 'false'; before?: string; limit: number }): Promise<NotificationList> {
  const actor = requireActor(ctx);
  let q = ctx.db
    .selectFrom('notifications')
    .select(['id', 'kind', 'case_id', 'appointment_id', 'details', 'created_at', 'read_at'])
    .where('user_id', '=', actor.userId)
    .orderBy('created_at', 'desc')
    .orderBy('seq', 'desc')
    .limit(query.limit + 1);
  if (query.unreadOnly === 'true') q = q.where('read_at', 'is', null);
  if (query.before) q = q.where('created_at', '<', new Date(query.before));
  const rows = await q.execute();
  const more = rows.length > query.limit;
  const items = rows.slice(0, query.limit).map(toDto);
  return { items, unread: await unreadCountOf(ctx.db, actor.userId), nextBefore: more ? (items.at(-1)?.createdAt ?? null) : null };
}

export async function unreadCount(ctx: Ctx): Promise<{ unread: number }> {
  const actor = requireActor(ctx);
  return { unread: await unreadCountOf(ctx.db, actor.userId) };
}

export async function markRead(ctx: Ctx, id: string): Promise<{ unread: number }> {
  const actor = requireActor(ctx);
  const row = await ctx.db
    .updateTable('notifications')
    .set({ read_at: ctx.clock.now() })
    .where('id', '=', id)
    .where('user_id', '=', actor.userId)
    .returning('id')
    .executeTakeFirst();
  if (!row) {
    const exists = await ctx.db.selectFrom('notifications').select('id').where('id', '=', id).where('user_id', '=', actor.userId).executeTakeFirst();
    if (!exists) throw notFound('notification');
  }
  return { unread: await unreadCountOf(ctx.db, actor.userId) };
}

export async function markAllRead(ctx: Ctx): Promise<{ unread: number }> {
  const actor = requireActor(ctx);
  await ctx.db.updateTable('notifications').set({ read_at: ctx.clock.now() }).where('user_id', '=', actor.userId).where('read_at', 'is', null).execute();
  return { unread: 0 };
}
