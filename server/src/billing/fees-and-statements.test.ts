// The coordinator's fee schedule (list, validation, versions, scope, audit)
// and the monthly statement (totals, CSV, PDF, scope, audit, paid at the
// practice).
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, get, post, type World } from '../cases/test-world.ts';
import { createPatient } from '../test/factories.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { billedVisit } from './test-billing.ts';

let t: TestApp;
let w: World;
let other: World;
let uk: World;
beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-04-02T09:00:00Z');
  w = await createWorld(t);
  other = await createWorld(t);
  uk = await createWorld(t, { country: 'GB', timeZone: 'Europe/London' });
});
afterAll(() => t.close());

/** The text a PDF draws: inflate each content stream, decode the hex strings shown with Tj. */
function pdfStrings(bytes: Buffer): string[] {
  const raw = bytes.toString('latin1');
  const out: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)endstream/g)) {
    const start = m.index + m[0].indexOf(m[1]!);
    let content: string;
    try {
      content = inflateSync(bytes.subarray(start, start + m[1]!.length)).toString('latin1');
    } catch {
      content = m[1]!;
    }
    for (const hex of content.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) out.push(Buffer.from(hex[1]!, 'hex').toString('latin1'));
  }
  return out;
}

const tcgBody = (o: Record<string, unknown> = {}) => ({
  actCode: 'TCX',
  billedBy: 'teleconsultant',
  labelFr: 'Téléconsultation test',
  labelEn: 'Test teleconsultation',
  amountCents: 3000,
  insurerShareCoordinated: 70,
  insurerShareUncoordinated: 30,
  yearlyCapPerPatient: null,
  validFrom: '2026-05-01',
  validTo: null,
  ...o,
});

