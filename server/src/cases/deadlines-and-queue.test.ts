import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { completeRequest, createWorld, get, post, resignIn, submittedCase, type World } from './test-world.ts';

async function at(app: TestApp, world: World, when: string) {
  app.clock.set(when);
  await resignIn(app, world);
}
async function advance(app: TestApp, world: World, ms: number) {
  app.clock.advance(ms);
  await resignIn(app, world);
}

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t.close());

const lowScore = { ...completeRequest.sevenPoint!, diameter7mmOrMore: false };

describe('deadline at submission', () => {
  it('is 7 calendar days for a routine case', async () => {
    await at(t, w, '2026-03-02T09:00:00Z'); // Monday 10:00 in Paris
    const res = await submittedCase(t, w, { request: { ...completeRequest, urgency: 'routine' } });
    const page = (await get(t, w.derm, `/api/cases/${res.id}`)).json();
    expect(page.deadline).toMatchObject({ at: '2026-03-09T09:00:00.000Z', band: 'plenty', paused: false });
  });

  it('is 2 working days for an urgent case, skipping a public holiday (Easter Monday)', async () => {
    await at(t, w, '2026-04-03T08:00:00Z'); // Friday 10:00 in Paris
    const res = await submittedCase(t, w, { request: { ...completeRequest, urgency: 'urgent', sevenPoint: lowScore } });
    const page = (await get(t, w.derm, `/api/cases/${res.id}`)).json();
    expect(page.deadline.at).toBe('2026-04-08T08:00:00.000Z'); // Mon 6 is a holiday: Tue 7, Wed 8
  });

  it('follows the service settings', async () => {
    await t.database.db
      .updateTable('organisations')
      .set({ settings: JSON.stringify({ routineCalendarDays: 10, urgentWorkingDays: 1, pauseClockWhileAwaitingRequester: true, holidayCalendar: 'fr' }) })
      .where('id', '=', w.ids.serviceId)
      .execute();
    try {
      await at(t, w, '2026-03-02T09:00:00Z');
      const urgent = await submittedCase(t, w, { request: { ...completeRequest, urgency: 'urgent' } });
      expect((await get(t, w.derm, `/api/cases/${urgent.id}`)).json().deadline.at).toBe('2026-03-03T09:00:00.000Z');
      const routine = await submittedCase(t, w, { request: { ...completeRequest, urgency: 'routine' } });
      expect((await get(t, w.derm, `/api/cases/${routine.id}`)).json().deadline.at).toBe('2026-03-12T09:00:00.000Z');
    } finally {
      await t.database.db
        .updateTable('organisations')
        .set({ settings: JSON.stringify({ routineCalendarDays: 7, urgentWorkingDays: 2, pauseClockWhileAwaitingRequester: true, holidayCalendar: 'fr' }) })
        .where('id', '=', w.ids.serviceId)
        .execute();
    }
  });

  it('pauses the clock while awaiting the requester and extends the deadline on resume', async () => {
    await at(t, w, '2026-03-02T09:00:00Z');
    const { id } = await submittedCase(t, w);
    await post(t, w.derm, `/api/cases/${id}/claim`);
    await advance(t, w, 60 * 60 * 1000);
    await post(t, w.derm, `/api/cases/${id}/questions`, { body: 'Size?' });
    await advance(t, w, 24 * 60 * 60 * 1000);
    const paused = (await get(t, w.derm, `/api/cases/${id}`)).json();
    expect(paused.deadline).toMatchObject({ band: 'paused', paused: true, msLeft: 7 * 24 * 3600e3 - 3600e3 });
    await post(t, w.gp, `/api/cases/${id}/replies`, { body: '6 mm' });
    const resumed = (await get(t, w.derm, `/api/cases/${id}`)).json();
    expect(resumed.deadline).toMatchObject({ at: '2026-03-10T09:00:00.000Z', paused: false });
    const row = await t.database.db.selectFrom('cases').select(['paused_ms', 'paused_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ paused_ms: 24 * 3600e3, paused_at: null });
  });
});

describe('queue', () => {
  let fresh: TestApp;
  let q: World;
  beforeAll(async () => {
    fresh = await createTestApp();
    q = await createWorld(fresh);
  });
  afterAll(() => fresh.close());

  it('sorts by suspected cancer, urgent, then time left; filters; paginates by keyset; hides other services', async () => {
    await at(fresh, q, '2026-03-02T09:00:00Z');
    const routineEarly = await submittedCase(fresh, q, { request: { ...completeRequest, urgency: 'routine', sevenPoint: lowScore } });
    await advance(fresh, q, 3600e3);
    const routineLate = await submittedCase(fresh, q, { request: { ...completeRequest, urgency: 'routine', sevenPoint: lowScore } });
    const urgent = await submittedCase(fresh, q, { request: { ...completeRequest, urgency: 'urgent', sevenPoint: lowScore } });
    const cancer = await submittedCase(fresh, q, {
      request: { ...completeRequest, urgency: 'routine', sevenPoint: { ...lowScore, irregularColour: true, inflammation: true } },
    });
    const res = await get(fresh, q.derm, '/api/queue');
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.items.map((r: { id: string }) => r.id)).toEqual([cancer.id, urgent.id, routineEarly.id, routineLate.id]);
    expect(page.items[0]).toMatchObject({
      priority: 'suspected_cancer',
      sevenPointScore: 3,
      patient: { initials: 'LM', age: 45, sex: 'female' },
      bodySite: 'upper_back',
      reason: 'suspicious_lesion',
      requester: { name: 'Dr Garance Petit', organisationName: 'Test practice' },
      deadline: { band: 'plenty' },
    });
    expect(JSON.stringify(page.items[0])).not.toContain('Martin');

    // Keyset pagination walks the same order.
    const first = (await get(fresh, q.derm, '/api/queue?limit=3')).json();
    expect(first.items).toHaveLength(3);
    const second = (await get(fresh, q.derm, `/api/queue?limit=3&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((r: { id: string }) => r.id)).toEqual([routineLate.id]);
    expect(second.nextCursor).toBeNull();

    // Filters.
    const urgentOnly = (await get(fresh, q.derm, '/api/queue?urgency=urgent')).json();
    expect(urgentOnly.items.map((r: { id: string }) => r.id)).toEqual([urgent.id]);
    await post(fresh, q.derm, `/api/cases/${urgent.id}/claim`);
    const inReview = (await get(fresh, q.derm, '/api/queue?state=in_review')).json();
    expect(inReview.items.map((r: { id: string }) => r.id)).toEqual([urgent.id]);
    const mine = (await get(fresh, q.derm2, '/api/queue?mine=true')).json();
    expect(mine.items).toEqual([]);
    await advance(fresh, q, 8 * 24 * 3600e3);
    const overdue = (await get(fresh, q.derm, '/api/queue?overdue=true')).json();
    expect(overdue.items.map((r: { id: string }) => r.id).sort()).toEqual([cancer.id, urgent.id, routineEarly.id, routineLate.id].sort());
    expect(overdue.items[0].deadline.band).toBe('overdue');
    const byService = (await get(fresh, q.derm, `/api/queue?serviceId=${q.otherServiceId}`)).json();
    expect(byService.items).toEqual([]);

    // A dermatologist of another service sees nothing, and the case is 404 for them.
    expect((await get(fresh, q.otherDerm, '/api/queue')).json().items).toEqual([]);
    expect((await get(fresh, q.otherDerm, `/api/cases/${cancer.id}`)).statusCode).toBe(404);
    expect((await post(fresh, q.otherDerm, `/api/cases/${cancer.id}/claim`)).statusCode).toBe(404);
    expect((await get(fresh, q.otherDerm, `/api/patients/${cancer.patientId}`)).statusCode).toBe(404);
    // The service's dermatologist may read that patient (branch registered by the cases feature).
    expect((await get(fresh, q.derm, `/api/patients/${cancer.patientId}`)).statusCode).toBe(200);
  });

  it('shows a case routed to a named dermatologist of another service to that dermatologist', async () => {
    const otherDermId = (await fresh.database.db.selectFrom('sessions').select('user_id').where('id', '=', q.otherDerm.sessionId).executeTakeFirstOrThrow()).user_id;
    const { newPatientWithConsent, draftCase } = await import('./test-world.ts');
    const patientId = await newPatientWithConsent(fresh, q);
    const id = await draftCase(fresh, q, patientId, completeRequest, { kind: 'dermatologist', serviceId: q.otherServiceId, dermatologistId: otherDermId });
    expect((await post(fresh, q.gp, `/api/cases/${id}/submit`)).statusCode).toBe(200);
    const mine = (await get(fresh, q.otherDerm, '/api/queue?mine=true')).json();
    expect(mine.items.map((r: { id: string }) => r.id)).toEqual([id]);
    expect(mine.items[0].targetDermatologist.id).toBe(otherDermId);
    expect((await get(fresh, q.derm, `/api/cases/${id}`)).statusCode).toBe(404);
  });

  it('audits the queue read', async () => {
    const before = await fresh.database.db.selectFrom('audit_events').select('id').where('action', '=', 'case.queue_read').execute();
    await get(fresh, q.derm, '/api/queue');
    const after = await fresh.database.db.selectFrom('audit_events').select('id').where('action', '=', 'case.queue_read').execute();
    expect(after.length).toBe(before.length + 1);
  });
});
