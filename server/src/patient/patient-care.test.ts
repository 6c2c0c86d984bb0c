// The patient kept informed: the plain timeline of their own cases, the hold of
// bad news until the GP releases it, content-free emails at each step (over a
// real SMTP server), and their consents with withdrawal.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answerBody, completeRequest, createWorld, draftCase, get, post, type World } from '../cases/test-world.ts';
import { createClinician, createPatient, signInAs, type TestSession } from '../test/factories.ts';
import type { MailCatcher } from '../test/mail-catcher.ts';
import { type TestMailQueue, closeMailingTestApp, createMailingTestApp } from '../test/mail-queue.ts';
import type { TestApp } from '../test/test-app.ts';

let t: TestApp;
let w: World;
let mail: MailCatcher;
let mailQueue: TestMailQueue;

beforeAll(async () => {
  ({ t, mail, mailQueue } = await createMailingTestApp());
  w = await createWorld(t);
});
afterAll(async () => {
  await closeMailingTestApp({ t, mail, mailQueue });
});
beforeEach(() => mail.clear());

interface PatientWorld {
  patientId: string;
  email: string;
  session: TestSession;
}

async function patientWithAccount(familyName = 'Moreau'): Promise<PatientWorld> {
  const p = await createPatient(t.database.db, { organisationId: w.ids.practiceId, familyName, givenName: 'Céleste', withAccount: true });
  const consent = await post(t, w.gp, `/api/patients/${p.patientId}/consents`, { method: 'oral_in_consultation', scope: ['photos', 'remote_expertise'] });
  expect(consent.statusCode, consent.body).toBe(201);
  return { patientId: p.patientId, email: p.email!, session: await signInAs(t, { userId: p.userId! }) };
}

async function submitted(p: PatientWorld) {
  const id = await draftCase(t, w, p.patientId, completeRequest);
  expect((await post(t, w.gp, `/api/cases/${id}/submit`, {})).statusCode).toBe(200);
  return id;
}

async function answered(p: PatientWorld, answer: Partial<typeof answerBody> = {}) {
  const id = await submitted(p);
  expect((await post(t, w.derm, `/api/cases/${id}/claim`)).statusCode).toBe(200);
  const res = await post(t, w.derm, `/api/cases/${id}/answer`, { ...answerBody, ...answer });
  expect(res.statusCode, res.body).toBe(200);
  return id;
}

const myCase = async (p: PatientWorld, id: string) => {
  const res = await get(t, p.session, '/api/me/cases');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().cases as Array<Record<string, unknown> & { id: string; steps: Array<{ kind: string; params: Record<string, string> }> }>).find((c) => c.id === id);
};

