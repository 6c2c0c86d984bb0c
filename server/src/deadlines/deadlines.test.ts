// Deadline clocks with a controlled clock: the job handlers are plain
// functions called directly (pg-boss delivery itself is tested in
// jobs/jobs.test.ts). Each reminder fires once, at its time, to the right
// people, and a case that moved on (or whose clock is paused) gets nothing.
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerBody, createWorld, get, post, submittedCase, type World } from '../cases/test-world.ts';
import { jobCtx } from '../jobs/job-queue.ts';
import { createLogger } from '../logger.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { ACK_WAIT_MS, QUESTION_WAIT_MS, dueAt, runDeadlineClock, runRequesterReminder } from './clock.ts';

let t: TestApp;
let w: World;
const log = createLogger('silent') as unknown as FastifyBaseLogger;
const ctx = () => jobCtx(t.services, log);
const HOUR = 3600_000;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t.close());

async function caseRow(id: string) {
  return t.database.db.selectFrom('cases').select(['id', 'state', 'submitted_at', 'deadline_at', 'paused_at', 'paused_ms']).where('id', '=', id).executeTakeFirstOrThrow();
}
async function notificationsOf(userId: string, caseId: string) {
  return t.database.db.selectFrom('notifications').select(['kind', 'details']).where('user_id', '=', userId).where('case_id', '=', caseId).orderBy('seq').execute();
}
/** Sessions expire as the clock moves: sign everyone in again at the current time. */
async function freshSessions() {
  const { resignIn } = await import('../cases/test-world.ts');
  await resignIn(t, w);
}

describe('deadline reminders to the dermatologists', () => {
  it('reminds the whole service at 50% and 90% while unclaimed, once each, not before time', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    await freshSessions();
    const { id } = await submittedCase(t, w);
    const row = await caseRow(id);
    const half = dueAt(row, 'deadline_50')!;
    expect(half.getTime()).toBeGreaterThan(row.submitted_at!.getTime());
    expect(half.getTime()).toBeLessThan(row.deadline_at!.getTime());

    t.clock.set(new Date(half.getTime() - HOUR));
    expect(await runDeadlineClock(ctx(), { caseId: id, mark: 'deadline_50' })).toBe('not_due');
    t.clock.set(half);
    expect(await runDeadlineClock(ctx(), { caseId: id, mark: 'deadline_50' })).toBe('fired');
    expect(await runDeadlineClock(ctx(), { caseId: id, mark: 'deadline_50' })).toBe('already_done');
    for (const userId of [w.dermUserId, w.derm2UserId]) {
      expect((await notificationsOf(userId, id)).filter((n) => n.kind === 'deadline_reminder')).toEqual([
        { kind: 'deadline_reminder', details: { reason: 'deadline', percent: 50, for: 'dermatologist' } },
      ]);
    }
    expect(await notificationsOf(w.gpUserId, id)).toEqual([]);
  });

  it('reminds only the assigned dermatologist once the case is claimed', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    await freshSessions();
    const { id } = await submittedCase(t, w);
    await post(t, w.derm2, `/api/cases/${id}/claim`);
    t.clock.set(dueAt(await caseRow(id), 'deadline_90')!);
    expect(await runDeadlineClock(ctx(), { caseId: id, mark: 'deadline_90' })).toBe('fired');
    expect((await notificationsOf(w.derm2UserId, id)).map((n) => n.kind)).toContain('deadline_reminder');
    expect((await notificationsOf(w.dermUserId, id)).map((n) => n.kind)).not.toContain('deadline_reminder');
  });

  it('does nothing for a case that moved on (answered)', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    await freshSessions();
    const { id } = await submittedCase(t, w);
    await post(t, w.derm, `/api/cases/${id}/claim`);
    await post(t, w.derm, `/api/cases/${id}/answer`, answerBody);
    t.clock.set(dueAt(await caseRow(id), 'overdue')!);
    expect(await runDeadlineClock(ctx(), { caseId: id, mark: 'overdue' })).toBe('moved_on');
    expect(await runDeadlineClock(ctx(), { caseId: id, mark: 'deadline_90' })).toBe('moved_on');
  });

  it('pauses while a question waits (service setting) and moves the reminders by the pause', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    await freshSessions();
    const { id } = await submittedCase(t, w);
    await post(t, w.derm, `/api/cases/${id}/claim`);
    const originalHalf = dueAt(await caseRow(id), 'deadline_50')!;
    t.clock.advance(HOUR);
    await freshSessions();
    const asked = await post(t, w.derm, `/api/cases/${id}/questions`, { body: 'Any bleeding recently?' });
    expect(asked.statusCode, asked.body).toBe(200);
    expect((await caseRow(id)).paused_at).not.toBeNull();
    t.clock.set(originalHalf);
    expect(await runDeadlineClock(ctx(), { caseId: id, mark: 'deadline_50' })).toBe('paused');
    // The requester replies one day after the question: the deadline and the reminders move by that day.
    t.clock.set(new Date(originalHalf.getTime() - 2 * HOUR));
    await freshSessions();
    expect((await post(t, w.gp, `/api/cases/${id}/replies`, { body: 'No bleeding.' })).statusCode).toBe(200);
    const resumed = await caseRow(id);
    const newHalf = dueAt(resumed, 'deadline_50')!;
    expect(newHalf.getTime()).toBe(originalHalf.getTime() + Number(resumed.paused_ms));
    t.clock.set(originalHalf);
    expect(await runDeadlineClock(ctx(), { caseId: id, mark: 'deadline_50' })).toBe('not_due');
    t.clock.set(newHalf);
    expect(await runDeadlineClock(ctx(), { caseId: id, mark: 'deadline_50' })).toBe('fired');
  });
});

