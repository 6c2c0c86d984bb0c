import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { answerBody, completeRequest, createWorld, draftCase, get, newPatientWithConsent, post, submittedCase, type World } from './test-world.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t.close());

describe('case lifecycle', () => {
  it('goes draft -> submitted -> in_review -> awaiting_requester -> in_review -> answered -> acknowledged, with a timeline', async () => {
    const patientId = await newPatientWithConsent(t, w);
    const id = await draftCase(t, w, patientId);
    expect((await get(t, w.gp, `/api/cases/${id}`)).json().state).toBe('draft');

    const submitted = await post(t, w.gp, `/api/cases/${id}/submit`);
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ state: 'submitted', transition: 'submit', allowedTransitions: ['withdraw'] });

    const claimed = await post(t, w.derm, `/api/cases/${id}/claim`);
    expect(claimed.json()).toMatchObject({ state: 'in_review', allowedTransitions: ['release', 'ask_question', 'sign_answer', 'reassign'] });

    const asked = await post(t, w.derm, `/api/cases/${id}/questions`, { body: 'Any bleeding recently?' });
    expect(asked.json().state).toBe('awaiting_requester');
    const replied = await post(t, w.gp, `/api/cases/${id}/replies`, { body: 'No bleeding.' });
    expect(replied.json().state).toBe('in_review');

    const signed = await post(t, w.derm, `/api/cases/${id}/answer`, answerBody);
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().state).toBe('answered');

    const acknowledged = await post(t, w.gp, `/api/cases/${id}/acknowledge`);
    expect(acknowledged.json()).toMatchObject({ state: 'acknowledged', allowedTransitions: [] });

    const page = (await get(t, w.gp, `/api/cases/${id}`)).json();
    expect(page.timeline.map((e: { transition: string; fromState: string; toState: string }) => `${e.transition}:${e.fromState}->${e.toState}`)).toEqual([
      'submit:draft->submitted',
      'claim:submitted->in_review',
      'ask_question:in_review->awaiting_requester',
      'answer_question:awaiting_requester->in_review',
      'sign_answer:in_review->answered',
      'acknowledge:answered->acknowledged',
    ]);
    expect(page.timeline[1].actor).toMatchObject({ id: w.dermUserId, name: 'Dr Denis Roux', role: 'dermatologist' });
    expect(page.messages.map((m: { kind: string; body: string }) => [m.kind, m.body])).toEqual([
      ['question', 'Any bleeding recently?'],
      ['reply', 'No bleeding.'],
    ]);
    expect(page.answer).toMatchObject({ diagnosis: 'Seborrhoeic keratosis', outcome: 'advice_only', signedBy: { id: w.dermUserId } });
    expect(page.answer.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(page.schemaVersion).toBe(1);
    expect(page.acknowledgedAt).not.toBeNull();
  });

  it('releases to the pool and reassigns within the service only', async () => {
    const { id } = await submittedCase(t, w);
    await post(t, w.derm, `/api/cases/${id}/claim`);
    const released = await post(t, w.derm, `/api/cases/${id}/release`);
    expect(released.json()).toMatchObject({ state: 'submitted', allowedTransitions: ['claim'] });

    await post(t, w.derm, `/api/cases/${id}/claim`);
    const outside = await post(t, w.derm, `/api/cases/${id}/reassign`, { dermatologistId: w.gpUserId });
    expect(outside.statusCode).toBe(422);
    expect(outside.json()).toMatchObject({ code: 'routing_invalid', errors: [{ path: 'dermatologistId' }] });

    const reassigned = await post(t, w.derm, `/api/cases/${id}/reassign`, { dermatologistId: w.derm2UserId });
    expect(reassigned.statusCode, reassigned.body).toBe(200);
    expect(reassigned.json().state).toBe('in_review');
    const page = (await get(t, w.derm2, `/api/cases/${id}`)).json();
    expect(page.routing.assignedDermatologist).toMatchObject({ id: w.derm2UserId });
    expect(page.allowedTransitions).toContain('sign_answer');
    // The former assignee can no longer act on it.
    const notMine = await post(t, w.derm, `/api/cases/${id}/answer`, answerBody);
    expect(notMine.statusCode).toBe(409);
    expect(notMine.json()).toMatchObject({ code: 'not_assigned', currentState: 'in_review' });
  });

  it('lets the requester withdraw an open case', async () => {
    const { id } = await submittedCase(t, w);
    expect((await get(t, w.gp, `/api/cases/${id}`)).json()).toMatchObject({ allowedTransitions: ['withdraw'], withdrawal: null });
    const res = await post(t, w.gp, `/api/cases/${id}/withdraw`, {});
    expect(res.json()).toMatchObject({ state: 'withdrawn', allowedTransitions: [] });
    expect((await get(t, w.gp, `/api/cases/${id}`)).json().withdrawal).toEqual({ at: t.clock.now().toISOString(), reason: null });
  });

  it('keeps the reason of a withdrawal, for the requester and the dermatologist; refuses one over 500 characters', async () => {
    const { id } = await submittedCase(t, w);
    await post(t, w.derm, `/api/cases/${id}/claim`);
    const tooLong = await post(t, w.gp, `/api/cases/${id}/withdraw`, { reason: 'x'.repeat(501) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors).toEqual([expect.objectContaining({ path: 'reason' })]);
    expect((await get(t, w.gp, `/api/cases/${id}`)).json()).toMatchObject({ state: 'in_review', withdrawal: null });

    const res = await post(t, w.gp, `/api/cases/${id}/withdraw`, { reason: '  Seen at the hospital yesterday.  ' });
    expect(res.statusCode, res.body).toBe(200);
    const withdrawal = { at: t.clock.now().toISOString(), reason: 'Seen at the hospital yesterday.' };
    expect((await get(t, w.gp, `/api/cases/${id}`)).json()).toMatchObject({ state: 'withdrawn', withdrawal });
    expect((await get(t, w.derm, `/api/cases/${id}`)).json()).toMatchObject({ state: 'withdrawn', withdrawal });
    // The reason is clinical record, not an audit or timeline detail.
    const events = await t.database.db.selectFrom('case_events').select('details').where('case_id', '=', id).where('transition', '=', 'withdraw').execute();
    const audits = await t.database.db.selectFrom('audit_events').select('details').where('resource_id', '=', id).execute();
    expect(events).toHaveLength(1);
    expect(JSON.stringify([events, audits])).not.toContain('hospital');
  });
});