describe('the timeline of my cases', () => {
  it('has one plain step per stage: sent, looked at, question, answered with summary and next step', async () => {
    const p = await patientWithAccount();
    const id = await submitted(p);
    let c = await myCase(p, id);
    expect(c).toMatchObject({ status: 'in_progress', summary: null, nextStep: null });
    expect(c!.steps.map((s) => s.kind)).toEqual(['sent']);
    expect(c!.steps[0]!.params.expectedBy).toMatch(/^\d{4}-\d\d-\d\dT/);

    expect((await post(t, w.derm, `/api/cases/${id}/claim`)).statusCode).toBe(200);
    expect((await post(t, w.derm, `/api/cases/${id}/questions`, { body: 'Any bleeding?' })).statusCode).toBe(200);
    c = await myCase(p, id);
    expect(c!.steps.map((s) => s.kind)).toEqual(['sent', 'reviewing', 'question_asked']);
    expect(c!.steps[0]!.params).toEqual({});
    expect((await post(t, w.gp, `/api/cases/${id}/replies`, { body: 'No.' })).statusCode).toBe(200);
    expect((await post(t, w.derm, `/api/cases/${id}/answer`, answerBody)).statusCode).toBe(200);

    c = await myCase(p, id);
    expect(c!.steps.map((s) => s.kind)).toEqual(['sent', 'reviewing', 'question_asked', 'question_answered', 'answered']);
    expect(c!.steps.at(-1)!.params).toEqual({ summary: 'This spot is harmless.', nextStep: 'advice_only' });
    expect(c).toMatchObject({ status: 'answered', summary: 'This spot is harmless.', nextStep: 'advice_only' });
    // No clinical jargon, codes or internal state names in what the patient receives.
    const raw = JSON.stringify(c);
    for (const word of ['Seborrhoeic', 'L82', 'Melanoma', 'in_review', 'awaiting_requester', 'Reassure']) expect(raw).not.toContain(word);
  });

  it('shows a withdrawn case as stopped', async () => {
    const p = await patientWithAccount();
    const id = await submitted(p);
    expect((await post(t, w.gp, `/api/cases/${id}/withdraw`, {})).statusCode).toBe(200);
    const c = await myCase(p, id);
    expect(c).toMatchObject({ status: 'withdrawn' });
    expect(c!.steps.map((s) => s.kind)).toEqual(['sent', 'withdrawn']);
  });

  it('never shows drafts nor other patients’ cases; clinicians cannot use it', async () => {
    const p = await patientWithAccount();
    const other = await patientWithAccount('Lambert');
    const draft = await draftCase(t, w, p.patientId, completeRequest);
    const othersCase = await submitted(other);
    const mine = (await get(t, p.session, '/api/me/cases')).json().cases.map((c: { id: string }) => c.id);
    expect(mine).not.toContain(draft);
    expect(mine).not.toContain(othersCase);
    expect(mine).toEqual([]);
    expect((await get(t, p.session, `/api/cases/${othersCase}`)).statusCode).toBe(404);
    expect((await get(t, p.session, `/api/cases/${draft}`)).statusCode).toBe(404);
    expect((await get(t, w.gp, '/api/me/cases')).statusCode).toBe(403);
  });
});

