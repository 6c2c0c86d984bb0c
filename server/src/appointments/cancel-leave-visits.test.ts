// Cancelling the visits booked inside a leave in one call
// (POST /api/availability/exceptions/:exceptionId/cancel-affected): every
// visit the warning lists is cancelled through the ordinary cancellation (one
// email with its .ics per patient, the audit), others are untouched (another
// dermatologist's, days outside, another service when the leave names one);
// another dermatologist's leave is not found; a second call cancels nothing,
// and two at once take turns; a failure midway leaves every visit booked and
// queues no email.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { get, post, type World } from '../cases/test-world.ts';
import { MAIL_JOB } from '../mail/mail-queue.ts';
import { icsOf, type MailCatcher } from '../test/mail-catcher.ts';
import type { TestApp } from '../test/test-app.ts';
import type { TestSession } from '../test/factories.ts';
import { addLeave as addLeaveAs, bookVisit, resetLeaveWorld, setUpLeaveWorld, tearDownLeaveWorld, type LeaveWorld } from './leave-test-world.ts';

let lw: LeaveWorld;
let t: TestApp;
let w: World;
let mail: MailCatcher;

interface Leave {
  id: string;
  affectedAppointments: Array<{ id: string }>;
}

beforeAll(async () => {
  lw = await setUpLeaveWorld();
  ({ t, w, mail } = lw);
});
afterAll(() => tearDownLeaveWorld(lw));
beforeEach(() => resetLeaveWorld(lw));

const visit = (startsAt: string, opts?: Parameters<typeof bookVisit>[2]) => bookVisit(lw, startsAt, opts);
const addLeave = (body: Record<string, unknown>, session?: TestSession) => addLeaveAs<Leave>(lw, body, session);

const cancelAffected = (leaveId: string, body: Record<string, unknown> = {}, session = w.derm) => post(t, session, `/api/availability/exceptions/${leaveId}/cancel-affected`, body);

