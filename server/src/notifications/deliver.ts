// The delivery jobs. Each claims its rows with a conditional UPDATE (pending ->
// sent) before sending, so a notification is emailed or pushed at most once
// even with several job processors or a retried job. Emails are claimed and
// queued as mail jobs (mail/mail-queue.ts) in one transaction: a claim that
// rolls back leaves the rows pending for the retry, and SMTP failures are
// retried by the mail job itself.
import type { NotificationKind } from '../../../contracts/notifications/index.ts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { queueMail } from '../mail/mail-queue.ts';
import { appBaseUrl, digestMail, notificationLink, notificationMail, type Locale } from './mail.ts';
import { sendPush } from './push.ts';

const PUSH_TEXT: Record<Locale, { title: string; body: string }> = {
  en: { title: 'DermLink', body: 'Something is waiting for you in DermLink.' },
  fr: { title: 'DermLink', body: 'Un élément vous attend dans DermLink.' },
};

export async function deliverNotifications(ctx: Ctx, data: { ids: string[] }): Promise<void> {
  if (!data.ids?.length) return;
  const now = ctx.clock.now();
  const base = appBaseUrl(ctx.services.config);
  await ctx.db.transaction().execute(async (trx) => {
    const emails = await trx
      .updateTable('notifications')
      .set({ email_status: 'sent', emailed_at: now })
      .where('id', 'in', data.ids)
      .where('email_status', '=', 'pending')
      .returning(['id', 'user_id', 'kind', 'case_id', 'appointment_id', 'details'])
      .execute();
    if (emails.length === 0) return;
    const users = await usersById(trx, emails.map((n) => n.user_id));
    for (const n of emails) {
      const user = users.get(n.user_id);
      if (!user || user.status !== 'active') continue;
      const link = notificationLink(n.case_id, n.details?.for, n.appointment_id, n.kind) ?? '/notifications';
      await queueMail(trx, ctx, 'notification', notificationMail(user.email, user.locale, n.kind, `${base}${link}`));
    }
  });
  const pushes = await ctx.db
    .updateTable('notifications')
    .set({ push_status: 'sent' })
    .where('id', 'in', data.ids)
    .where('push_status', '=', 'pending')
    .returning(['id', 'user_id', 'kind', 'case_id', 'appointment_id', 'details'])
    .execute();
  if (pushes.length === 0) return;
  const users = await usersById(ctx.db, pushes.map((n) => n.user_id));
  for (const n of pushes) {
    const user = users.get(n.user_id);
    if (!user || user.status !== 'active') continue;
    const link = notificationLink(n.case_id, n.details?.for, n.appointment_id, n.kind) ?? '/notifications';
    const ok = await sendPush(ctx, n.user_id, { ...PUSH_TEXT[user.locale], url: link });
    if (!ok) await ctx.db.updateTable('notifications').set({ push_status: 'failed' }).where('id', '=', n.id).execute();
  }
}

async function usersById(db: Kysely<DB>, ids: string[]) {
  const rows = await db.selectFrom('users').select(['id', 'email', 'locale', 'status']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((u) => [u.id, u]));
}

/** The digest's local hour. */
export const DIGEST_LOCAL_HOUR = 7;

/**
 * Every hour: one email per person who chose the digest and for whom it is now 07:00 (the time
 * zone of the network of their first membership; UTC without one), listing what came since the
 * last one. Before the morning's consultations wherever the network is, summer or winter.
 */
export async function sendDailyDigest(ctx: Ctx): Promise<void> {
  const now = ctx.clock.now();
  const url = `${appBaseUrl(ctx.services.config)}/notifications`;
  const zoneOfUser = sql<string>`coalesce((
    select nw.time_zone from memberships m
      join organisations o on o.id = m.organisation_id
      join networks nw on nw.id = o.network_id
     where m.user_id = notifications.user_id
     order by m.created_at, m.id limit 1), 'UTC')`;
  await ctx.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('notifications')
      .set({ email_status: 'sent', emailed_at: now })
      .where('email_status', '=', 'digest')
      .where('created_at', '<=', now)
      .where(sql<boolean>`extract(hour from (${now}::timestamptz at time zone ${zoneOfUser})) = ${DIGEST_LOCAL_HOUR}`)
      .returning(['user_id', 'kind'])
      .execute();
    const byUser = new Map<string, NotificationKind[]>();
    for (const n of claimed) byUser.set(n.user_id, [...(byUser.get(n.user_id) ?? []), n.kind]);
    if (byUser.size === 0) return;
    const users = await usersById(trx, [...byUser.keys()]);
    for (const user of users.values()) {
      if (user.status !== 'active') continue;
      await queueMail(trx, ctx, 'notification_digest', digestMail(user.email, user.locale, byUser.get(user.id)!, url));
    }
  });
}
