import type { MembershipRole } from '../db/schema.ts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../context.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { createClinician, createNetwork, createPatient, signInAs, type TestSession } from '../test/factories.ts';
import { recordAudit } from './record-audit.ts';
import { verifyAuditChain } from './verify-chain.ts';
import { sealAuditEvents } from './seal-audit-events.ts';

let t: TestApp;
let net: Awaited<ReturnType<typeof createNetwork>>;
let other: Awaited<ReturnType<typeof createNetwork>>;
let coordinator: Awaited<ReturnType<typeof createClinician>>;
let coordSession: TestSession;
let derm: Awaited<ReturnType<typeof createClinician>>;
let gp: Awaited<ReturnType<typeof createClinician>>;
let patient: Awaited<ReturnType<typeof createPatient>>;
let otherPatient: Awaited<ReturnType<typeof createPatient>>;

const origin = { ip: '203.0.113.7', userAgent: 'vitest', requestId: null };
function ctxOf(user: { userId: string; organisationId: string; role: MembershipRole; membershipId: string }, networkId: string): Pick<Ctx, 'actor' | 'origin'> {
  return {
    actor: { userId: user.userId, sessionId: '11111111-1111-4111-8111-111111111111', role: user.role, organisationId: user.organisationId, networkId, membershipId: user.membershipId, locale: 'en' },
    origin,
  };
}

async function search(query: Record<string, string | number>, session = coordSession) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  return t.app.inject({ url: `/api/audit/events?${qs}`, headers: session.headers });
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  net = await createNetwork(db);
  other = await createNetwork(db);
  coordinator = await createClinician(db, { organisationId: net.officeId, role: 'coordinator', name: 'Nadia Roux' });
  derm = await createClinician(db, { organisationId: net.serviceId, role: 'dermatologist', name: 'Dr Sophie Laurent' });
  gp = await createClinician(db, { organisationId: net.practiceId, role: 'requester', name: 'Dr Claire Martin' });
  patient = await createPatient(db, { organisationId: net.practiceId, withAccount: true });
  otherPatient = await createPatient(db, { organisationId: other.practiceId });
  coordSession = await signInAs(t, coordinator);

  // A small history: who did what to which patient.
  const write = (who: typeof derm, networkId: string, action: string, patientId: string | null, resourceType = 'case') =>
    db.transaction().execute((trx) => recordAudit(trx, ctxOf(who, networkId), { action, resourceType, resourceId: 'r1', patientId }));
  await write(gp, net.networkId, 'patient.read', patient.patientId);
  await write(derm, net.networkId, 'case.read', patient.patientId);
  await write(derm, net.networkId, 'photo.view', patient.patientId, 'photo');
  await write(derm, net.networkId, 'case.answer.sign', patient.patientId);
  const foreignGp = await createClinician(db, { organisationId: other.practiceId, role: 'requester' });
  await write(foreignGp, other.networkId, 'patient.read', otherPatient.patientId);
});
afterAll(() => t.close());

describe('recording', () => {
  it('chains every event written with recordAudit', async () => {
    await sealAuditEvents(t.database.db);
    const rows = await t.database.db.selectFrom('audit_events').select(['seq', 'prev_hash', 'hash', 'ip', 'actor_role']).orderBy('chain_seq').execute();
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows[0]!.prev_hash).toBe('genesis');
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(rows.find((r) => r.actor_role === 'dermatologist')?.ip).toBe('203.0.113.7');
  });

  it('writes an event when a route reads the trail', async () => {
    const res = await search({ action: 'case.read' });
    expect(res.statusCode).toBe(200);
    const logged = await t.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'audit.search').where('actor_user_id', '=', coordinator.userId).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(logged.details).toMatchObject({ filters: ['action'], results: 1 });
    expect(logged.session_id).toBe(coordSession.sessionId);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const db = t.database.db;
    await expect(db.updateTable('audit_events').set({ action: 'x' }).where('seq', '=', 1).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_events').where('seq', '=', 1).execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`.execute(db)).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('keeps the chain intact under 20 concurrent transactions', async () => {
    const db = t.database.db;
    const before = await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction().execute((trx) => recordAudit(trx, ctxOf(derm, net.networkId), { action: 'case.read', resourceType: 'case', resourceId: `concurrent-${i}`, patientId: patient.patientId })),
      ),
    );
    const report = await verifyAuditChain(db);
    expect(report).toEqual({ checked: Number(before.n) + 20, ok: true });
    const seqs = (await db.selectFrom('audit_events').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
    expect(new Set(seqs).size).toBe(seqs.length);
  });
});

