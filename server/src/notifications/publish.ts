// A domain event becomes notifications, in the caller's transaction:
//   1. the recipients from the case's routing (recipients.ts), minus the actor;
//   2. their preferences decide the channels (in-app, email now or in the daily
//      digest, web push when they have a subscription);
//   3. one `notifications` row per recipient, a NOTIFY for the live streams
//      (delivered by PostgreSQL at commit, to every instance), and one durable
//      delivery job for email and push (jobs/job-queue.ts `enqueue`, same
//      transaction: no commit, no job; a commit, exactly one job).
import { sql, type Transaction } from 'kysely';
import type { NotificationKind } from '../../../contracts/notifications/index.ts';
import type { Ctx, Services } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { enqueue } from '../jobs/job-queue.ts';
import { preferencesOf } from './preferences.ts';
import { caseRouting, recipientsFor, type Audience } from './recipients.ts';

export const LIVE_CHANNEL = 'dermlink_notifications';
export const DELIVER_JOB = 'notifications-deliver';

export type EventDetails = Record<string, string | number | boolean | null>;

export interface DomainEvent {
  kind: NotificationKind;
  caseId: string;
  /** Who caused the event (never notified of it); defaults to the calling actor. */
  actorUserId?: string | null;
  /** Who to tell; defaults per kind (DEFAULT_AUDIENCES). */
  audiences?: Audience[];
  /** Non-clinical facts only (percent of the deadline, etc.). */
  details?: EventDetails;
}

export const DEFAULT_AUDIENCES: Record<NotificationKind, Audience[]> = {
  case_submitted: ['expert'],
  case_claimed: ['requester'],
  case_reassigned: ['expert'],
  question_asked: ['requester'],
  question_answered: ['expert'],
  answer_signed: ['requester'],
  answer_acknowledged: ['expert'],
  case_withdrawn: ['expert'],
  deadline_reminder: ['expert'],
  deadline_missed: ['coordinators', 'expert'],
  photo_refused: ['requester'],
  // Appointment kinds go through publishAppointmentEvent (appointment-events.ts), not a case's routing.
  appointment_booked: [],
  appointment_cancelled: [],
  visit_report_ready: [],
  visit_no_show: [],
};

export async function publishDomainEvent(
  trx: Transaction<DB>,
  ctx: Pick<Ctx, 'actor' | 'clock'> & { services?: Services },
  event: DomainEvent,
): Promise<string[]> {
  const routing = await caseRouting(trx, event.caseId);
  if (!routing) return [];
  const actorId = event.actorUserId === undefined ? (ctx.actor?.userId ?? null) : event.actorUserId;
  const recipients = (await recipientsFor(trx, routing, event.audiences ?? DEFAULT_AUDIENCES[event.kind])).filter((r) => r.userId !== actorId);
  return writeNotifications(trx, ctx, { kind: event.kind, caseId: event.caseId, appointmentId: null, recipients, details: event.details });
}

/**
 * Steps 2 and 3 for any event (a case's or an appointment's): preferences, rows,
 * NOTIFY and the delivery job, in the caller's transaction. `role` of each
 * recipient is kept in details.for (it decides the link).
 */
export async function writeNotifications(
  trx: Transaction<DB>,
  ctx: Pick<Ctx, 'clock'> & { services?: Services },
  event: { kind: NotificationKind; caseId: string | null; appointmentId: string | null; recipients: Array<{ userId: string; role: string }>; details?: EventDetails },
): Promise<string[]> {
  const recipients = event.recipients;
  if (recipients.length === 0) return [];
  const userIds = recipients.map((r) => r.userId);
  const prefs = await preferencesOf(trx, userIds);
  const pushable = new Set(
    (await trx.selectFrom('push_subscriptions').select('user_id').distinct().where('user_id', 'in', userIds).execute()).map((r) => r.user_id),
  );
  const now = ctx.clock.now();
  const rows = recipients.flatMap((r) => {
    const choice = prefs.get(r.userId)!.events[event.kind];
    const push = choice.push && pushable.has(r.userId);
    if (!choice.inApp && !choice.email && !push) return [];
    return [
      {
        user_id: r.userId,
        kind: event.kind,
        case_id: event.caseId,
        appointment_id: event.appointmentId,
        details: JSON.stringify({ ...event.details, for: r.role }),
        created_at: now,
        // Not wanted in the bell: stored as read, so it only serves its other channels.
        read_at: choice.inApp ? null : now,
        email_status: choice.email ? (prefs.get(r.userId)!.emailDigest ? ('digest' as const) : ('pending' as const)) : ('none' as const),
        push_status: push ? ('pending' as const) : ('none' as const),
      },
    ];
  });
  if (rows.length === 0) return [];
  const inserted = await trx.insertInto('notifications').values(rows).returning(['id', 'user_id', 'kind', 'email_status', 'push_status']).execute();
  for (const n of inserted) {
    await sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify({ u: n.user_id, n: n.id, k: n.kind })})`.execute(trx);
  }
  const toDeliver = inserted.filter((n) => n.email_status === 'pending' || n.push_status === 'pending').map((n) => n.id);
  if (toDeliver.length && ctx.services) await enqueue(trx, ctx.services, DELIVER_JOB, { ids: toDeliver });
  return inserted.map((n) => n.id);
}
