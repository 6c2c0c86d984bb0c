// Per-user notification preferences: which events, on which channels, and a
// daily digest instead of one email per event. Stored as JSON; missing entries
// fall back to the defaults of contracts/notifications.
import type { Kysely, Transaction } from 'kysely';
import {
  NOTIFICATION_KINDS,
  NotificationPreferencesSchema,
  defaultPreferences,
  type NotificationPreferences,
} from '../../../contracts/notifications/index.ts';
import { requireActor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';

export function mergePreferences(stored: unknown): NotificationPreferences {
  const prefs = defaultPreferences();
  const parsed = NotificationPreferencesSchema.partial().safeParse(stored ?? {});
  if (!parsed.success) return prefs;
  for (const kind of NOTIFICATION_KINDS) {
    const choice = parsed.data.events?.[kind];
    if (choice) prefs.events[kind] = choice;
  }
  if (typeof parsed.data.emailDigest === 'boolean') prefs.emailDigest = parsed.data.emailDigest;
  return prefs;
}

export async function preferencesOf(db: Kysely<DB> | Transaction<DB>, userIds: string[]): Promise<Map<string, NotificationPreferences>> {
  const rows = userIds.length
    ? await db.selectFrom('notification_preferences').select(['user_id', 'settings']).where('user_id', 'in', userIds).execute()
    : [];
  const byUser = new Map(rows.map((r) => [r.user_id, r.settings]));
  return new Map(userIds.map((id) => [id, mergePreferences(byUser.get(id))]));
}

export async function getPreferences(ctx: Ctx): Promise<NotificationPreferences> {
  const actor = requireActor(ctx);
  return (await preferencesOf(ctx.db, [actor.userId])).get(actor.userId)!;
}

export async function updatePreferences(ctx: Ctx, input: Partial<{ events: Partial<NotificationPreferences['events']>; emailDigest: boolean }>): Promise<NotificationPreferences> {
  const actor = requireActor(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const current = (await preferencesOf(trx, [actor.userId])).get(actor.userId)!;
    const next: NotificationPreferences = {
      events: { ...current.events, ...(input.events ?? {}) } as NotificationPreferences['events'],
      emailDigest: input.emailDigest ?? current.emailDigest,
    };
    const now = ctx.clock.now();
    await trx
      .insertInto('notification_preferences')
      .values({ user_id: actor.userId, settings: JSON.stringify(next), updated_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ settings: JSON.stringify(next), updated_at: now }))
      .execute();
    return next;
  });
}
