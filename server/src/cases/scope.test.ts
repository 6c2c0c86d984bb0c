import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClinician, createNetwork, createPatient, signInAs } from '../test/factories.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { answerBody, completeRequest, createWorld, draftCase, get, post, submittedCase, type World } from './test-world.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t.close());

describe('who sees which case', () => {
  it('requesters see their organisation’s cases, not another practice’s', async () => {
    const { id } = await submittedCase(t, w);
    const colleague = await signInAs(t, await createClinician(t.database.db, { organisationId: w.ids.practiceId, role: 'requester' }));
    expect((await get(t, colleague, `/api/cases/${id}`)).statusCode).toBe(200);
    const elsewhere = await createNetwork(t.database.db);
    const stranger = await signInAs(t, await createClinician(t.database.db, { organisationId: elsewhere.practiceId, role: 'requester' }));
    expect((await get(t, stranger, `/api/cases/${id}`)).statusCode).toBe(404);
    expect((await post(t, stranger, `/api/cases/${id}/withdraw`, {})).statusCode).toBe(404);
    expect((await get(t, stranger, '/api/cases')).json().items).toEqual([]);
  });

  it('coordinators see their network’s cases (read only)', async () => {
    const { id } = await submittedCase(t, w);
    expect((await get(t, w.coordinator, `/api/cases/${id}`)).statusCode).toBe(200);
    expect((await get(t, w.coordinator, '/api/cases?view=waiting')).json().items.map((c: { id: string }) => c.id)).toContain(id);
    expect((await post(t, w.coordinator, `/api/cases/${id}/claim`)).statusCode).toBe(403);
  });

  it('patients see their own submitted cases, never drafts, and not the answer held for the GP', async () => {
    const p = await createPatient(t.database.db, { organisationId: w.ids.practiceId, withAccount: true, familyName: 'Own', givenName: 'Case' });
    await post(t, w.gp, `/api/patients/${p.patientId}/consents`, { method: 'oral_in_consultation', scope: ['photos', 'remote_expertise'] });
    const patient = await signInAs(t, { userId: p.userId! });
    const draft = await draftCase(t, w, p.patientId);
    expect((await get(t, patient, `/api/cases/${draft}`)).statusCode).toBe(404);
    const { id } = await submittedCase(t, w, { patientId: p.patientId });
    expect((await get(t, patient, `/api/cases/${id}`)).statusCode).toBe(200);
    await post(t, w.derm, `/api/cases/${id}/claim`);
    await post(t, w.derm, `/api/cases/${id}/answer`, { ...answerBody, outcome: 'suspected_cancer_pathway', gpDiscussesFirst: true });
    const held = (await get(t, patient, `/api/cases/${id}`)).json();
    expect(held.state).toBe('answered');
    expect(held.answer).toBeNull();
    await post(t, w.gp, `/api/cases/${id}/acknowledge`);
    expect((await get(t, patient, `/api/cases/${id}`)).json().answer.outcome).toBe('suspected_cancer_pathway');
    // Someone else's case is not found.
    const other = await submittedCase(t, w);
    expect((await get(t, patient, `/api/cases/${other.id}`)).statusCode).toBe(404);
  });

  it('dermatologists never see drafts', async () => {
    const patientId = (await createPatient(t.database.db, { organisationId: w.ids.practiceId })).patientId;
    const id = await draftCase(t, w, patientId, completeRequest);
    expect((await get(t, w.derm, `/api/cases/${id}`)).statusCode).toBe(404);
  });
});

describe('the requester’s list', () => {
  it('filters by view and counts for the badge', async () => {
    const elsewhere = await createNetwork(t.database.db);
    const gpUser = await createClinician(t.database.db, { organisationId: elsewhere.practiceId, role: 'requester' });
    const dermUser = await createClinician(t.database.db, { organisationId: elsewhere.serviceId, role: 'dermatologist' });
    const v: World = { ...w, ids: elsewhere, gp: await signInAs(t, gpUser), gpUserId: gpUser.userId, derm: await signInAs(t, dermUser), dermUserId: dermUser.userId };
    const p = await createPatient(t.database.db, { organisationId: elsewhere.practiceId });
    await post(t, v.gp, `/api/patients/${p.patientId}/consents`, { method: 'signed', scope: ['photos', 'remote_expertise'] });
    const draft = await draftCase(t, v, p.patientId, { reason: 'rash' });
    const waiting = await submittedCase(t, v, { patientId: p.patientId });
    const question = await submittedCase(t, v, { patientId: p.patientId });
    await post(t, v.derm, `/api/cases/${question.id}/claim`);
    await post(t, v.derm, `/api/cases/${question.id}/questions`, { body: 'Photo in daylight?' });
    const answered = await submittedCase(t, v, { patientId: p.patientId });
    await post(t, v.derm, `/api/cases/${answered.id}/claim`);
    await post(t, v.derm, `/api/cases/${answered.id}/answer`, answerBody);

    const ids = async (view: string) => (await get(t, v.gp, `/api/cases?view=${view}`)).json().items.map((c: { id: string }) => c.id);
    expect(await ids('drafts')).toEqual([draft]);
    expect(await ids('waiting')).toEqual([waiting.id]);
    expect(await ids('awaiting_me')).toEqual([question.id]);
    expect(await ids('answered_unread')).toEqual([answered.id]);
    const all = (await get(t, v.gp, '/api/cases')).json();
    expect(all.total).toBe(4);
    expect(all.items.find((c: { id: string }) => c.id === answered.id)).toMatchObject({ unread: true, outcome: 'advice_only', patient: { familyName: 'Test' } });
    expect((await get(t, v.gp, '/api/cases/counts')).json()).toEqual({ answeredUnread: 1, awaitingMe: 1, drafts: 1, waiting: 1 });
  });

  it('offers the network’s services and their dermatologists for routing', async () => {
    const res = (await get(t, w.gp, '/api/cases/routing-options')).json();
    const service = res.services.find((s: { id: string }) => s.id === w.ids.serviceId);
    expect(service).toMatchObject({ routineCalendarDays: 7, urgentWorkingDays: 2 });
    expect(service.dermatologists.map((d: { id: string }) => d.id).sort()).toEqual([w.dermUserId, w.derm2UserId].sort());
  });

  it('publishes every route in OpenAPI', async () => {
    const spec = (await t.app.inject('/api/openapi.json')).json();
    for (const path of ['/api/cases', '/api/cases/{caseId}', '/api/cases/{caseId}/claim', '/api/queue', '/api/cases/{caseId}/report.pdf', '/api/patients', '/api/icd10', '/api/answer-templates']) {
      expect(spec.paths[path], path).toBeDefined();
    }
  });
});
