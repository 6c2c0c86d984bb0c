// Deadline clocks of tele-expertise cases, as durable jobs (jobs/job-queue.ts):
//   - to the dermatologist (or the service while unclaimed): reminders at 50%
//     and 90% of the time to the deadline; at the deadline the case is marked
//     overdue (case_clock_marks 'overdue') and the network's coordinators are
//     alerted (they can reassign: coordinator-reassign.ts);
//   - to the requester: a question waiting more than 2 days, an answer not
//     acknowledged after 3 days.
// The clock pauses while a question waits when the service says so: the cases
// feature sets cases.paused_at, and on the reply moves deadline_at by the pause
// and adds it to paused_ms. Handlers read the case at run time: a case that
// moved on gets nothing; a paused clock waits for the reply (which schedules
// the checks again); a check that runs early (the deadline moved) schedules
// itself for the new time. Each mark is a row with a primary key, so every
// reminder happens once whatever the number of job processors or retries.
import type { Kysely, Transaction } from 'kysely';
import { isOpenState } from '../../../contracts/clinical/case-state.ts';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { enqueue, type JobDefinition } from '../jobs/job-queue.ts';
import { publishDomainEvent } from '../notifications/publish.ts';

export const DEADLINE_JOB = 'case-deadline-clock';
export const REQUESTER_JOB = 'case-requester-reminder';
export const QUESTION_WAIT_MS = 2 * 24 * 3600 * 1000;
export const ACK_WAIT_MS = 3 * 24 * 3600 * 1000;

export type DeadlineMark = 'deadline_50' | 'deadline_90' | 'overdue';
export const DEADLINE_MARKS: readonly DeadlineMark[] = ['deadline_50', 'deadline_90', 'overdue'];
const FRACTION: Record<DeadlineMark, number> = { deadline_50: 0.5, deadline_90: 0.9, overdue: 1 };

type ClockRow = { submitted_at: Date | null; deadline_at: Date | null; paused_ms: number | string };

/** When a mark is due: the same fraction of the case's own deadline span, shifted by the completed pauses. */
export function dueAt(row: ClockRow, mark: DeadlineMark): Date | null {
  if (!row.submitted_at || !row.deadline_at) return null;
  const paused = Number(row.paused_ms) || 0;
  const start = row.submitted_at.getTime();
  const span = row.deadline_at.getTime() - paused - start;
  return new Date(start + Math.round(FRACTION[mark] * span) + paused);
}

type Db = Kysely<DB> | Transaction<DB>;

/** On submission and when a paused clock resumes: one waiting job per mark (singleton per case and mark). */
export async function scheduleDeadlineClocks(db: Db, ctx: Pick<Ctx, 'services'>, row: ClockRow & { id: string }): Promise<void> {
  for (const mark of DEADLINE_MARKS) {
    const due = dueAt(row, mark);
    if (due) await enqueue(db, ctx.services, DEADLINE_JOB, { caseId: row.id, mark }, { startAfter: due, singletonKey: `${row.id}:${mark}` });
  }
}

export type RequesterMark = 'question_waiting' | 'answer_unacknowledged';

export async function scheduleRequesterReminder(db: Db, ctx: Pick<Ctx, 'services'>, input: { caseId: string; mark: RequesterMark; episode: string; from: Date }) {
  const due = new Date(input.from.getTime() + (input.mark === 'question_waiting' ? QUESTION_WAIT_MS : ACK_WAIT_MS));
  await enqueue(db, ctx.services, REQUESTER_JOB, { caseId: input.caseId, mark: input.mark, episode: input.episode, due: due.toISOString() }, {
    startAfter: due,
    singletonKey: `${input.caseId}:${input.mark}:${input.episode}`,
  });
}

/** Inserts the mark once; true for the one caller that did. */
async function markOnce(trx: Transaction<DB>, caseId: string, kind: DeadlineMark | RequesterMark, episode = ''): Promise<boolean> {
  const row = await trx
    .insertInto('case_clock_marks')
    .values({ case_id: caseId, kind, episode })
    .onConflict((oc) => oc.columns(['case_id', 'kind', 'episode']).doNothing())
    .returning('case_id')
    .executeTakeFirst();
  return row !== undefined;
}