async function statusOf(id: string): Promise<string> {
  return (await t.database.db.selectFrom('appointments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
}

/** The cancellation emails a patient has received (the booking's confirmation aside). */
const cancellationsTo = (email: string) => mail.sentTo(email).filter((m) => m.subject === 'Your video appointment is cancelled');

async function mailJobs(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${MAIL_JOB}`.execute(t.database.db);
  return rows[0]!.n;
}

describe('cancelling the visits booked inside a leave, in one call', () => {
  it('cancels every visit the leave covers, one email with its .ics each, and leaves the others alone', async () => {
    const tue = await visit('2026-03-10T08:00:00.000Z', { familyName: 'Martin' }); // Tuesday 10 March, 09:00 Paris
    const wed = await visit('2026-03-11T09:30:00.000Z', { familyName: 'Bernard' }); // Wednesday 11 March, 10:30 Paris
    const elsewhere = await visit('2026-03-11T13:00:00.000Z', { serviceId: w.otherServiceId, familyName: 'Petit' }); // 14:00, the second service
    const colleagues = await visit('2026-03-11T08:00:00.000Z', { dermatologistId: w.derm2UserId, familyName: 'Autre' });
    const dayAfter = await visit('2026-03-12T08:00:00.000Z', { familyName: 'Durand' }); // Thursday, outside the leave
    const leave = await addLeave({ startsOn: '2026-03-10', endsOn: '2026-03-11', serviceId: w.ids.serviceId, note: 'Congress' });
    expect(leave.affectedAppointments.map((a) => a.id)).toEqual([tue.id, wed.id]);

    const res = await cancelAffected(leave.id, { reason: 'Congress' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ exceptionId: leave.id, cancelledCount: 2, cancelledIds: [tue.id, wed.id], emailedCount: 2 });

    expect(await statusOf(tue.id)).toBe('cancelled');
    expect(await statusOf(wed.id)).toBe('cancelled');
    for (const untouched of [elsewhere, colleagues, dayAfter]) expect(await statusOf(untouched.id)).toBe('booked');

    // Each patient gets the ordinary cancellation email, once, with METHOD:CANCEL.
    for (const [v, when] of [
      [tue, 'Tuesday, 10 March 2026 at 09:00 (Paris time)'],
      [wed, 'Wednesday, 11 March 2026 at 10:30 (Paris time)'],
    ] as const) {
      const m = await mail.next(v.email);
      expect(m.subject).toBe('Your video appointment is cancelled');
      expect(m.text).toContain(when);
      expect(m.text + m.html).not.toMatch(/eczema|Martin|Bernard|Congress|leave|congé/i);
      const ics = icsOf(m);
      expect(ics).toContain('METHOD:CANCEL');
      expect(ics).toContain(`UID:appointment-${v.id}@dermlink`);
    }
    await lw.mailQueue.flush();
    expect(cancellationsTo(tue.email)).toHaveLength(1);
    expect(cancellationsTo(wed.email)).toHaveLength(1);
    for (const untouched of [elsewhere, colleagues, dayAfter]) expect(cancellationsTo(untouched.email)).toEqual([]);

    // Audited as ordinary cancellations (tied to the leave), plus one summary with the reason; ids only.
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'resource_id', 'actor_user_id', 'details'])
      .where('actor_user_id', '=', w.dermUserId)
      .where((eb) => eb.or([eb('resource_id', 'in', [tue.id, wed.id]), eb('resource_id', '=', leave.id)]))
      .where('action', 'in', ['appointment.cancel', 'availability.exception_cancel_affected'])
      .execute();
    expect(audit.filter((a) => a.action === 'appointment.cancel').map((a) => a.resource_id).sort()).toEqual([tue.id, wed.id].sort());
    expect(audit.find((a) => a.action === 'appointment.cancel')?.details).toMatchObject({ exceptionId: leave.id });
    expect(audit.find((a) => a.action === 'availability.exception_cancel_affected')?.details).toEqual({ kind: 'leave', count: 2, appointmentIds: [tue.id, wed.id], reason: 'Congress' });
    expect(JSON.stringify(audit)).not.toMatch(/Martin|Bernard|Camille/);

    // The warning is gone; the slots of the leave stay closed.
    const listed = (await get(t, w.derm, '/api/availability')).json().exceptions as Leave[];
    expect(listed.find((e) => e.id === leave.id)?.affectedAppointments).toEqual([]);
  });

  it('answers 404 for another dermatologist\'s leave, or one that does not exist, and changes nothing', async () => {
    const booked = await visit('2026-03-17T08:00:00.000Z'); // Tuesday 17 March
    const leave = await addLeave({ startsOn: '2026-03-17', endsOn: '2026-03-17' });
    expect(leave.affectedAppointments.map((a) => a.id)).toEqual([booked.id]);

    // derm2 works at the same service (and may see the appointment), but the leave is not theirs.
    for (const res of [await cancelAffected(leave.id, {}, w.derm2), await cancelAffected('5b0e7c1e-8a55-4a7b-9d0f-0a8a2c3b4d5e')]) {
      expect(res.statusCode, res.body).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'not_found' });
    }
    // Other roles may not manage availability at all.
    expect((await cancelAffected(leave.id, {}, w.gp)).statusCode).toBe(403);
    expect(await statusOf(booked.id)).toBe('booked');
    // Tidy: these days are used by no other test.
    expect((await cancelAffected(leave.id)).json().cancelledCount).toBe(1);
  });

  it('is idempotent: a second call cancels nothing more and answers 0; a visit cancelled meanwhile is not counted', async () => {
    const first = await visit('2026-03-24T08:00:00.000Z');
    const second = await visit('2026-03-24T09:00:00.000Z');
    const third = await visit('2026-03-25T08:00:00.000Z');
    const leave = await addLeave({ startsOn: '2026-03-24', endsOn: '2026-03-25' });
    expect(leave.affectedAppointments).toHaveLength(3);
    // The patient's practice cancels one on its own first.
    expect((await post(t, w.gp, `/api/appointments/${second.id}/cancel`)).statusCode).toBe(200);

    const once = await cancelAffected(leave.id);
    expect(once.statusCode, once.body).toBe(200);
    expect(once.json()).toMatchObject({ cancelledCount: 2, cancelledIds: [first.id, third.id] });
    await lw.mailQueue.flush();
    const jobsAfterFirst = await mailJobs();

    const again = await cancelAffected(leave.id);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({ exceptionId: leave.id, cancelledCount: 0, cancelledIds: [], emailedCount: 0 });
    expect(await mailJobs()).toBe(jobsAfterFirst);
    await lw.mailQueue.flush();
    expect(cancellationsTo(first.email)).toHaveLength(1);
    expect(cancellationsTo(second.email)).toHaveLength(1); // the practice's cancellation, not a second one
    expect(cancellationsTo(third.email)).toHaveLength(1);
  });

  it('two calls at once (a double tap) take turns: the visits are cancelled once, one email each', async () => {
    const first = await visit('2026-04-14T07:00:00.000Z');
    const second = await visit('2026-04-14T08:00:00.000Z');
    const leave = await addLeave({ startsOn: '2026-04-14', endsOn: '2026-04-14' });
    const answers = await Promise.all([cancelAffected(leave.id), cancelAffected(leave.id)]);
    for (const res of answers) expect(res.statusCode, res.body).toBe(200);
    expect(answers.map((r) => r.json().cancelledCount as number).sort()).toEqual([0, 2]);
    await lw.mailQueue.flush();
    expect(cancellationsTo(first.email)).toHaveLength(1);
    expect(cancellationsTo(second.email)).toHaveLength(1);
  });

  it('rolls everything back when one cancellation fails midway: every visit stays booked and no email is queued', async () => {
    const first = await visit('2026-03-31T07:00:00.000Z');
    const second = await visit('2026-03-31T08:00:00.000Z');
    const third = await visit('2026-04-01T07:00:00.000Z');
    const leave = await addLeave({ startsOn: '2026-03-31', endsOn: '2026-04-01' });
    expect(leave.affectedAppointments.map((a) => a.id)).toEqual([first.id, second.id, third.id]);
    await lw.mailQueue.flush();
    const jobsBefore = await mailJobs();

    // The second cancellation fails in the database, after the first was written and its email queued.
    await sql`
      create function test_refuse_cancel() returns trigger language plpgsql as $$
      begin
        if new.status = 'cancelled' and new.id = ${sql.lit(second.id)}::uuid then raise exception 'forced failure'; end if;
        return new;
      end $$`.execute(t.database.db);
    await sql`create trigger test_refuse_cancel before update on appointments for each row execute function test_refuse_cancel()`.execute(t.database.db);
    try {
      const res = await cancelAffected(leave.id);
      expect(res.statusCode, res.body).toBe(500);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'internal', cancelledCount: 0, detail: expect.stringMatching(/^No visit was cancelled/) });
      expect(res.body).not.toMatch(/forced failure/);
    } finally {
      await sql`drop trigger test_refuse_cancel on appointments`.execute(t.database.db);
      await sql`drop function test_refuse_cancel()`.execute(t.database.db);
    }
    for (const v of [first, second, third]) expect(await statusOf(v.id)).toBe('booked');
    expect(await mailJobs()).toBe(jobsBefore);
    const audit = await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'appointment.cancel').where('resource_id', 'in', [first.id, second.id, third.id]).execute();
    expect(audit).toEqual([]);
    await lw.mailQueue.flush();
    for (const v of [first, second, third]) expect(cancellationsTo(v.email)).toEqual([]);

    // Once the fault is gone, the same call cancels all three.
    const retry = await cancelAffected(leave.id);
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toMatchObject({ cancelledCount: 3, cancelledIds: [first.id, second.id, third.id], emailedCount: 3 });
  });

  it('refuses a reason longer than 200 characters (400 naming the field)', async () => {
    const leave = await addLeave({ startsOn: '2026-04-07', endsOn: '2026-04-07' });
    const res = await cancelAffected(leave.id, { reason: 'x'.repeat(201) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'reason' }] });
  });
});
