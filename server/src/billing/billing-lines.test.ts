// Billing lines: what an answered case and a completed visit bill, from the
// fee schedule valid on the act's day (in the network's time zone); the TCG
// split inside and outside the coordinated pathway; the RQD yearly cap and its
// reset; idempotency; the UK's zero tariff; the fee lookup itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, newPatientWithConsent, resignIn, type World } from '../cases/test-world.ts';
import { createPatient } from '../test/factories.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { dayIn, feeFor } from './fee-lookup.ts';
import { recordCaseBilling, recordVisitBilling } from './record-billing.ts';
import { SYSTEM_CTX, answeredCase, billedVisit, linesOf } from './test-billing.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t.close());

async function at(iso: string) {
  t.clock.set(iso);
  await resignIn(t, w);
}

describe('fee lookup', () => {
  it('finds the entry valid on the day, both ends included', async () => {
    const db = t.database.db;
    expect((await feeFor(db, 'FR', 'TE2', '2025-12-31'))?.amount_cents).toBe(2000);
    expect((await feeFor(db, 'FR', 'TE2', '2026-01-01'))?.amount_cents).toBe(2300);
    expect((await feeFor(db, 'FR', 'TE2', '2031-06-30'))?.amount_cents).toBe(2300);
    expect((await feeFor(db, 'FR', 'TE2', '2022-04-01'))?.amount_cents).toBe(2000);
    expect(await feeFor(db, 'FR', 'TE2', '2022-03-31')).toBeUndefined();
    expect(await feeFor(db, 'GB', 'TE2', '2026-03-01')).toBeUndefined();
    expect(await feeFor(db, 'GB', 'NHS-AG', '2026-03-01')).toMatchObject({ amount_cents: 0, currency: 'GBP' });
    expect(dayIn(new Date('2025-12-31T23:30:00Z'), 'Europe/Paris')).toBe('2026-01-01');
    expect(dayIn(new Date('2025-12-31T23:30:00Z'), 'Europe/London')).toBe('2025-12-31');
  });
});

describe('an answered tele-expertise case', () => {
  it('bills TE2 for the expert and RQD for the requester, paid in full by the insurer', async () => {
    await at('2026-03-02T09:00:00Z');
    const c = await answeredCase(t, w);
    const lines = await linesOf(t, { caseId: c.id });
    expect(lines.map((l) => l.act_code)).toEqual(['RQD', 'TE2']);
    const [rqd, te2] = lines;
    expect(te2).toMatchObject({ billed_by: 'expert', clinician_user_id: w.dermUserId, organisation_id: w.ids.serviceId, patient_id: c.patientId, amount_cents: 2300, currency: 'EUR', insurer_share_percent: 100, insurer_amount_cents: 2300, patient_amount_cents: 0, payment_status: 'not_due', act_date: '2026-03-02', explanation: null });
    expect(rqd).toMatchObject({ billed_by: 'requester', clinician_user_id: w.gpUserId, organisation_id: w.ids.practiceId, amount_cents: 1000, insurer_amount_cents: 1000, patient_amount_cents: 0, yearly_rank: 1, explanation: null });
    const audit = await t.database.db.selectFrom('audit_events').select(['resource_id', 'patient_id']).where('action', '=', 'billing.line_create').where('patient_id', '=', c.patientId).execute();
    expect(audit.map((a) => a.resource_id).sort()).toEqual(lines.map((l) => l.id).sort());
  });

  it('is idempotent: billing the case again adds nothing', async () => {
    await at('2026-03-03T09:00:00Z');
    const c = await answeredCase(t, w);
    const before = await linesOf(t, { caseId: c.id });
    const again = await t.database.db.transaction().execute((trx) => recordCaseBilling(trx, SYSTEM_CTX, c.id));
    expect(again.map((l) => l.id).sort()).toEqual(before.map((l) => l.id).sort());
    expect(await linesOf(t, { caseId: c.id })).toHaveLength(2);
  });

  it('uses the TE2 valid on the act’s day in the network’s time zone (EUR 20 until 31 December 2025)', async () => {
    await at('2025-12-31T20:00:00Z'); // 21:00 in Paris
    const before = await answeredCase(t, w);
    await at('2025-12-31T23:30:00Z'); // already 1 January in Paris
    const after = await answeredCase(t, w);
    const te2 = async (caseId: string) => (await linesOf(t, { caseId })).find((l) => l.act_code === 'TE2')!;
    expect(await te2(before.id)).toMatchObject({ amount_cents: 2000, act_date: '2025-12-31' });
    expect(await te2(after.id)).toMatchObject({ amount_cents: 2300, act_date: '2026-01-01' });
  });

  it('caps RQD at 4 a year per patient: the 5th is billed at zero and says why; a new year starts again', async () => {
    await at('2026-05-04T09:00:00Z');
    const patientId = await newPatientWithConsent(t, w, { familyName: 'Capped' });
    const ranks: Array<{ amount: number; rank: number | null; explanation: string | null; te2: number }> = [];
    for (let i = 0; i < 5; i++) {
      t.clock.advance(24 * 3_600_000);
      await resignIn(t, w);
      const c = await answeredCase(t, w, { patientId });
      const lines = await linesOf(t, { caseId: c.id });
      const rqd = lines.find((l) => l.act_code === 'RQD')!;
      ranks.push({ amount: rqd.amount_cents, rank: rqd.yearly_rank, explanation: rqd.explanation, te2: lines.find((l) => l.act_code === 'TE2')!.amount_cents });
    }
    expect(ranks).toEqual([
      { amount: 1000, rank: 1, explanation: null, te2: 2300 },
      { amount: 1000, rank: 2, explanation: null, te2: 2300 },
      { amount: 1000, rank: 3, explanation: null, te2: 2300 },
      { amount: 1000, rank: 4, explanation: null, te2: 2300 },
      { amount: 0, rank: 5, explanation: 'cap_reached', te2: 2300 },
    ]);

    // The GP's statement explains the capped line.
    const statement = (await t.app.inject({ method: 'GET', url: '/api/billing/statements/2026-05', headers: w.gp.headers })).json();
    const capped = statement.lines.find((l: { explanation: string | null }) => l.explanation === 'cap_reached');
    expect(capped).toMatchObject({ actCode: 'RQD', amountCents: 0, yearlyRank: 5, yearlyCap: 4, insurerAmountCents: 0, patientAmountCents: 0 });
    const csv = (await t.app.inject({ method: 'GET', url: '/api/billing/statements/2026-05.csv', headers: w.gp.headers })).body;
    expect(csv).toContain('RQD limited to 4 per patient per year; this is the 5th in 2026');

    // Another patient is not affected; the next calendar year starts again at 1.
    const other = await answeredCase(t, w);
    expect((await linesOf(t, { caseId: other.id })).find((l) => l.act_code === 'RQD')).toMatchObject({ amount_cents: 1000, yearly_rank: 1 });
    await at('2027-01-04T09:00:00Z');
    const nextYear = await answeredCase(t, w, { patientId });
    expect((await linesOf(t, { caseId: nextYear.id })).find((l) => l.act_code === 'RQD')).toMatchObject({ amount_cents: 1000, yearly_rank: 1, explanation: null, act_date: '2027-01-04' });
  });
});