export type ClockOutcome = 'fired' | 'already_done' | 'not_due' | 'paused' | 'moved_on';

export async function runDeadlineClock(ctx: Ctx, data: { caseId: string; mark: DeadlineMark }): Promise<ClockOutcome> {
  const row = await ctx.db
    .selectFrom('cases')
    .select(['id', 'state', 'submitted_at', 'deadline_at', 'paused_at', 'paused_ms'])
    .where('id', '=', data.caseId)
    .executeTakeFirst();
  if (!row || !isOpenState(row.state)) return 'moved_on';
  if (row.paused_at) return 'paused';
  const due = dueAt(row, data.mark);
  if (!due) return 'moved_on';
  const now = ctx.clock.now();
  if (now < due) {
    await enqueue(ctx.db, ctx.services, DEADLINE_JOB, data, { startAfter: due, singletonKey: `${row.id}:${data.mark}` });
    return 'not_due';
  }
  return ctx.db.transaction().execute(async (trx) => {
    // Re-read under lock: the case may have moved on since.
    const locked = await trx.selectFrom('cases').select(['state', 'paused_at']).where('id', '=', data.caseId).forUpdate().executeTakeFirst();
    if (!locked || !isOpenState(locked.state)) return 'moved_on' as const;
    if (locked.paused_at) return 'paused' as const;
    if (!(await markOnce(trx, data.caseId, data.mark))) return 'already_done' as const;
    if (data.mark === 'overdue') {
      await publishDomainEvent(trx, { ...ctx, actor: null }, { kind: 'deadline_missed', caseId: data.caseId, actorUserId: null });
    } else {
      await publishDomainEvent(trx, { ...ctx, actor: null }, {
        kind: 'deadline_reminder',
        caseId: data.caseId,
        actorUserId: null,
        audiences: ['expert'],
        details: { reason: 'deadline', percent: data.mark === 'deadline_50' ? 50 : 90 },
      });
    }
    return 'fired' as const;
  });
}

export async function runRequesterReminder(ctx: Ctx, data: { caseId: string; mark: RequesterMark; episode: string; due: string }): Promise<ClockOutcome> {
  const now = ctx.clock.now();
  const due = new Date(data.due);
  if (now < due) {
    await enqueue(ctx.db, ctx.services, REQUESTER_JOB, data, { startAfter: due, singletonKey: `${data.caseId}:${data.mark}:${data.episode}` });
    return 'not_due';
  }
  const wantedState = data.mark === 'question_waiting' ? 'awaiting_requester' : 'answered';
  const transition = data.mark === 'question_waiting' ? 'ask_question' : 'sign_answer';
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('cases').select(['state']).where('id', '=', data.caseId).forUpdate().executeTakeFirst();
    if (!row || row.state !== wantedState) return 'moved_on' as const;
    // Still the same question (or answer): the latest such event is the one that scheduled this.
    const latest = await trx
      .selectFrom('case_events')
      .select('id')
      .where('case_id', '=', data.caseId)
      .where('transition', '=', transition)
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (latest && latest.id !== data.episode) return 'moved_on' as const;
    if (!(await markOnce(trx, data.caseId, data.mark, data.episode))) return 'already_done' as const;
    await publishDomainEvent(trx, { ...ctx, actor: null }, {
      kind: 'deadline_reminder',
      caseId: data.caseId,
      actorUserId: null,
      audiences: ['requester'],
      details: { reason: data.mark },
    });
    return 'fired' as const;
  });
}

export const deadlineJobs: JobDefinition<never>[] = [
  { name: DEADLINE_JOB, policy: 'short', run: async (ctx, data: { caseId: string; mark: DeadlineMark }) => void (await runDeadlineClock(ctx, data)) },
  {
    name: REQUESTER_JOB,
    policy: 'short',
    run: async (ctx, data: { caseId: string; mark: RequesterMark; episode: string; due: string }) => void (await runRequesterReminder(ctx, data)),
  },
];
