// Web push (the one owner of web-push): the server's VAPID key pair, created
// on first start and kept in the database so every instance signs alike, the
// clinicians' subscriptions, and sending. A push says only "something waits
// for you" and a link: never a name or clinical content.
import webpush from 'web-push';
import type { Kysely, Transaction } from 'kysely';
import type { PushSubscriptionBody } from '../../../contracts/notifications/index.ts';
import { requireActor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** Reads the key pair, creating it once (two instances racing: the first insert wins). */
export async function ensureVapidKeys(db: Kysely<DB> | Transaction<DB>): Promise<VapidKeys> {
  const existing = await db.selectFrom('push_vapid_keys').select(['public_key', 'private_key']).where('id', '=', 1).executeTakeFirst();
  if (existing) return { publicKey: existing.public_key, privateKey: existing.private_key };
  const keys = webpush.generateVAPIDKeys();
  await db.insertInto('push_vapid_keys').values({ id: 1, public_key: keys.publicKey, private_key: keys.privateKey }).onConflict((oc) => oc.column('id').doNothing()).execute();
  const row = await db.selectFrom('push_vapid_keys').select(['public_key', 'private_key']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { publicKey: row.public_key, privateKey: row.private_key };
}

export async function pushPublicKey(ctx: Ctx): Promise<{ publicKey: string }> {
  requireActor(ctx);
  return { publicKey: (await ensureVapidKeys(ctx.db)).publicKey };
}

function assertClinician(ctx: Ctx) {
  const actor = requireActor(ctx);
  if (actor.role === 'patient') throw new AppError('forbidden', 'Web push is available to clinicians.');
  return actor;
}

export async function subscribePush(ctx: Ctx, body: PushSubscriptionBody) {
  const actor = assertClinician(ctx);
  await ctx.db
    .insertInto('push_subscriptions')
    .values({ user_id: actor.userId, endpoint: body.endpoint, p256dh: body.keys.p256dh, auth: body.keys.auth })
    .onConflict((oc) => oc.column('endpoint').doUpdateSet({ user_id: actor.userId, p256dh: body.keys.p256dh, auth: body.keys.auth }))
    .execute();
  return pushStatus(ctx, body.endpoint);
}

export async function unsubscribePush(ctx: Ctx, endpoint: string) {
  const actor = requireActor(ctx);
  await ctx.db.deleteFrom('push_subscriptions').where('user_id', '=', actor.userId).where('endpoint', '=', endpoint).execute();
  return pushStatus(ctx, endpoint);
}

export async function pushStatus(ctx: Ctx, endpoint?: string) {
  const actor = requireActor(ctx);
  const rows = await ctx.db.selectFrom('push_subscriptions').select('endpoint').where('user_id', '=', actor.userId).execute();
  return { subscribed: endpoint ? rows.some((r) => r.endpoint === endpoint) : rows.length > 0, subscriptions: rows.length };
}

export interface PushMessage {
  title: string;
  body: string;
  url: string;
}

/** Sends to every subscription of the user; gone subscriptions (404/410) are removed. */
export async function sendPush(ctx: Pick<Ctx, 'db' | 'log' | 'services'>, userId: string, message: PushMessage): Promise<boolean> {
  const subs = await ctx.db.selectFrom('push_subscriptions').select(['id', 'endpoint', 'p256dh', 'auth']).where('user_id', '=', userId).execute();
  if (subs.length === 0) return false;
  const keys = await ensureVapidKeys(ctx.db);
  const subject = ctx.services.config.publicUrl?.startsWith('https:') ? ctx.services.config.publicUrl : 'mailto:no-reply@dermlink.local';
  let delivered = false;
  for (const sub of subs) {
    try {
      await webpush.sendNotification({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, JSON.stringify(message), {
        vapidDetails: { subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
        TTL: 24 * 3600,
        timeout: 10_000,
      });
      delivered = true;
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 404 || status === 410) await ctx.db.deleteFrom('push_subscriptions').where('id', '=', sub.id).execute();
      else ctx.log.warn({ kind: 'push', status }, 'web push could not be sent');
    }
  }
  return delivered;
}