describe('the fee schedule', () => {
  it('lists the network’s country’s entries with their validity', async () => {
    const res = await get(t, w.coordinator, '/api/billing/fees');
    expect(res.statusCode, res.body).toBe(200);
    const schedule = res.json();
    expect(schedule).toMatchObject({ country: 'FR', currency: 'EUR', today: '2026-04-02' });
    const byCode = (code: string) => schedule.entries.filter((e: { actCode: string }) => e.actCode === code);
    expect(byCode('TCG')).toEqual([expect.objectContaining({ amountCents: 2500, insurerShareCoordinated: 70, insurerShareUncoordinated: 30, validTo: null })]);
    expect(byCode('TE2').map((e: { amountCents: number; validFrom: string; validTo: string | null }) => [e.amountCents, e.validFrom, e.validTo])).toEqual([
      [2300, '2026-01-01', null],
      [2000, '2022-04-01', '2025-12-31'],
    ]);
    expect(byCode('RQD')).toEqual([expect.objectContaining({ amountCents: 1000, yearlyCapPerPatient: 4, billedBy: 'requester' })]);
    expect(byCode('NHS-TC')).toEqual([]);
    const ukSchedule = (await get(t, uk.coordinator, '/api/billing/fees')).json();
    expect(ukSchedule.entries.map((e: { actCode: string; amountCents: number }) => [e.actCode, e.amountCents]).sort()).toEqual([
      ['NHS-AG', 0],
      ['NHS-TC', 0],
    ]);
    expect((await get(t, w.gp, '/api/billing/fees')).statusCode).toBe(403);
    expect((await get(t, w.derm, '/api/billing/fees')).statusCode).toBe(403);
  });

  it('validates a new entry: amounts, shares, dates and no overlapping validity', async () => {
    const fieldsOf = (res: { json(): { errors?: Array<{ path: string }> } }) => (res.json().errors ?? []).map((e) => e.path);
    const negative = await post(t, w.coordinator, '/api/billing/fees', tcgBody({ amountCents: -1 }));
    expect(negative.statusCode).toBe(400);
    expect(fieldsOf(negative)).toContain('amountCents');
    const share = await post(t, w.coordinator, '/api/billing/fees', tcgBody({ insurerShareCoordinated: 101, insurerShareUncoordinated: -5 }));
    expect(share.statusCode).toBe(400);
    expect(fieldsOf(share)).toEqual(expect.arrayContaining(['insurerShareCoordinated', 'insurerShareUncoordinated']));
    const backwards = await post(t, w.coordinator, '/api/billing/fees', tcgBody({ validFrom: '2026-05-01', validTo: '2026-04-30' }));
    expect(backwards.statusCode).toBe(400);
    expect(fieldsOf(backwards)).toContain('validTo');
    // An existing act's period that overlaps its current entry.
    const overlap = await post(t, w.coordinator, '/api/billing/fees', tcgBody({ actCode: 'TCG', validFrom: '2030-01-01' }));
    expect(overlap.statusCode, overlap.body).toBe(409);
    expect(overlap.json()).toMatchObject({ code: 'fee_period_overlap', errors: [{ path: 'validFrom', message: 'fee_overlap' }], overlapsWith: { validFrom: '2022-04-01', validTo: null } });
    // A period before TE2's first entry is fine; one ending on its first day is not.
    expect((await post(t, w.coordinator, '/api/billing/fees', tcgBody({ actCode: 'TE2', billedBy: 'expert', validFrom: '2021-01-01', validTo: '2022-04-01' }))).statusCode).toBe(409);
    const before = await post(t, w.coordinator, '/api/billing/fees', tcgBody({ actCode: 'TE2', billedBy: 'expert', amountCents: 1500, validFrom: '2021-01-01', validTo: '2022-03-31' }));
    expect(before.statusCode, before.body).toBe(201);
    // An act keeps its biller.
    const biller = await post(t, w.coordinator, '/api/billing/fees', tcgBody({ actCode: 'RQD', billedBy: 'expert', validFrom: '2020-01-01', validTo: '2020-12-31' }));
    expect(biller.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'billedBy', message: 'billed_by_mismatch' }] });
    // A new act.
    const created = await post(t, w.coordinator, '/api/billing/fees', tcgBody());
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ country: 'FR', currency: 'EUR', actCode: 'TCX', amountCents: 3000, validFrom: '2026-05-01', validTo: null });
    // Nothing above touched another country's schedule.
    expect((await get(t, uk.coordinator, '/api/billing/fees')).json().entries).toHaveLength(2);
    const audit = await t.database.db.selectFrom('audit_events').select(['resource_id', 'actor_user_id']).where('action', '=', 'billing.fee_create').execute();
    expect(audit.map((a) => a.resource_id).sort()).toEqual([before.json().id, created.json().id].sort());
  });

  it('changes a fee as a new version: the old validity closes the day before; audited; scoped', async () => {
    const schedule = (await get(t, w.coordinator, '/api/billing/fees')).json();
    const tcg = schedule.entries.find((e: { actCode: string }) => e.actCode === 'TCG');
    const version = { labelFr: 'Téléconsultation', labelEn: 'Teleconsultation', amountCents: 2650, insurerShareCoordinated: 70, insurerShareUncoordinated: 30, yearlyCapPerPatient: null };
    const early = await post(t, w.coordinator, `/api/billing/fees/${tcg.id}/versions`, { ...version, validFrom: '2022-04-01' });
    expect(early.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'validFrom', message: 'version_starts_too_early' }] });
    // Not before an act already billed with the entry.
    const { patientId } = await createPatient(t.database.db, { organisationId: w.ids.practiceId });
    await billedVisit(t, w, { patientId, startsAt: '2026-04-20T09:00:00Z', coordinated: true });
    const beforeBilled = await post(t, w.coordinator, `/api/billing/fees/${tcg.id}/versions`, { ...version, validFrom: '2026-04-20' });
    expect(beforeBilled.json()).toMatchObject({ errors: [{ path: 'validFrom', message: 'version_before_billed_acts' }], lastBilledActDate: '2026-04-20' });
    // Another network's coordinator of another country cannot touch it.
    expect((await post(t, uk.coordinator, `/api/billing/fees/${tcg.id}/versions`, { ...version, validFrom: '2026-07-01' })).statusCode).toBe(404);
    expect((await post(t, w.derm, `/api/billing/fees/${tcg.id}/versions`, { ...version, validFrom: '2026-07-01' })).statusCode).toBe(403);

    const res = await post(t, w.coordinator, `/api/billing/fees/${tcg.id}/versions`, { ...version, validFrom: '2026-07-01' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ actCode: 'TCG', amountCents: 2650, validFrom: '2026-07-01', validTo: null, previousId: tcg.id, billedBy: 'teleconsultant' });
    const entries = (await get(t, w.coordinator, '/api/billing/fees')).json().entries.filter((e: { actCode: string }) => e.actCode === 'TCG');
    expect(entries.map((e: { amountCents: number; validFrom: string; validTo: string | null; lineCount: number }) => [e.amountCents, e.validFrom, e.validTo, e.lineCount])).toEqual([
      [2650, '2026-07-01', null, 0],
      [2500, '2022-04-01', '2026-06-30', 1],
    ]);
    // Visits bill at the rate of their day.
    const june = await billedVisit(t, w, { patientId, startsAt: '2026-06-30T09:00:00Z', coordinated: false });
    const july = await billedVisit(t, w, { patientId, startsAt: '2026-07-01T09:00:00Z', coordinated: false });
    expect([june.lines[0]!.amountCents, july.lines[0]!.amountCents]).toEqual([2500, 2650]);
    expect(july.lines[0]).toMatchObject({ insurerAmountCents: 795, patientAmountCents: 1855 });
    // The old entry is closed; a second version of it now is refused (it ended).
    const again = await post(t, w.coordinator, `/api/billing/fees/${tcg.id}/versions`, { ...version, validFrom: '2026-08-01' });
    expect(again.json()).toMatchObject({ errors: [{ path: 'validFrom', message: 'version_after_end' }] });
    const audit = await t.database.db.selectFrom('audit_events').select(['details', 'resource_id']).where('action', '=', 'billing.fee_version').execute();
    expect(audit).toEqual([expect.objectContaining({ resource_id: res.json().id, details: expect.objectContaining({ previousId: tcg.id, closedTo: '2026-06-30', before: expect.objectContaining({ amountCents: 2500 }), after: expect.objectContaining({ amountCents: 2650 }) }) })]);
  });
});

