// The network's figures against a seeded set whose answers are known: cases are
// inserted directly in a known configuration (times, pauses, deadlines,
// outcomes, photos) and every figure is asserted exactly, for the whole network
// and for one service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, get, type World } from '../cases/test-world.ts';
import { createClinician, createPatient, signInAs } from '../test/factories.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';

let t: TestApp;
let w: World;
let otherWorld: World;
const H = 3_600_000;
const NOW = new Date('2026-04-10T12:00:00Z');

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(NOW);
  w = await createWorld(t);
  otherWorld = await createWorld(t);
  await seed();
});
afterAll(() => t.close());

async function seed() {
  const db = t.database.db;
  const { patientId } = await createPatient(db, { organisationId: w.ids.practiceId });
  const gp2 = await createClinician(db, { organisationId: w.ids.practiceId, role: 'requester' });
  const base = {
    patient_id: patientId,
    requester_id: w.gpUserId,
    requester_org_id: w.ids.practiceId,
    network_id: w.ids.networkId,
    service_id: w.ids.serviceId,
    urgency: 'routine' as const,
    priority_rank: 2,
    schema_version: 1,
  };
  let n = 0;
  async function caseOf(o: {
    submitted: string;
    state: 'submitted' | 'in_review' | 'awaiting_requester' | 'answered' | 'withdrawn' | 'draft';
    answeredAfterH?: number;
    deadlineH?: number;
    pausedH?: number;
    pausedNow?: boolean;
    outcome?: string;
    signedBy?: string;
    serviceId?: string;
    requesterId?: string;
    deadlineAt?: Date;
  }) {
    const submitted = new Date(o.submitted);
    const answeredAt = o.answeredAfterH === undefined ? null : new Date(submitted.getTime() + o.answeredAfterH * H);
    const row = await db
      .insertInto('cases')
      .values({
        ...base,
        service_id: o.serviceId ?? base.service_id,
        requester_id: o.requesterId ?? base.requester_id,
        state: o.state,
        assigned_dermatologist_id: o.state === 'in_review' || o.signedBy ? (o.signedBy ?? w.dermUserId) : null,
        submitted_at: o.state === 'draft' ? null : submitted,
        deadline_at: o.state === 'draft' ? null : (o.deadlineAt ?? new Date(submitted.getTime() + (o.deadlineH ?? 168) * H)),
        paused_ms: (o.pausedH ?? 0) * H,
        paused_at: o.pausedNow ? new Date(NOW.getTime() - H) : null,
        answered_at: answeredAt,
        withdrawn_at: o.state === 'withdrawn' ? new Date(submitted.getTime() + H) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (o.outcome) {
      await db
        .insertInto('case_answers')
        .values({
          case_id: row.id,
          diagnosis: 'd',
          management_plan: 'm',
          outcome: o.outcome as 'advice_only',
          patient_summary: 's',
          differentials: '[]',
          gp_discusses_first: false,
          signed_by: o.signedBy!,
          signed_at: answeredAt!,
          content_hash: `hash${n++}`,
        })
        .execute();
    }
    return row.id;
  }
  // In March 2026, service 1 unless said otherwise. Hours to answer (pause-aware): 10, 40, 100, 200; other service: 5.
  const c1 = await caseOf({ submitted: '2026-03-03T08:00:00Z', state: 'answered', answeredAfterH: 10, outcome: 'advice_only', signedBy: w.dermUserId });
  const c2 = await caseOf({ submitted: '2026-03-05T08:00:00Z', state: 'answered', answeredAfterH: 60, pausedH: 20, deadlineH: 188, outcome: 'suspected_cancer_pathway', signedBy: w.derm2UserId });
  const c3 = await caseOf({ submitted: '2026-03-10T08:00:00Z', state: 'answered', answeredAfterH: 100, deadlineH: 72, outcome: 'routine_face_to_face', signedBy: w.dermUserId });
  await caseOf({ submitted: '2026-03-12T08:00:00Z', state: 'answered', answeredAfterH: 200, outcome: 'advice_only', signedBy: w.dermUserId });
  await caseOf({ submitted: '2026-03-14T08:00:00Z', state: 'withdrawn' });
  // Open and overdue now (submitted in the period).
  await caseOf({ submitted: '2026-03-30T08:00:00Z', state: 'in_review', deadlineAt: new Date(NOW.getTime() - 2 * H) });
  // Open, past the deadline but its clock is paused: not overdue.
  await caseOf({ submitted: '2026-03-29T08:00:00Z', state: 'awaiting_requester', deadlineAt: new Date(NOW.getTime() - H), pausedNow: true });
  // Submitted before the period, still open and overdue: counts in "overdue now" only.
  await caseOf({ submitted: '2026-02-20T08:00:00Z', state: 'submitted', deadlineAt: new Date(NOW.getTime() - 24 * H) });
  // Another service of the network, another requester.
  await caseOf({ submitted: '2026-03-20T08:00:00Z', state: 'answered', answeredAfterH: 5, outcome: 'urgent_face_to_face', signedBy: w.users.otherDerm.userId, serviceId: w.otherServiceId, requesterId: gp2.userId });
  // Never counted: a draft; a case of April; another network's case.
  await caseOf({ submitted: '2026-03-15T08:00:00Z', state: 'draft' });
  await caseOf({ submitted: '2026-04-01T08:00:00Z', state: 'answered', answeredAfterH: 1, outcome: 'biopsy_excision', signedBy: w.dermUserId });
  const other = await createPatient(db, { organisationId: otherWorld.ids.practiceId });
  await db
    .insertInto('cases')
    .values({ ...base, patient_id: other.patientId, requester_org_id: otherWorld.ids.practiceId, network_id: otherWorld.ids.networkId, service_id: otherWorld.ids.serviceId, state: 'submitted', submitted_at: new Date('2026-03-05T08:00:00Z'), deadline_at: new Date('2026-03-06T08:00:00Z') })
    .execute();

  // Photos: c1 overview x2 (1 retake) + close-up; c2 close-up refused + close-up (1 retake) + other x2 (not retakes);
  // c3 dermoscopy x2, the second a near duplicate (1 retake, 1 duplicate). 9 photos, 1 refused, 3 retaken, 1 duplicate.
  const photo = async (caseId: string, tag: 'overview' | 'close_up' | 'dermoscopy' | 'other', minute: number, extra: { refused?: boolean; duplicateOf?: string } = {}) =>
    (
      await db
        .insertInto('photos')
        .values({
          case_id: caseId,
          uploaded_by: w.gpUserId,
          tag,
          status: extra.refused ? 'refused' : 'ready',
          refusal_code: extra.refused ? 'image_corrupt' : null,
          duplicate_of: extra.duplicateOf ?? null,
          created_at: new Date(Date.parse('2026-03-01T00:00:00Z') + minute * 60_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  await photo(c1, 'overview', 1);
  await photo(c1, 'overview', 2);
  await photo(c1, 'close_up', 3);
  await photo(c2, 'close_up', 1, { refused: true });
  await photo(c2, 'close_up', 2);
  await photo(c2, 'other', 3);
  await photo(c2, 'other', 4);
  const first = await photo(c3, 'dermoscopy', 1);
  await photo(c3, 'dermoscopy', 2, { duplicateOf: first });
}

const outcomesOf = (advice: number, routine: number, urgent: number, cancer: number) => [
  { outcome: 'advice_only', count: advice },
  { outcome: 'routine_face_to_face', count: routine },
  { outcome: 'urgent_face_to_face', count: urgent },
  { outcome: 'suspected_cancer_pathway', count: cancer },
  { outcome: 'biopsy_excision', count: 0 },
  { outcome: 'teleconsultation', count: 0 },
];

describe('GET /api/figures', () => {
  it('counts the network’s March exactly', async () => {
    const res = await get(t, w.coordinator, '/api/figures?from=2026-03-01&to=2026-03-31');
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json();
    expect(f).toMatchObject({
      from: '2026-03-01',
      to: '2026-03-31',
      serviceId: null,
      received: 8,
      answered: 5,
      withdrawn: 1,
      // 5, 10, 40, 100, 200 hours: median 40; 90th percentile (continuous) 100 + 0.6 x 100.
      medianHoursToAnswer: 40,
      p90HoursToAnswer: 160,
      answeredWithinDeadline: 3,
      answeredWithin48h: 3,
      shareWithinDeadline: 0.6,
      shareWithin48h: 0.6,
      overdueNow: 2,
      managedWithoutVisit: 2,
      photos: { total: 9, refused: 1, retaken: 3, duplicates: 1 },
      activeRequesters: 2,
      activeDermatologists: 3,
    });
    expect(f.outcomes).toEqual(outcomesOf(2, 1, 1, 1));
    expect(f.services.map((s: { id: string }) => s.id).sort()).toEqual([w.ids.serviceId, w.otherServiceId].sort());
  });

  it('narrows to one service', async () => {
    const f = (await get(t, w.coordinator, `/api/figures?from=2026-03-01&to=2026-03-31&serviceId=${w.ids.serviceId}`)).json();
    expect(f).toMatchObject({
      received: 7,
      answered: 4,
      withdrawn: 1,
      medianHoursToAnswer: 70,
      p90HoursToAnswer: 170,
      answeredWithinDeadline: 2,
      answeredWithin48h: 2,
      shareWithinDeadline: 0.5,
      overdueNow: 2,
      activeRequesters: 1,
      activeDermatologists: 2,
    });
    expect(f.outcomes).toEqual(outcomesOf(2, 1, 0, 1));
  });

  it('is empty for a quiet period, 404 for another network’s service, 403 for clinicians, and audited', async () => {
    const quiet = (await get(t, w.coordinator, '/api/figures?from=2025-01-01&to=2025-01-31')).json();
    expect(quiet).toMatchObject({ received: 0, answered: 0, medianHoursToAnswer: null, shareWithinDeadline: null, overdueNow: 2 });
    expect((await get(t, w.coordinator, `/api/figures?serviceId=${otherWorld.ids.serviceId}`)).statusCode).toBe(404);
    expect((await get(t, w.gp, '/api/figures')).statusCode).toBe(403);
    expect((await get(t, w.coordinator, '/api/figures?from=2026-03-31&to=2026-03-01')).statusCode).toBe(400);
    const audit = await t.database.db.selectFrom('audit_events').select(['details', 'patient_id']).where('action', '=', 'figures.read').execute();
    expect(audit.length).toBeGreaterThanOrEqual(3);
    expect(audit.every((a) => a.patient_id === null)).toBe(true);
  });

  it('counts the days of the network’s time zone', async () => {
    // 23:30 UTC on 28 February is 00:30 on 1 March in Paris, still February in London;
    // 22:30 UTC on 31 March is 00:30 on 1 April in Paris (summer time), 23:30 on 31 March in London.
    const paris = await createWorld(t);
    const london = await createWorld(t, { country: 'GB', timeZone: 'Europe/London' });
    for (const world of [paris, london]) {
      const { patientId } = await createPatient(t.database.db, { organisationId: world.ids.practiceId });
      const at = (submitted: string, state: 'withdrawn' | 'submitted') => ({
        patient_id: patientId, requester_id: world.gpUserId, requester_org_id: world.ids.practiceId, network_id: world.ids.networkId,
        service_id: world.ids.serviceId, urgency: 'routine' as const, priority_rank: 2, schema_version: 1, state,
        submitted_at: new Date(submitted), deadline_at: new Date('2026-06-01T00:00:00Z'),
      });
      await t.database.db.insertInto('cases').values([at('2026-02-28T23:30:00Z', 'withdrawn'), at('2026-03-31T22:30:00Z', 'submitted')]).execute();
    }
    const march = '/api/figures?from=2026-03-01&to=2026-03-31';
    expect((await get(t, paris.coordinator, march)).json()).toMatchObject({ received: 1, withdrawn: 1 });
    expect((await get(t, london.coordinator, march)).json()).toMatchObject({ received: 1, withdrawn: 0 });
  });

  it('exports CSV without patient data', async () => {
    const res = await get(t, w.coordinator, '/api/figures.csv?from=2026-03-01&to=2026-03-31');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('metric,value');
    expect(lines).toContain('received,8');
    expect(lines).toContain('median_hours_to_answer,40');
    expect(lines).toContain('outcome_suspected_cancer_pathway,1');
    expect(res.body).not.toMatch(/Test|Alex|@/);
    // The coordinator of another network sees only their own network.
    const coord = await signInAs(t, otherWorld.users.coordinator);
    expect((await get(t, coord, '/api/figures?from=2026-03-01&to=2026-03-31')).json()).toMatchObject({ received: 1, answered: 0, overdueNow: 1 });
  });
});