describe('refused transitions answer 409 with the current state', () => {
  const cases: Array<[string, 'gp' | 'derm', string, object?]> = [
    ['claim', 'derm', 'claim'],
    ['release', 'derm', 'release'],
    ['ask_question', 'derm', 'questions', { body: 'Q?' }],
    ['sign_answer', 'derm', 'answer', answerBody],
    ['acknowledge', 'gp', 'acknowledge'],
    ['answer_question', 'gp', 'replies', { body: 'A.' }],
  ];
  it.each(cases)('%s on a draft', async (transition, who, path, payload) => {
    const patientId = await newPatientWithConsent(t, w);
    const id = await draftCase(t, w, patientId);
    const res = await post(t, w[who], `/api/cases/${id}/${path}`, payload ?? {});
    if (who === 'derm') {
      // A draft is not visible to dermatologists at all.
      expect(res.statusCode).toBe(404);
    } else {
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'invalid_transition', currentState: 'draft', transition });
    }
  });

  it('refuses each transition from a state it does not start from', async () => {
    const { id } = await submittedCase(t, w);
    const again = await post(t, w.gp, `/api/cases/${id}/submit`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'invalid_transition', currentState: 'submitted', transition: 'submit' });
    for (const [path, payload] of [['release', {}], ['questions', { body: 'Q?' }], ['answer', answerBody], ['reassign', { dermatologistId: w.derm2UserId }]] as const) {
      const res = await post(t, w.derm, `/api/cases/${id}/${path}`, payload);
      expect(res.statusCode, path).toBe(409);
      expect(res.json()).toMatchObject({ code: 'invalid_transition', currentState: 'submitted' });
    }
    const ack = await post(t, w.gp, `/api/cases/${id}/acknowledge`);
    expect(ack.json()).toMatchObject({ code: 'invalid_transition', currentState: 'submitted' });
    const reply = await post(t, w.gp, `/api/cases/${id}/replies`, { body: 'x' });
    expect(reply.json()).toMatchObject({ code: 'invalid_transition', currentState: 'submitted' });

    await post(t, w.derm, `/api/cases/${id}/claim`);
    await post(t, w.derm, `/api/cases/${id}/answer`, answerBody);
    const withdraw = await post(t, w.gp, `/api/cases/${id}/withdraw`, {});
    expect(withdraw.json()).toMatchObject({ code: 'invalid_transition', currentState: 'answered', transition: 'withdraw' });
    const claim = await post(t, w.derm2, `/api/cases/${id}/claim`);
    expect(claim.json()).toMatchObject({ code: 'invalid_transition', currentState: 'answered' });
  });

  it('refuses a role the transition does not belong to (403)', async () => {
    const { id } = await submittedCase(t, w);
    expect((await post(t, w.gp, `/api/cases/${id}/claim`)).statusCode).toBe(403);
    expect((await post(t, w.derm, `/api/cases/${id}/withdraw`, {})).statusCode).toBe(403);
  });

  it('lets exactly one of two concurrent claims win', async () => {
    const { id } = await submittedCase(t, w);
    const [a, b] = await Promise.all([post(t, w.derm, `/api/cases/${id}/claim`), post(t, w.derm2, `/api/cases/${id}/claim`)]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json()).toMatchObject({ code: 'invalid_transition', currentState: 'in_review' });
    const events = await t.database.db.selectFrom('case_events').select('transition').where('case_id', '=', id).where('transition', '=', 'claim').execute();
    expect(events).toHaveLength(1);
  });
});

