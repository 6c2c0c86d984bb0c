// TEMPORARY (perf work): old vs new getCase/getQueue give the same answers and audit rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import { createPatient, signInAs } from '../test/factories.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { getCase } from './get-case.ts';
import { getQueue } from './get-queue.ts';
import { answerBody, createWorld, draftCase, newPatientWithConsent, post, submittedCase, type World } from './test-world.ts';
import { getCase as oldGetCase } from './zz-old-get-case.ts';
import { getQueue as oldGetQueue } from './zz-old-get-queue.ts';
import { QueueQuerySchema } from '../../../contracts/cases/case.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(() => t.close());

function ctxFor(actor: Actor): Ctx {
  return {
    db: t.database.db,
    actor,
    sessionState: 'active',
    clock: t.clock,
    log: t.app.log,
    services: t.services,
    origin: { ip: '198.51.100.7', userAgent: 'equivalence', requestId: 'r' },
  } as Ctx;
}

async function auditSince(seq: number) {
  const rows = await t.database.db.selectFrom('audit_events').selectAll().where('seq', '>', seq).orderBy('seq').execute();
  return rows.map(({ id: _id, seq: _seq, occurred_at: _o, chain_seq: _c, prev_hash: _p, hash: _h, ...rest }) => rest);
}
async function maxSeq() {
  const r = await t.database.db.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
  return Number(r?.m ?? 0);
}

async function outcome(fn: () => Promise<unknown>) {
  const before = await maxSeq();
  try {
    const value = JSON.parse(JSON.stringify(await fn()));
    return { value, audit: await auditSince(before) };
  } catch (err) {
    return { error: (err as { code?: string }).code ?? String(err), audit: await auditSince(before) };
  }
}