describe('a completed video visit', () => {
  it('bills TCG EUR 25: 70% insurer in the coordinated pathway, 30% outside it', async () => {
    const { patientId } = await createPatient(t.database.db, { organisationId: w.ids.practiceId });
    const coordinated = await billedVisit(t, w, { patientId, startsAt: '2026-03-10T09:00:00Z', coordinated: true });
    const direct = await billedVisit(t, w, { patientId, startsAt: '2026-03-11T09:00:00Z', coordinated: false });
    expect(await linesOf(t, { appointmentId: coordinated.appointmentId })).toEqual([
      expect.objectContaining({ act_code: 'TCG', billed_by: 'teleconsultant', clinician_user_id: w.dermUserId, organisation_id: w.ids.serviceId, coordinated: true, amount_cents: 2500, insurer_share_percent: 70, insurer_amount_cents: 1750, patient_amount_cents: 750, payment_status: 'due', act_date: '2026-03-10' }),
    ]);
    expect(await linesOf(t, { appointmentId: direct.appointmentId })).toEqual([
      expect.objectContaining({ act_code: 'TCG', coordinated: false, amount_cents: 2500, insurer_share_percent: 30, insurer_amount_cents: 750, patient_amount_cents: 1750, payment_status: 'due' }),
    ]);
    // Idempotent.
    const again = await t.database.db.transaction().execute((trx) => recordVisitBilling(trx, SYSTEM_CTX, direct.appointmentId));
    expect(again.map((l) => l.id)).toEqual(direct.lines.map((l) => l.id));
  });

  it('bills nothing for a cancelled visit, and zero with an explanation without video', async () => {
    const { patientId } = await createPatient(t.database.db, { organisationId: w.ids.practiceId });
    const cancelled = await billedVisit(t, w, { patientId, startsAt: '2026-03-12T09:00:00Z', coordinated: true, status: 'cancelled' });
    expect(cancelled.lines).toEqual([]);
    const noVideo = await billedVisit(t, w, { patientId, startsAt: '2026-03-13T09:00:00Z', coordinated: true, video: false });
    expect(noVideo.lines).toEqual([expect.objectContaining({ actCode: 'TCG', amountCents: 0, patientAmountCents: 0, explanation: 'no_video' })]);
  });
});

describe('the UK', () => {
  it('records NHS activity at a zero tariff: a visit and an advice and guidance answer, no requester line', async () => {
    const uk = await createWorld(t, { country: 'GB', timeZone: 'Europe/London' });
    await at('2026-03-16T10:00:00Z');
    await resignIn(t, uk);
    const c = await answeredCase(t, uk);
    expect(await linesOf(t, { caseId: c.id })).toEqual([
      expect.objectContaining({ act_code: 'NHS-AG', billed_by: 'expert', clinician_user_id: uk.dermUserId, amount_cents: 0, currency: 'GBP', insurer_amount_cents: 0, patient_amount_cents: 0, payment_status: 'not_due' }),
    ]);
    const { patientId } = await createPatient(t.database.db, { organisationId: uk.ids.practiceId });
    const visit = await billedVisit(t, uk, { patientId, startsAt: '2026-03-17T10:00:00Z', coordinated: true });
    expect(visit.lines).toEqual([expect.objectContaining({ actCode: 'NHS-TC', amountCents: 0, patientAmountCents: 0, explanation: null })]);
    const statement = (await t.app.inject({ method: 'GET', url: '/api/billing/statements/2026-03', headers: uk.derm.headers })).json();
    expect(statement.totals).toEqual([{ currency: 'GBP', count: 2, amountCents: 0, insurerCents: 0, patientCents: 0, patientDueCents: 0 }]);
  });
});