describe('ending an act', () => {
  it('closes an open-ended entry, not before an act billed with it; audited', async () => {
    const tcx = (await get(t, w.coordinator, '/api/billing/fees')).json().entries.find((e: { actCode: string }) => e.actCode === 'TCX');
    // TCX (a teleconsultant act from 1 May) was billed with the 1 July visit above.
    const early = await post(t, w.coordinator, `/api/billing/fees/${tcx.id}/end`, { validTo: '2026-06-30' });
    expect(early.json()).toMatchObject({ errors: [{ path: 'validTo', message: 'end_before_billed_acts' }], lastBilledActDate: '2026-07-01' });
    expect((await post(t, w.coordinator, `/api/billing/fees/${tcx.id}/end`, { validTo: '2026-04-30' })).json()).toMatchObject({ errors: [{ path: 'validTo', message: 'valid_to_before_valid_from' }] });
    expect((await post(t, uk.coordinator, `/api/billing/fees/${tcx.id}/end`, { validTo: '2026-07-01' })).statusCode).toBe(404);
    const res = await post(t, w.coordinator, `/api/billing/fees/${tcx.id}/end`, { validTo: '2026-07-01' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ actCode: 'TCX', validFrom: '2026-05-01', validTo: '2026-07-01' });
    expect((await post(t, w.coordinator, `/api/billing/fees/${tcx.id}/end`, { validTo: '2026-08-01' })).json()).toMatchObject({ errors: [{ message: 'entry_already_ends' }] });
    const { patientId } = await createPatient(t.database.db, { organisationId: w.ids.practiceId });
    const after = await billedVisit(t, w, { patientId, startsAt: '2026-07-02T09:00:00Z', coordinated: true });
    expect(after.lines.map((l) => [l.actCode, l.amountCents])).toEqual([['TCG', 2650]]);
    const audit = await t.database.db.selectFrom('audit_events').select(['resource_id', 'details']).where('action', '=', 'billing.fee_end').execute();
    expect(audit).toEqual([{ resource_id: tcx.id, details: expect.objectContaining({ actCode: 'TCX', validTo: '2026-07-01' }) }]);
  });
});