describe('the hold: bad news never arrives by app alone', () => {
  it('holds a suspected-cancer answer until the GP releases it', async () => {
    const p = await patientWithAccount();
    const id = await answered(p, { outcome: 'suspected_cancer_pathway', patientSummary: 'We need to look closer at this spot.' });
    let c = await myCase(p, id);
    expect(c).toMatchObject({ status: 'held', summary: null, nextStep: null });
    expect(c!.steps.at(-1)).toMatchObject({ kind: 'answer_with_doctor', params: {} });
    expect(JSON.stringify(c)).not.toContain('look closer');
    expect((await get(t, w.gp, `/api/cases/${id}/patient-release`)).json()).toEqual({ held: true, releasedAt: null });

    // Nobody but the requester releases it.
    expect((await post(t, p.session, `/api/cases/${id}/release-to-patient`)).statusCode).toBe(403);
    expect((await post(t, w.derm, `/api/cases/${id}/release-to-patient`)).statusCode).toBe(403);
    const colleague = await createClinician(t.database.db, { organisationId: w.ids.practiceId, role: 'requester' });
    expect((await post(t, await signInAs(t, colleague), `/api/cases/${id}/release-to-patient`)).statusCode).toBe(404);

    const released = await post(t, w.gp, `/api/cases/${id}/release-to-patient`);
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({ held: false, releasedAt: t.clock.now().toISOString() });
    c = await myCase(p, id);
    expect(c).toMatchObject({ status: 'answered', summary: 'We need to look closer at this spot.', nextStep: 'suspected_cancer_pathway' });
    const audit = await t.database.db.selectFrom('audit_events').select(['actor_user_id', 'patient_id']).where('action', '=', 'case.release_to_patient').where('resource_id', '=', id).execute();
    expect(audit).toEqual([{ actor_user_id: w.gpUserId, patient_id: p.patientId }]);
  });

  it('holds an answer the dermatologist wants the GP to discuss first; an unheld one cannot be released', async () => {
    const p = await patientWithAccount();
    const held = await answered(p, { gpDiscussesFirst: true });
    expect(await myCase(p, held)).toMatchObject({ status: 'held', summary: null });
    const open = await answered(p);
    expect(await myCase(p, open)).toMatchObject({ status: 'answered', summary: 'This spot is harmless.' });
    const refused = await post(t, w.gp, `/api/cases/${open}/release-to-patient`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('answer_not_held');
    expect((await post(t, w.gp, `/api/cases/${held}/release-to-patient`)).statusCode).toBe(200);
    expect(await myCase(p, held)).toMatchObject({ status: 'answered', summary: 'This spot is harmless.' });
  });
});

describe('emails to the patient', () => {
  it('says there is news at each step, with a link to /my-care, no name and no clinical content', async () => {
    const p = await patientWithAccount('Duchamp');
    const id = await submitted(p);
    const sent = await mail.next(p.email, 10_000);
    expect((await post(t, w.derm, `/api/cases/${id}/claim`)).statusCode).toBe(200);
    expect((await post(t, w.derm, `/api/cases/${id}/answer`, { ...answerBody, outcome: 'suspected_cancer_pathway' })).statusCode).toBe(200);
    const answeredMail = await mail.next(p.email, 10_000);
    expect((await post(t, w.gp, `/api/cases/${id}/release-to-patient`)).statusCode).toBe(200);
    const releasedMail = await mail.next(p.email, 10_000);
    for (const m of [sent, answeredMail, releasedMail]) {
      expect(m.subject).toContain('There is news about your care in DermLink');
      expect(m.subject).toContain('Du nouveau');
      expect(mail.linkIn(m)).toBe('http://dermlink.test:3000/my-care');
      for (const secret of ['Duchamp', 'Céleste', 'Seborrhoeic', 'harmless', 'cancer', 'Melanoma', id]) {
        expect(m.text).not.toContain(secret);
        expect(m.html).not.toContain(secret);
      }
    }
  });

  it('sends nothing to a patient without an email address', async () => {
    const p = await createPatient(t.database.db, { organisationId: w.ids.practiceId, email: null });
    await post(t, w.gp, `/api/patients/${p.patientId}/consents`, { method: 'oral_in_consultation', scope: ['photos', 'remote_expertise'] });
    const id = await draftCase(t, w, p.patientId, completeRequest);
    expect((await post(t, w.gp, `/api/cases/${id}/submit`, {})).statusCode).toBe(200);
    // A patient with an email, submitted after: the only message that arrives is theirs.
    const q = await patientWithAccount();
    await submitted(q);
    await mail.next(q.email, 10_000);
    expect(mail.messages.map((m) => m.to).flat()).toEqual([q.email]);
  });
});

describe('my consents', () => {
  it('lists my consents and withdraws one (who, when, audited); others’ consents are not found', async () => {
    const p = await patientWithAccount();
    const other = await patientWithAccount('Garnier');
    const list = await get(t, p.session, '/api/me/consents');
    expect(list.statusCode).toBe(200);
    expect(list.json().consents).toHaveLength(1);
    const consent = list.json().consents[0];
    expect(consent).toMatchObject({ scope: ['photos', 'remote_expertise'], withdrawnAt: null, withdrawnByMe: false });

    const othersId = (await get(t, other.session, '/api/me/consents')).json().consents[0].id;
    expect((await post(t, p.session, `/api/me/consents/${othersId}/withdraw`)).statusCode).toBe(404);

    const res = await post(t, p.session, `/api/me/consents/${consent.id}/withdraw`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: consent.id, withdrawnAt: t.clock.now().toISOString(), withdrawnByMe: true });
    const row = await t.database.db.selectFrom('consents').select(['withdrawn_by', 'withdrawn_at']).where('id', '=', consent.id).executeTakeFirstOrThrow();
    expect(row.withdrawn_by).not.toBeNull();
    const audit = await t.database.db.selectFrom('audit_events').select('patient_id').where('action', '=', 'consent.withdraw').where('resource_id', '=', consent.id).execute();
    expect(audit).toEqual([{ patient_id: p.patientId }]);
    // No consent, no submission.
    const id = await draftCase(t, w, p.patientId, completeRequest);
    expect((await post(t, w.gp, `/api/cases/${id}/submit`, {})).json().code).toBe('consent_required');
  });
});