describe('overdue', () => {
  it('marks the case overdue at the deadline, alerts the coordinators, who can reassign it', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    await freshSessions();
    const { id } = await submittedCase(t, w);
    await post(t, w.derm, `/api/cases/${id}/claim`);
    const deadline = (await caseRow(id)).deadline_at!;
    t.clock.set(new Date(deadline.getTime() - 1000));
    expect(await runDeadlineClock(ctx(), { caseId: id, mark: 'overdue' })).toBe('not_due');
    t.clock.set(deadline);
    expect(await runDeadlineClock(ctx(), { caseId: id, mark: 'overdue' })).toBe('fired');
    expect(await runDeadlineClock(ctx(), { caseId: id, mark: 'overdue' })).toBe('already_done');
    const coordinatorId = w.users.coordinator.userId;
    expect((await notificationsOf(coordinatorId, id)).map((n) => n.kind)).toEqual(['deadline_missed']);
    expect((await notificationsOf(w.dermUserId, id)).map((n) => n.kind)).toContain('deadline_missed');

    await freshSessions();
    const overdue = (await get(t, w.coordinator, '/api/deadlines/overdue')).json();
    expect(overdue.items.map((c: { id: string }) => c.id)).toContain(id);
    expect((await get(t, w.derm, '/api/deadlines/overdue')).statusCode).toBe(403);

    const notInService = await post(t, w.coordinator, `/api/cases/${id}/coordinator-reassign`, { dermatologistId: w.users.otherDerm.userId });
    expect(notInService.statusCode).toBe(422);
    const reassigned = await post(t, w.coordinator, `/api/cases/${id}/coordinator-reassign`, { dermatologistId: w.derm2UserId });
    expect(reassigned.statusCode, reassigned.body).toBe(200);
    expect(reassigned.json()).toEqual({ id, state: 'in_review', assignedDermatologistId: w.derm2UserId, overdue: true });
    expect((await notificationsOf(w.derm2UserId, id)).map((n) => n.kind)).toContain('case_reassigned');
    const events = await t.database.db.selectFrom('case_events').select(['transition', 'actor_role']).where('case_id', '=', id).orderBy('occurred_at').execute();
    expect(events.at(-1)).toEqual({ transition: 'reassign', actor_role: 'coordinator' });
    // A dermatologist cannot use the coordinator's reassignment.
    expect((await post(t, w.derm2, `/api/cases/${id}/coordinator-reassign`, { dermatologistId: w.dermUserId })).statusCode).toBe(403);
  });

  it('lets a coordinator assign an unclaimed case, which goes into review', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    await freshSessions();
    const { id } = await submittedCase(t, w);
    const res = await post(t, w.coordinator, `/api/cases/${id}/coordinator-reassign`, { dermatologistId: w.dermUserId });
    expect(res.json()).toMatchObject({ state: 'in_review', assignedDermatologistId: w.dermUserId, overdue: false });
  });
});

