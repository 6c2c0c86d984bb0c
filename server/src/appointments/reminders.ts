// Reminder emails 24 h and 1 h before a video appointment, as durable jobs
// (jobs/job-queue.ts): one waiting job per appointment and mark (singletonKey),
// created in the booking's transaction. The job reads the appointment when it
// runs: cancelled, moved (a moved appointment is a cancelled one plus a new one
// with its own jobs) or already past -> nothing; early -> waits again. The mark
// row (primary key) makes each reminder happen once whatever the retries.
import type { Kysely, Transaction } from 'kysely';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { enqueue, type JobDefinition } from '../jobs/job-queue.ts';
import { sendAppointmentMail } from './booking-mail.ts';

export const REMINDER_JOB = 'appointment-reminder';
export type ReminderMark = '24h' | '1h';
export const REMINDER_MARKS: readonly ReminderMark[] = ['24h', '1h'];
const BEFORE_MS: Record<ReminderMark, number> = { '24h': 24 * 3_600_000, '1h': 3_600_000 };

type Db = Kysely<DB> | Transaction<DB>;

export const reminderDue = (startsAt: Date, mark: ReminderMark) => new Date(startsAt.getTime() - BEFORE_MS[mark]);

/** On booking: the reminders still ahead (a booking made 3 h before gets only the 1 h one). */
export async function scheduleReminders(db: Db, ctx: Pick<Ctx, 'services' | 'clock'>, appointment: { id: string; startsAt: Date }): Promise<void> {
  const now = ctx.clock.now();
  for (const mark of REMINDER_MARKS) {
    const due = reminderDue(appointment.startsAt, mark);
    if (due <= now) continue;
    await enqueue(db, ctx.services, REMINDER_JOB, { appointmentId: appointment.id, mark }, { startAfter: due, singletonKey: `${appointment.id}:${mark}` });
  }
}

export type ReminderOutcome = 'sent' | 'no_email' | 'already_sent' | 'not_due' | 'moved_on';

export async function runAppointmentReminder(ctx: Ctx, data: { appointmentId: string; mark: ReminderMark }): Promise<ReminderOutcome> {
  const now = ctx.clock.now();
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('appointments').select(['id', 'status', 'starts_at']).where('id', '=', data.appointmentId).forUpdate().executeTakeFirst();
    if (!row || row.status !== 'booked' || row.starts_at <= now) return 'moved_on' as const;
    const due = reminderDue(row.starts_at, data.mark);
    if (now < due) return 'not_due' as const;
    const marked = await trx
      .insertInto('appointment_reminder_marks')
      .values({ appointment_id: row.id, mark: data.mark, sent_at: now })
      .onConflict((oc) => oc.columns(['appointment_id', 'mark']).doNothing())
      .returning('appointment_id')
      .executeTakeFirst();
    if (!marked) return 'already_sent' as const;
    // Queued with its mark: the reminder is marked sent if and only if its email is on its way.
    const sent = await sendAppointmentMail(trx, ctx, row.id, data.mark === '24h' ? 'reminder_24h' : 'reminder_1h');
    return sent ? ('sent' as const) : ('no_email' as const);
  });
  if (outcome === 'not_due') {
    const row = await ctx.db.selectFrom('appointments').select('starts_at').where('id', '=', data.appointmentId).executeTakeFirstOrThrow();
    await enqueue(ctx.db, ctx.services, REMINDER_JOB, data, { startAfter: reminderDue(row.starts_at, data.mark), singletonKey: `${data.appointmentId}:${data.mark}` });
    return 'not_due';
  }
  return outcome;
}

export const appointmentJobs: JobDefinition<never>[] = [
  { name: REMINDER_JOB, policy: 'short', run: async (ctx, data: { appointmentId: string; mark: ReminderMark }) => void (await runAppointmentReminder(ctx, data)) },
];