describe('equivalence', () => {
  it('case page and queue', async () => {
    const ids = w.ids;
    const actors: Record<string, Actor> = {
      gp: { userId: w.users.gp.userId, sessionId: w.gp.sessionId, role: 'requester', organisationId: ids.practiceId, networkId: ids.networkId, membershipId: w.users.gp.membershipId, locale: 'fr' },
      derm: { userId: w.dermUserId, sessionId: w.derm.sessionId, role: 'dermatologist', organisationId: ids.serviceId, networkId: ids.networkId, membershipId: w.users.derm.membershipId, locale: 'fr' },
      derm2: { userId: w.derm2UserId, sessionId: w.derm2.sessionId, role: 'dermatologist', organisationId: ids.serviceId, networkId: ids.networkId, membershipId: w.users.derm2.membershipId, locale: 'en' },
      otherDerm: { userId: w.users.otherDerm.userId, sessionId: w.otherDerm.sessionId, role: 'dermatologist', organisationId: w.otherServiceId, networkId: ids.networkId, membershipId: w.users.otherDerm.membershipId, locale: 'fr' },
      coordinator: { userId: w.users.coordinator.userId, sessionId: w.coordinator.sessionId, role: 'coordinator', organisationId: ids.officeId, networkId: ids.networkId, membershipId: w.users.coordinator.membershipId, locale: 'fr' },
    };
    // A patient with an account and many cases in different states.
    const p = await createPatient(t.database.db, { organisationId: ids.practiceId, withAccount: true, familyName: 'Durand', givenName: 'émile' });
    await post(t, w.gp, `/api/patients/${p.patientId}/consents`, { method: 'oral_in_consultation', scope: ['photos', 'remote_expertise'] });
    const patientSession = await signInAs(t, { userId: p.userId! });
    actors.patient = { userId: p.userId!, sessionId: patientSession.sessionId, role: 'patient', organisationId: null, networkId: null, membershipId: null, locale: 'en' };
    const draft = await draftCase(t, w, p.patientId);
    const submitted = (await submittedCase(t, w, { patientId: p.patientId })).id;
    const claimed = (await submittedCase(t, w, { patientId: p.patientId })).id;
    expect((await post(t, w.derm, `/api/cases/${claimed}/claim`)).statusCode).toBe(200);
    await post(t, w.derm, `/api/cases/${claimed}/answer-draft`, { diagnosis: 'draft dx' });
    const questioned = (await submittedCase(t, w, { patientId: p.patientId })).id;
    expect((await post(t, w.derm, `/api/cases/${questioned}/claim`)).statusCode).toBe(200);
    expect((await post(t, w.derm, `/api/cases/${questioned}/questions`, { body: 'How long?' })).statusCode).toBe(200);
    t.clock.advance(600_000);
    const replied = (await submittedCase(t, w, { patientId: p.patientId })).id;
    expect((await post(t, w.derm, `/api/cases/${replied}/claim`)).statusCode).toBe(200);
    expect((await post(t, w.derm, `/api/cases/${replied}/questions`, { body: 'Photo?' })).statusCode).toBe(200);
    expect((await post(t, w.gp, `/api/cases/${replied}/replies`, { body: 'Three months.' })).statusCode).toBe(200);
    const answered = (await submittedCase(t, w, { patientId: p.patientId })).id;
    expect((await post(t, w.derm, `/api/cases/${answered}/claim`)).statusCode).toBe(200);
    expect((await post(t, w.derm, `/api/cases/${answered}/answer`, { ...answerBody, gpDiscussesFirst: true })).statusCode).toBe(200);
    expect((await post(t, w.derm, `/api/cases/${answered}/addenda`, { text: 'Correction', outcome: 'biopsy_excision' })).statusCode).toBe(201);
    const acknowledged = (await submittedCase(t, w, { patientId: p.patientId })).id;
    expect((await post(t, w.derm, `/api/cases/${acknowledged}/claim`)).statusCode).toBe(200);
    expect((await post(t, w.derm, `/api/cases/${acknowledged}/answer`, answerBody)).statusCode).toBe(200);
    expect((await post(t, w.gp, `/api/cases/${acknowledged}/acknowledge`)).statusCode).toBe(200);
    const named = await draftCase(t, w, p.patientId, undefined, { kind: 'dermatologist', serviceId: ids.serviceId, dermatologistId: w.derm2UserId });
    expect((await post(t, w.gp, `/api/cases/${named}/submit`, {})).statusCode).toBe(200);
    const elsewhere = await draftCase(t, w, p.patientId, undefined, { kind: 'service', serviceId: w.otherServiceId });
    expect((await post(t, w.gp, `/api/cases/${elsewhere}/submit`, {})).statusCode).toBe(200);
    // A patient without consent (withdrawn after submission) and another network's id.
    const q = await newPatientWithConsent(t, w, { familyName: 'Zed' });
    const noConsent = (await submittedCase(t, w, { patientId: q })).id;
    const consents = (await t.app.inject({ method: 'GET', url: `/api/patients/${q}/consents`, headers: w.gp.headers })).json();
    const withdrawn = await post(t, w.gp, `/api/patients/${q}/consents/${consents.items?.[0]?.id ?? consents[0]?.id}/withdraw`, { reason: 'changed mind' });
    expect(withdrawn.statusCode, withdrawn.body).toBeLessThan(300);
    const unknown = '00000000-0000-4000-8000-000000000001';

    const caseIds = { draft, submitted, claimed, questioned, replied, answered, acknowledged, named, elsewhere, noConsent, unknown };
    let compared = 0;
    const okPages: string[] = [];
    for (const [who, actor] of Object.entries(actors)) {
      for (const [what, id] of Object.entries(caseIds)) {
        if (who === 'gp' && what === 'answered') continue; // first reading: below
        const oldResult = await outcome(() => oldGetCase(ctxFor(actor), id));
        const newResult = await outcome(() => getCase(ctxFor(actor), id));
        expect(newResult, `${who} ${what}`).toEqual(oldResult);
        compared++;
        if ('value' in oldResult) okPages.push(`${who}:${what}:${(oldResult.value as { timeline: unknown[] }).timeline.length}:${oldResult.audit.length}`);
      }
    }
    expect(compared).toBeGreaterThan(50);
    console.log(okPages.join(' '));

    // The first reading by the requester: two identical answered cases, one read by each.
    const twins: string[] = [];
    for (let i = 0; i < 2; i++) {
      const id = (await submittedCase(t, w, { patientId: p.patientId })).id;
      expect((await post(t, w.derm, `/api/cases/${id}/claim`)).statusCode).toBe(200);
      expect((await post(t, w.derm, `/api/cases/${id}/answer`, answerBody)).statusCode).toBe(200);
      twins.push(id);
    }
    const strip = (r: Awaited<ReturnType<typeof outcome>>, id: string) => JSON.parse(JSON.stringify(r).replaceAll(id, 'ID').replace(/"(id|contentHash)":"[^"]+"/g, '"$1":"x"'));
    const oldFirst = await outcome(() => oldGetCase(ctxFor(actors.gp!), twins[0]!));
    const newFirst = await outcome(() => getCase(ctxFor(actors.gp!), twins[1]!));
    expect(newFirst.audit.map((a) => a.action)).toEqual(['case.answer_read', 'case.read']);
    expect(strip(newFirst, twins[1]!)).toEqual(strip(oldFirst, twins[0]!));
    const oldSecond = await outcome(() => oldGetCase(ctxFor(actors.gp!), twins[0]!));
    const newSecond = await outcome(() => getCase(ctxFor(actors.gp!), twins[1]!));
    expect(newSecond.audit.map((a) => a.action)).toEqual(['case.read']);
    expect(strip(newSecond, twins[1]!)).toEqual(strip(oldSecond, twins[0]!));

    // The queue, with every filter and the cursor.
    const queries = [
      {},
      { state: 'submitted' },
      { state: 'in_review' },
      { state: 'awaiting_requester' },
      { serviceId: ids.serviceId },
      { serviceId: w.otherServiceId },
      { urgency: 'routine' },
      { urgency: 'suspected_cancer' },
      { overdue: 'true' },
      { overdue: 'false' },
      { mine: 'true' },
      { limit: '1' },
      { limit: '2' },
    ];
    t.clock.advance(8 * 24 * 3600_000);
    let pages = 0;
    let rowsSeen = 0;
    for (const [who, actor] of Object.entries(actors)) {
      for (const raw of queries) {
        let query = QueueQuerySchema.parse(raw);
        for (let i = 0; i < 20; i++) {
          const oldResult = await outcome(() => oldGetQueue(ctxFor(actor), query));
          const newResult = await outcome(() => getQueue(ctxFor(actor), query));
          expect(newResult, `${who} ${JSON.stringify(query)}`).toEqual(oldResult);
          pages++;
          rowsSeen += ((oldResult.value as { items?: unknown[] } | undefined)?.items?.length ?? 0);
          const next = (oldResult.value as { nextCursor?: string | null } | undefined)?.nextCursor;
          if (!next) break;
          query = { ...query, cursor: next };
        }
      }
    }
    expect(pages).toBeGreaterThan(60);
    console.log('queue pages', pages, 'rows', rowsSeen);
    // A bad cursor is refused alike.
    const bad = QueueQuerySchema.parse({ cursor: 'nonsense' });
    expect(await outcome(() => getQueue(ctxFor(actors.derm!), bad))).toEqual(await outcome(() => oldGetQueue(ctxFor(actors.derm!), bad)));
  });
});