describe('submission', () => {
  it('requires consent (422 consent_required), also after withdrawal', async () => {
    const { createPatient } = await import('../test/factories.ts');
    const p = await createPatient(t.database.db, { organisationId: w.ids.practiceId });
    const id = await draftCase(t, w, p.patientId);
    const refused = await post(t, w.gp, `/api/cases/${id}/submit`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('consent_required');

    const consent = await post(t, w.gp, `/api/patients/${p.patientId}/consents`, { method: 'signed', scope: ['photos', 'remote_expertise'] });
    const withdrawn = await post(t, w.gp, `/api/patients/${p.patientId}/consents/${consent.json().id}/withdraw`, {});
    expect(withdrawn.json()).toMatchObject({ withdrawnBy: { id: w.gpUserId } });
    expect((await post(t, w.gp, `/api/cases/${id}/submit`)).json().code).toBe('consent_required');

    await post(t, w.gp, `/api/patients/${p.patientId}/consents`, { method: 'signed', scope: ['photos', 'remote_expertise'] });
    expect((await post(t, w.gp, `/api/cases/${id}/submit`)).statusCode).toBe(200);
  });

  it('saves lenient drafts and validates strictly at submission with field paths', async () => {
    const patientId = await newPatientWithConsent(t, w);
    const id = await draftCase(t, w, patientId, { reason: 'suspicious_lesion' });
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/cases/${id}/draft`,
      headers: w.gp.headers,
      payload: { request: { reason: 'suspicious_lesion', pigmented: true, sevenPoint: { changeInSize: true }, question: null } },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const refused = await post(t, w.gp, `/api/cases/${id}/submit`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('request_incomplete');
    const paths = refused.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['request.bodySite', 'request.question', 'request.urgency', 'request.sevenPoint.irregularShape']));
    // A bad value in a draft is still refused with its path.
    const bad = await t.app.inject({ method: 'PUT', url: `/api/cases/${id}/draft`, headers: w.gp.headers, payload: { request: { urgency: 'whenever' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('request.urgency');
  });

  it('flags suspected cancer from a 7-point score of 3 and raises the priority, keeping the urgency', async () => {
    const { id } = await submittedCase(t, w, {
      request: { ...completeRequest, urgency: 'routine', sevenPoint: { ...completeRequest.sevenPoint!, changeInSize: true } },
    });
    const page = (await get(t, w.derm, `/api/cases/${id}`)).json();
    expect(page).toMatchObject({ sevenPointScore: 3, suspectedCancer: true, priority: 'suspected_cancer', urgency: 'routine' });
    const low = await submittedCase(t, w, { request: { ...completeRequest, urgency: 'urgent' } });
    expect((await get(t, w.derm, `/api/cases/${low.id}`)).json()).toMatchObject({ sevenPointScore: 1, suspectedCancer: false, priority: 'urgent' });
    const row = await t.database.db.selectFrom('cases').select(['schema_version', 'priority_rank']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ schema_version: 1, priority_rank: 0 });
  });

  it('refuses routing to a service outside the network', async () => {
    const patientId = await newPatientWithConsent(t, w);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: w.gp.headers,
      payload: { patientId, request: completeRequest, routing: { kind: 'service', serviceId: w.ids.practiceId } },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'routing_invalid', errors: [{ path: 'routing.serviceId' }] });
  });
});