describe('search', () => {
  it('filters by user name, user id, patient and action (exact and prefix)', async () => {
    const byName = (await search({ user: 'sophie' })).json();
    expect(byName.events.length).toBeGreaterThan(0);
    expect(byName.events.every((e: { actor: { id: string } }) => e.actor.id === derm.userId)).toBe(true);
    expect(byName.events[0].actor.displayName).toBe('Dr Sophie Laurent');
    expect(byName.events[0].actorOrganisation.name).toBe('Test dermatology service');

    const byId = (await search({ user: gp.userId })).json();
    expect(byId.events.map((e: { action: string }) => e.action)).toEqual(['patient.read']);

    const byPatient = (await search({ patientId: patient.patientId, action: 'photo.view' })).json();
    expect(byPatient.total).toBe(1);
    expect(byPatient.events[0].patientId).toBe(patient.patientId);

    const prefix = (await search({ action: 'case.*', user: derm.userId })).json();
    expect(new Set(prefix.events.map((e: { action: string }) => e.action))).toEqual(new Set(['case.read', 'case.answer.sign']));
  });

  it('filters by date range and paginates newest first', async () => {
    const now = Date.now();
    const past = (await search({ to: new Date(now - 3600_000).toISOString() })).json();
    expect(past.total).toBe(0);
    // Case events only: the searches themselves add audit.search events between pages.
    const window = { from: new Date(now - 3600_000).toISOString(), to: new Date(now + 3600_000).toISOString(), action: 'case.*', pageSize: 2 };
    const recent = (await search({ ...window, page: 1 })).json();
    expect(recent.events).toHaveLength(2);
    expect(recent.total).toBeGreaterThan(2);
    expect(recent.events[0].seq).toBeGreaterThan(recent.events[1].seq);
    const page2 = (await search({ ...window, page: 2 })).json();
    expect(page2.total).toBe(recent.total);
    expect(page2.events[0].seq).toBeLessThan(recent.events[1].seq);
  });

  it('shows a coordinator only the events of their own network', async () => {
    const mine = (await search({ pageSize: 100 })).json();
    expect(mine.events.some((e: { patientId: string | null }) => e.patientId === otherPatient.patientId)).toBe(false);
    expect(mine.total).toBeGreaterThan(0);

    const foreignCoordinator = await createClinician(t.database.db, { organisationId: other.officeId, role: 'coordinator' });
    const s = await signInAs(t, foreignCoordinator);
    const theirs = (await search({ patientId: patient.patientId }, s)).json();
    expect(theirs).toMatchObject({ total: 0, events: [] });
    const theirAll = (await search({ user: 'sophie' }, s)).json();
    expect(theirAll.total).toBe(0);
  });

  it('refuses other roles and validates the filters', async () => {
    const s = await signInAs(t, derm);
    expect((await search({}, s)).statusCode).toBe(403);
    expect((await t.app.inject('/api/audit/events')).statusCode).toBe(401);
    const bad = await search({ patientId: 'not-a-uuid' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toContain('patientId');
  });
});

describe("the patient's access log", () => {
  it('says who looked at what, in plain terms, without IP or ids', async () => {
    const s = await signInAs(t, { userId: patient.userId! });
    const res = await t.app.inject({ url: '/api/me/access-log', headers: s.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const sophie = body.entries.filter((e: { who: string }) => e.who === 'Dr Sophie Laurent');
    expect(sophie.map((e: { what: string }) => e.what)).toEqual(expect.arrayContaining(['viewed_request', 'viewed_photos', 'answered_request']));
    expect(sophie[0]).toMatchObject({ role: 'dermatologist', organisation: 'Test dermatology service' });
    expect(body.entries.some((e: { who: string }) => e.who === 'Dr Claire Martin')).toBe(true);
    const text = res.body;
    expect(text).not.toContain('203.0.113.7');
    expect(text).not.toContain(derm.userId);
    expect(text).not.toContain(patient.patientId);
    // Reading it is audited against the patient's record, and does not show in their own log.
    const again = (await t.app.inject({ url: '/api/me/access-log', headers: s.headers })).json();
    expect(again.entries).toHaveLength(body.entries.length);
    const logged = await t.database.db.selectFrom('audit_events').select('patient_id').where('action', '=', 'audit.access_log.read').execute();
    expect(logged.map((r) => r.patient_id)).toContain(patient.patientId);
  });

  it('is for patients only', async () => {
    const s = await signInAs(t, gp);
    expect((await t.app.inject({ url: '/api/me/access-log', headers: s.headers })).statusCode).toBe(403);
  });
});

describe('verification', () => {
  it('reports an intact chain, then the first altered row by its seq', async () => {
    const ok = await t.app.inject({ url: '/api/audit/verify', headers: coordSession.headers });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true });
    expect(ok.json().checked).toBeGreaterThan(20);

    const db = t.database.db;
    const victim = await db.selectFrom('audit_events').select(['seq', 'id']).where('action', '=', 'photo.view').executeTakeFirstOrThrow();
    await db.connection().execute(async (conn) => {
      await sql`alter table audit_events disable trigger user`.execute(conn);
      try {
        await sql`update audit_events set action = 'photo.deleted' where id = ${victim.id}`.execute(conn);
      } finally {
        await sql`alter table audit_events enable trigger user`.execute(conn);
      }
    });
    const broken = await t.app.inject({ url: '/api/audit/verify', headers: coordSession.headers });
    expect(broken.json()).toMatchObject({ ok: false, firstBroken: { seq: Number(victim.seq), id: victim.id, reason: 'hash_mismatch' } });
    const logged = await db.selectFrom('audit_events').selectAll().where('action', '=', 'audit.verify').where('outcome', '=', 'failure').executeTakeFirstOrThrow();
    expect(logged.details).toMatchObject({ ok: false, firstBrokenSeq: Number(victim.seq) });
  });

  it('detects an altered row whose own hash was recomputed: the next link breaks', async () => {
    const db = t.database.db;
    await sealAuditEvents(db);
    const target = await db.selectFrom('audit_events').select(['seq', 'id', 'chain_seq']).where('chain_seq', 'is not', null).orderBy('chain_seq').executeTakeFirstOrThrow();
    const next = await db.selectFrom('audit_events').select(['seq', 'id']).where('chain_seq', '>', target.chain_seq).orderBy('chain_seq').executeTakeFirstOrThrow();
    await db.connection().execute(async (conn) => {
      await sql`alter table audit_events disable trigger user`.execute(conn);
      try {
        await sql`update audit_events set outcome = 'denied' where id = ${target.id}`.execute(conn);
        await sql`update audit_events e set hash = audit_event_digest(e.prev_hash, e) where e.id = ${target.id}`.execute(conn);
      } finally {
        await sql`alter table audit_events enable trigger user`.execute(conn);
      }
    });
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ ok: false, firstBroken: { seq: Number(next.seq), id: next.id, reason: 'prev_mismatch' } });
  });
});