describe('the monthly statement', () => {
  let patientA: string;
  beforeAll(async () => {
    const db = t.database.db;
    patientA = (await createPatient(db, { organisationId: w.ids.practiceId, familyName: 'Durand', givenName: 'Anne' })).patientId;
    const patientB = (await createPatient(db, { organisationId: w.ids.practiceId, familyName: '=cmd', givenName: 'Bob' })).patientId;
    await billedVisit(t, w, { patientId: patientA, startsAt: '2026-03-03T09:00:00Z', coordinated: true });
    await billedVisit(t, w, { patientId: patientB, startsAt: '2026-03-20T14:00:00Z', coordinated: false });
    await billedVisit(t, w, { patientId: patientA, startsAt: '2026-03-31T22:30:00Z', coordinated: true }); // 00:30 on 1 April in Paris (summer time)
    await billedVisit(t, w, { patientId: patientA, startsAt: '2026-02-27T09:00:00Z', coordinated: true });
  });

  it('lists the month’s lines with totals (amount, insurer, patient)', async () => {
    const res = await get(t, w.derm, '/api/billing/statements/2026-03');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ month: '2026-03', clinician: { id: w.dermUserId, name: 'Dr Denis Roux' }, paymentMode: 'practice' });
    expect(s.lines.map((l: { actDate: string; patient: { name: string }; patientAmountCents: number }) => [l.actDate, l.patient.name, l.patientAmountCents])).toEqual([
      ['2026-03-03', 'DURAND Anne', 750],
      ['2026-03-20', '=CMD Bob', 1750],
    ]);
    expect(s.totals).toEqual([{ currency: 'EUR', count: 2, amountCents: 5000, insurerCents: 2500, patientCents: 2500, patientDueCents: 2500 }]);
    // Audited once per patient listed.
    const audit = await t.database.db.selectFrom('audit_events').select(['patient_id', 'details']).where('action', '=', 'billing.statement_read').where('actor_user_id', '=', w.dermUserId).execute();
    expect(audit).toHaveLength(2);
    expect(new Set(audit.map((a) => a.patient_id)).has(patientA)).toBe(true);
  });

  it('downloads as CSV (no formula injection) and PDF, without patient names in the URL', async () => {
    const csv = await get(t, w.derm, '/api/billing/statements/2026-03.csv');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="dermlink-statement-2026-03.csv"');
    const rows = csv.body.trim().split('\r\n');
    expect(rows[0]).toBe('act_date,act_code,label,source,patient,patient_id,coordinated,currency,amount,insurer_percent,insurer_amount,patient_amount,explanation,note,payment_status,paid_via,paid_at,fee_entry_id,line_id');
    expect(rows[1]).toMatch(/^2026-03-03,TCG,Teleconsultation,visit,DURAND Anne,[0-9a-f-]{36},true,EUR,25\.00,70,17\.50,7\.50,,,due,,,/);
    expect(rows[2]).toContain(",'=CMD Bob,");
    expect(rows[3]).toBe('total,,,,,,,EUR,50.00,,25.00,25.00,,2 acts,,,,,');
    // In the page's language when it says so (the person's own otherwise).
    const french = (await get(t, w.derm, '/api/billing/statements/2026-03.csv?lang=fr')).body.trim().split('\r\n');
    expect(french[1]).toMatch(/^2026-03-03,TCG,Téléconsultation,visit,/);
    expect(french.at(-1)).toBe('total,,,,,,,EUR,50.00,,25.00,25.00,,2 actes,,,,,');
    const pdf = await get(t, w.derm, '/api/billing/statements/2026-03.pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(1000);
    const drawn = pdfStrings(pdf.rawPayload);
    expect(drawn).toEqual(expect.arrayContaining(['Monthly billing statement', 'DURAND Anne', '=CMD Bob', 'TCG · Teleconsultation', '2 acts', 'Totals']));
    expect(drawn.some((d) => d.startsWith('Clinician: Dr Denis Roux'))).toBe(true);
    const formats = await t.database.db.selectFrom('audit_events').select('details').where('action', '=', 'billing.statement_read').where('actor_user_id', '=', w.dermUserId).execute();
    expect(new Set(formats.map((f) => (f.details as { format: string }).format))).toEqual(new Set(['json', 'csv', 'pdf']));
  });

  it('is scoped: own statement for clinicians; any clinician of the network for its coordinator; 404 otherwise', async () => {
    expect((await get(t, w.coordinator, `/api/billing/statements/2026-03?clinicianId=${w.dermUserId}`)).json().totals[0].count).toBe(2);
    expect((await get(t, w.coordinator, '/api/billing/statements/2026-03')).json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'clinicianId' }] });
    expect((await get(t, other.coordinator, `/api/billing/statements/2026-03?clinicianId=${w.dermUserId}`)).statusCode).toBe(404);
    expect((await get(t, other.coordinator, `/api/billing/statements/2026-03.csv?clinicianId=${w.dermUserId}`)).statusCode).toBe(404);
    expect((await get(t, w.derm2, `/api/billing/statements/2026-03?clinicianId=${w.dermUserId}`)).statusCode).toBe(404);
    expect((await get(t, w.gp, '/api/billing/statements/2026-03')).json().lines).toEqual([]);
    expect((await get(t, w.derm, '/api/billing/statements/2026-13')).statusCode).toBe(400);
    const clinicians = (await get(t, w.coordinator, '/api/billing/clinicians')).json().clinicians;
    expect(clinicians.map((c: { id: string }) => c.id).sort()).toEqual([w.gpUserId, w.dermUserId, w.derm2UserId, w.users.otherDerm.userId].sort());
    expect((await get(t, w.derm, '/api/billing/clinicians')).statusCode).toBe(403);
  });

  it('lets the clinician record the patient’s share as paid at the practice, once', async () => {
    const line = (await get(t, w.derm, '/api/billing/statements/2026-03')).json().lines[0];
    expect((await post(t, w.derm2, `/api/billing/lines/${line.id}/mark-paid`)).statusCode).toBe(404);
    expect((await post(t, w.coordinator, `/api/billing/lines/${line.id}/mark-paid`)).statusCode).toBe(403);
    const res = await post(t, w.derm, `/api/billing/lines/${line.id}/mark-paid`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ paymentStatus: 'paid', paidVia: 'practice', paidAt: '2026-04-02T09:00:00.000Z' });
    expect((await post(t, w.derm, `/api/billing/lines/${line.id}/mark-paid`)).json()).toMatchObject({ code: 'billing_line_not_due' });
    expect((await get(t, w.derm, '/api/billing/statements/2026-03')).json().totals[0]).toMatchObject({ patientCents: 2500, patientDueCents: 1750 });
    const audit = await t.database.db.selectFrom('audit_events').select(['patient_id', 'resource_id']).where('action', '=', 'billing.mark_paid').execute();
    expect(audit).toEqual([{ patient_id: patientA, resource_id: line.id }]);
  });
});