describe('reminders to the requester', () => {
  it('reminds the requester of a question waiting more than 2 days, once, and not after the reply', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    await freshSessions();
    const { id } = await submittedCase(t, w);
    await post(t, w.derm, `/api/cases/${id}/claim`);
    await post(t, w.derm, `/api/cases/${id}/questions`, { body: 'Any bleeding recently?' });
    const asked = await t.database.db.selectFrom('case_events').select(['id', 'occurred_at']).where('case_id', '=', id).where('transition', '=', 'ask_question').executeTakeFirstOrThrow();
    const job = { caseId: id, mark: 'question_waiting' as const, episode: asked.id, due: new Date(asked.occurred_at.getTime() + QUESTION_WAIT_MS).toISOString() };
    t.clock.set(new Date(asked.occurred_at.getTime() + QUESTION_WAIT_MS - HOUR));
    expect(await runRequesterReminder(ctx(), job)).toBe('not_due');
    t.clock.set(new Date(asked.occurred_at.getTime() + QUESTION_WAIT_MS));
    expect(await runRequesterReminder(ctx(), job)).toBe('fired');
    expect(await runRequesterReminder(ctx(), job)).toBe('already_done');
    expect((await notificationsOf(w.gpUserId, id)).filter((n) => n.kind === 'deadline_reminder')).toEqual([
      { kind: 'deadline_reminder', details: { reason: 'question_waiting', for: 'requester' } },
    ]);
    await freshSessions();
    await post(t, w.gp, `/api/cases/${id}/replies`, { body: 'No bleeding.' });
    expect(await runRequesterReminder(ctx(), { ...job, episode: 'another' })).toBe('moved_on');
  });

  it('reminds the requester of an answer not acknowledged after 3 days, and nothing once acknowledged', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    await freshSessions();
    const { id } = await submittedCase(t, w);
    await post(t, w.derm, `/api/cases/${id}/claim`);
    await post(t, w.derm, `/api/cases/${id}/answer`, answerBody);
    const signed = await t.database.db.selectFrom('case_events').select(['id', 'occurred_at']).where('case_id', '=', id).where('transition', '=', 'sign_answer').executeTakeFirstOrThrow();
    const job = { caseId: id, mark: 'answer_unacknowledged' as const, episode: signed.id, due: new Date(signed.occurred_at.getTime() + ACK_WAIT_MS).toISOString() };
    t.clock.set(job.due);
    expect(await runRequesterReminder(ctx(), job)).toBe('fired');
    expect((await notificationsOf(w.gpUserId, id)).map((n) => n.details.reason)).toContain('answer_unacknowledged');

    t.clock.set('2026-03-02T09:00:00Z');
    await freshSessions();
    const other = await submittedCase(t, w);
    await post(t, w.derm, `/api/cases/${other.id}/claim`);
    await post(t, w.derm, `/api/cases/${other.id}/answer`, answerBody);
    await post(t, w.gp, `/api/cases/${other.id}/acknowledge`);
    const ev = await t.database.db.selectFrom('case_events').select('id').where('case_id', '=', other.id).where('transition', '=', 'sign_answer').executeTakeFirstOrThrow();
    t.clock.set(new Date(Date.parse('2026-03-02T09:00:00Z') + ACK_WAIT_MS));
    expect(await runRequesterReminder(ctx(), { ...job, caseId: other.id, episode: ev.id })).toBe('moved_on');
  });
});
