import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { createClinician, createNetwork, signInAs, type TestSession } from '../test/factories.ts';

let t: TestApp;
let gp: TestSession;
let otherGp: TestSession;
beforeAll(async () => {
  t = await createTestApp();
  const ids = await createNetwork(t.database.db);
  gp = await signInAs(t, await createClinician(t.database.db, { organisationId: ids.practiceId, role: 'requester' }));
  const elsewhere = await createNetwork(t.database.db);
  otherGp = await signInAs(t, await createClinician(t.database.db, { organisationId: elsewhere.practiceId, role: 'requester' }));
});
afterAll(() => t.close());

const base = { familyName: 'Lefèvre', givenName: 'Hélène', birthDate: '1975-04-02', sex: 'female', email: 'h.lefevre@example.test' };
const create = (s: TestSession, payload: object) => t.app.inject({ method: 'POST', url: '/api/patients', headers: s.headers, payload });

describe('patients', () => {
  it('creates a patient with a valid NIR and NHS number, normalised', async () => {
    const fr = await create(gp, { ...base, familyName: 'Durand', nationalId: { kind: 'fr_ins', value: '2 69 05 49 588 157 80' } });
    expect(fr.statusCode, fr.body).toBe(201);
    expect(fr.json()).toMatchObject({ familyName: 'Durand', age: 50, consentStatus: 'none', nationalId: { kind: 'fr_ins', value: '269054958815780', display: '2 69 05 49 588 157 80' } });
    const uk = await create(gp, { ...base, familyName: 'Smith', phone: '+44 7700 900123', email: null, nationalId: { kind: 'uk_nhs', value: '943 476 5919' } });
    expect(uk.statusCode, uk.body).toBe(201);
    expect(uk.json().nationalId.value).toBe('9434765919');
  });

  it('refuses a wrong NIR key or NHS check digit with the field path', async () => {
    const fr = await create(gp, { ...base, familyName: 'Key', nationalId: { kind: 'fr_ins', value: '269054958815781' } });
    expect(fr.statusCode).toBe(400);
    expect(fr.json().errors).toEqual([{ path: 'nationalId.value', message: 'clinical.nationalId.invalidChecksum' }]);
    const uk = await create(gp, { ...base, familyName: 'Key', nationalId: { kind: 'uk_nhs', value: '943 476 5918' } });
    expect(uk.json().errors).toEqual([{ path: 'nationalId.value', message: 'clinical.nationalId.invalidChecksum' }]);
  });

  it('requires a contact (email or mobile phone)', async () => {
    const res = await create(gp, { ...base, email: null, familyName: 'Nocontact' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('email');
  });

  it('warns on a likely duplicate (accent- and case-insensitive) unless confirmed', async () => {
    const first = await create(gp, base);
    expect(first.statusCode).toBe(201);
    const dup = await create(gp, { ...base, familyName: 'LEFEVRE', givenName: 'helene', email: 'other@example.test' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'possible_duplicate', candidates: [{ id: first.json().id, familyName: 'Lefèvre', birthDate: '1975-04-02' }] });
    const confirmed = await create(gp, { ...base, familyName: 'LEFEVRE', givenName: 'helene', confirmDuplicate: true });
    expect(confirmed.statusCode).toBe(201);
    // Another organisation has its own patients: no warning there.
    expect((await create(otherGp, base)).statusCode).toBe(201);
  });

  it('finds patients by name and birth date within the organisation only', async () => {
    await create(gp, { ...base, familyName: 'Éloïse-Garnier', givenName: 'Zoé', birthDate: '1990-01-01', confirmDuplicate: true });
    const byName = await t.app.inject({ url: '/api/patients?q=eloise', headers: gp.headers });
    expect(byName.statusCode).toBe(200);
    expect(byName.json().items.map((p: { familyName: string }) => p.familyName)).toEqual(['Éloïse-Garnier']);
    const byGiven = await t.app.inject({ url: '/api/patients?q=zoe&birthDate=1990-01-01', headers: gp.headers });
    expect(byGiven.json().items).toHaveLength(1);
    const wrongDate = await t.app.inject({ url: '/api/patients?q=zoe&birthDate=1990-01-02', headers: gp.headers });
    expect(wrongDate.json().items).toHaveLength(0);
    const outside = await t.app.inject({ url: '/api/patients?q=eloise', headers: otherGp.headers });
    expect(outside.json().items).toHaveLength(0);
    const id = byName.json().items[0].id;
    expect((await t.app.inject({ url: `/api/patients/${id}`, headers: otherGp.headers })).statusCode).toBe(404);
    const audits = await t.database.db.selectFrom('audit_events').select('action').where('patient_id', '=', id).execute();
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['patient.create', 'patient.search_result']));
  });

  it('records consent (who, when, how, scope) and its withdrawal', async () => {
    const p = (await create(gp, { ...base, familyName: 'Consent', birthDate: '1960-02-02' })).json();
    const consent = await t.app.inject({ method: 'POST', url: `/api/patients/${p.id}/consents`, headers: gp.headers, payload: { method: 'signed', scope: ['photos', 'remote_expertise'] } });
    expect(consent.statusCode).toBe(201);
    expect(consent.json()).toMatchObject({ method: 'signed', scope: ['photos', 'remote_expertise'], recordedAt: t.clock.now().toISOString(), withdrawnAt: null });
    expect((await t.app.inject({ url: `/api/patients/${p.id}`, headers: gp.headers })).json().consentStatus).toBe('given');
    await t.app.inject({ method: 'POST', url: `/api/patients/${p.id}/consents/${consent.json().id}/withdraw`, headers: gp.headers, payload: { reason: 'changed mind' } });
    expect((await t.app.inject({ url: `/api/patients/${p.id}`, headers: gp.headers })).json().consentStatus).toBe('withdrawn');
    const list = (await t.app.inject({ url: `/api/patients/${p.id}/consents`, headers: gp.headers })).json();
    expect(list.items[0]).toMatchObject({ withdrawalReason: 'changed mind' });
    expect(list.items[0].withdrawnAt).not.toBeNull();
  });
});
