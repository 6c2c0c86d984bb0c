// The video visit's signalling and records: who may open the WebSocket and
// when, messages relayed between the patient and the dermatologist (through
// PostgreSQL LISTEN/NOTIFY, also between TWO app instances), admission,
// the visit's timeline, and the TURN credentials (coturn's shared-secret scheme).
// Two instances: on a PostgreSQL server (TEST_DATABASE_URL) the second app has
// its own pool and its own LISTEN connection on the same database; on PGlite
// (one in-process database) it shares the database but has its own services,
// so its rooms and its LISTEN are its own and a message can only reach it
// through NOTIFY.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { SIGNAL_CLOSE } from '../../../contracts/video/index.ts';
import { buildApp, type App } from '../app.ts';
import { ConfigError, loadConfig } from '../config.ts';
import type { Services } from '../context.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { createClinician, createNetwork, createPatient, signInAs, type TestSession } from '../test/factories.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { createReassembler, wirePayloads, type Envelope } from './signal-relay.ts';
import { bothConnectedSeconds } from './timeline-summary.ts';

const onServer = inject('testDatabase').kind === 'postgres';
const TURN_SECRET = 'test-turn-secret-0123456789';
let t: TestApp;
let second: App;
let secondDb: Database | null = null;
let people: Awaited<ReturnType<typeof world>>;

async function world() {
  const db = t.database.db;
  const net = await createNetwork(db);
  const derm = await createClinician(db, { organisationId: net.serviceId, role: 'dermatologist', name: 'Dr Iris Vidal' });
  const otherDerm = await createClinician(db, { organisationId: net.serviceId, role: 'dermatologist' });
  const gp = await createClinician(db, { organisationId: net.practiceId, role: 'requester' });
  const coordinator = await createClinician(db, { organisationId: net.officeId, role: 'coordinator' });
  const patient = await createPatient(db, { organisationId: net.practiceId, withAccount: true, givenName: 'Paula', familyName: 'Martin' });
  const otherPatient = await createPatient(db, { organisationId: net.practiceId, withAccount: true });
  return { net, derm, otherDerm, gp, coordinator, patient, otherPatient };
}

/** An appointment starting `startsInMin` minutes from the test clock (less a few ms: one live slot per start), 30 minutes long. */
let slot = 0;
async function appointment(startsInMin = 5) {
  const start = new Date(t.clock.now().getTime() + startsInMin * 60_000 - ++slot);
  const row = await t.database.db
    .insertInto('appointments')
    .values({
      service_id: people.net.serviceId,
      dermatologist_user_id: people.derm.userId,
      patient_id: people.patient.patientId,
      starts_at: start,
      ends_at: new Date(start.getTime() + 30 * 60_000),
      time_zone: 'Europe/Paris',
      booked_by_user_id: people.gp.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const sessions = {
  patient: () => signInAs(t, { userId: people.patient.userId! }),
  derm: () => signInAs(t, people.derm),
  otherPatient: () => signInAs(t, { userId: people.otherPatient.userId! }),
  otherDerm: () => signInAs(t, people.otherDerm),
  coordinator: () => signInAs(t, people.coordinator),
};

interface Client {
  ws: WebSocket;
  received: Array<Record<string, unknown>>;
  next(type: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  send(message: unknown): void;
  closed: Promise<number>;
}

const portOf = (app: App) => (app.server.address() as { port: number }).port;

/** Opens the signalling socket; rejects with the HTTP status when the upgrade is refused. */
function connect(app: App, appointmentId: string, session: TestSession | null, origin: string | null = `http://127.0.0.1:${portOf(app)}`): Promise<Client> {
  const headers: Record<string, string> = {};
  if (session) headers.cookie = session.cookie;
  if (origin) headers.origin = origin;
  const ws = new WebSocket(`ws://127.0.0.1:${portOf(app)}/api/appointments/${appointmentId}/signal`, { headers });
  const received: Array<Record<string, unknown>> = [];
  const waiters: Array<{ type: string; resolve: (m: Record<string, unknown>) => void }> = [];
  const offer = () => {
    for (const w of [...waiters]) {
      const i = received.findIndex((m) => m.type === w.type);
      if (i >= 0) {
        const [m] = received.splice(i, 1);
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m!);
      }
    }
  };
  ws.on('message', (data) => {
    received.push(JSON.parse(String(data)) as Record<string, unknown>);
    offer();
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_req, res) => reject(Object.assign(new Error(`refused ${res.statusCode}`), { status: res.statusCode })));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        received,
        closed,
        send: (m) => ws.send(JSON.stringify(m)),
        next: (type, timeoutMs = 5000) =>
          new Promise((res2, rej2) => {
            const timer = setTimeout(() => rej2(new Error(`no "${type}" within ${timeoutMs} ms (got ${received.map((m) => m.type).join(', ') || 'nothing'})`)), timeoutMs);
            waiters.push({ type, resolve: (m) => (clearTimeout(timer), res2(m)) });
            offer();
          }),
      }),
    );
  });
}

async function refusal(promise: Promise<Client>): Promise<number> {
  try {
    const c = await promise;
    c.ws.close();
    return 101;
  } catch (err) {
    return (err as { status?: number }).status ?? 0;
  }
}

/** An SDP far over pg_notify's 8000 bytes, so that it travels in chunks. */
const bigSdp = () => ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', ...Array.from({ length: 400 }, (_, i) => `a=candidate:${i} 1 udp 2122260223 192.0.2.${i % 250} ${50000 + i} typ host génération 0`)].join('\r\n') + '\r\n';

beforeAll(async () => {
  t = await createTestApp({ env: { TURN_URLS: 'turn:127.0.0.1:3478?transport=udp,turns:turn.example.test:5349', TURN_SECRET, STUN_URLS: 'stun:127.0.0.1:3478', TURN_TTL_SECONDS: '600' } });
  people = await world();
  let services: Services;
  if (onServer) {
    secondDb = await openDatabase({ url: t.database.url!, poolSize: 3 });
    services = { config: t.services.config, database: secondDb, clock: t.clock };
  } else {
    services = { config: t.services.config, database: t.database, clock: t.clock };
  }
  second = await buildApp(services, { logger: false });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  await second.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await second?.close();
  await secondDb?.close();
  await t?.close();
});

describe('who may open the signalling socket, and when', () => {
  it('refuses without a session, another patient, a clinician who is not the appointment’s, a coordinator, and a foreign page', async () => {
    const id = await appointment();
    expect(await refusal(connect(t.app, id, null))).toBe(401);
    expect(await refusal(connect(t.app, id, await sessions.otherPatient()))).toBe(404);
    expect(await refusal(connect(t.app, id, await sessions.otherDerm()))).toBe(404);
    expect(await refusal(connect(t.app, id, await sessions.coordinator()))).toBe(403);
    expect(await refusal(connect(t.app, id, await sessions.patient(), 'https://evil.example.test'))).toBe(403);
    expect(await refusal(connect(t.app, id, await sessions.patient(), null))).toBe(403);
    expect(await refusal(connect(t.app, '00000000-0000-4000-8000-000000000000', await sessions.patient()))).toBe(404);
    // The right person gets in.
    const c = await connect(t.app, id, await sessions.patient());
    expect((await c.next('welcome')).role).toBe('patient');
    c.ws.close();
    await c.closed;
  });

  it('is open from 10 minutes before the start until 30 minutes after the end, and not for a cancelled visit', async () => {
    const early = await appointment(11);
    expect(await refusal(connect(t.app, early, await sessions.patient()))).toBe(409);
    const justOpen = await appointment(10);
    const c = await connect(t.app, justOpen, await sessions.derm());
    await c.next('welcome');
    c.ws.close();
    // Started 61 minutes ago, 30 minutes long: closed 1 minute ago.
    const over = await appointment(-61);
    expect(await refusal(connect(t.app, over, await sessions.patient()))).toBe(410);
    const graced = await appointment(-59);
    const g = await connect(t.app, graced, await sessions.patient());
    await g.next('welcome');
    g.ws.close();
    const cancelled = await appointment(2);
    await t.database.db.updateTable('appointments').set({ status: 'cancelled', cancelled_at: t.clock.now() }).where('id', '=', cancelled).execute();
    expect(await refusal(connect(t.app, cancelled, await sessions.patient()))).toBe(410);
    await Promise.all([c.closed, g.closed]);
  });
});

async function callThrough(patientApp: App, dermApp: App) {
  const id = await appointment();
  const patient = await connect(patientApp, id, await sessions.patient());
  const welcome = await patient.next('welcome');
  expect(welcome).toMatchObject({ role: 'patient', admitted: false });

  const derm = await connect(dermApp, id, await sessions.derm());
  expect(await derm.next('welcome')).toMatchObject({ role: 'dermatologist', admitted: true });
  // Each learns of the other: the newcomer from the one already there.
  expect((await derm.next('peer-present')).peer).toMatchObject({ role: 'patient', name: 'Paula Martin', admitted: false, connectionId: welcome.connectionId });
  expect((await patient.next('peer-joined')).peer).toMatchObject({ role: 'dermatologist', name: 'Dr Iris Vidal' });

  // A waiting patient cannot signal yet, nor receive the dermatologist's offer.
  patient.send({ type: 'offer', sdp: 'v=0' });
  expect((await patient.next('error')).code).toBe('not_admitted');
  derm.send({ type: 'offer', sdp: 'v=0 too early' });

  derm.send({ type: 'admit' });
  const admitted = await patient.next('admitted');
  await derm.next('admitted');
  expect(patient.received.find((m) => m.type === 'offer')).toBeUndefined();

  const sdp = bigSdp();
  expect(Buffer.byteLength(sdp)).toBeGreaterThan(8000);
  derm.send({ type: 'offer', sdp });
  const offer = await patient.next('offer');
  expect(offer.sdp).toBe(sdp);
  patient.send({ type: 'answer', sdp: 'v=0\r\nanswer' });
  expect((await derm.next('answer')).sdp).toBe('v=0\r\nanswer');
  const candidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 };
  for (let i = 0; i < 3; i++) derm.send({ type: 'ice', candidate: { ...candidate, candidate: `${candidate.candidate} ${i}` } });
  for (let i = 0; i < 3; i++) expect(((await patient.next('ice')).candidate as { candidate: string }).candidate).toBe(`${candidate.candidate} ${i}`);
  patient.send({ type: 'chat', text: '  Can you see the mole on my arm?  ', clientId: 'c1' });
  expect(await derm.next('chat')).toMatchObject({ text: 'Can you see the mole on my arm?', role: 'patient', name: 'Paula Martin', clientId: 'c1' });
  patient.send({ type: 'quality', level: 'fair', rttMs: 180, lossPercent: 2.5, bitrateKbps: 800 });
  expect(await derm.next('quality')).toMatchObject({ level: 'fair', rttMs: 180 });
  patient.send({ type: 'media', audio: false, video: true });
  expect(await derm.next('media')).toMatchObject({ audio: false, video: true });

  // Invalid messages are refused, not relayed.
  patient.send({ type: 'chat', text: 'x'.repeat(2001), clientId: 'c2' });
  expect((await patient.next('error')).code).toBe('invalid_message');
  patient.send({ type: 'offer', sdp: 'v=0', extra: 'field' });
  expect((await patient.next('error')).code).toBe('invalid_message');
  patient.ws.send('not json');
  expect((await patient.next('error')).code).toBe('invalid_message');
  patient.send({ type: 'admit' });
  expect((await patient.next('error')).code).toBe('not_allowed');
  return { id, patient, derm, admittedAt: admitted.at as string };
}

describe('relaying the call', () => {
  it('between a patient and a dermatologist on one instance', async () => {
    const { patient, derm } = await callThrough(t.app, t.app);
    patient.ws.close();
    derm.ws.close();
    await Promise.all([patient.closed, derm.closed]);
  });

  it(`between two app instances on one database (${onServer ? 'PostgreSQL server: two pools, two LISTEN connections' : 'PGlite: shared database, separate services and LISTEN'})`, async () => {
    const { id, patient, derm } = await callThrough(t.app, second);
    // The patient's network changes: a new connection (here on the other instance) replaces the old one
    // and goes straight back into the call.
    const again = await connect(second, id, await sessions.patient());
    expect(await again.next('welcome')).toMatchObject({ admitted: true });
    expect(await patient.closed).toBe(SIGNAL_CLOSE.replaced);
    expect((await derm.next('peer-joined')).peer).toMatchObject({ role: 'patient', admitted: true });
    derm.send({ type: 'restart-ice' });
    await again.next('restart-ice');
    again.ws.close();
    derm.ws.close();
    await Promise.all([again.closed, derm.closed]);
  });
});

describe('the visit’s timeline', () => {
  it('records joined, admitted and left with their times, audited, and shows it to those involved', async () => {
    const id = await appointment();
    const startedAt = t.clock.now();
    const patient = await connect(t.app, id, await sessions.patient());
    await patient.next('welcome');
    t.clock.advance(60_000);
    const derm = await connect(second, id, await sessions.derm());
    await derm.next('welcome');
    await derm.next('peer-present');
    t.clock.advance(30_000);
    derm.send({ type: 'admit' });
    await patient.next('admitted');
    t.clock.advance(5 * 60_000);
    patient.send({ type: 'leave' });
    expect(await patient.closed).toBe(1000);
    expect(await derm.next('peer-left')).toMatchObject({ role: 'patient', reason: 'left' });
    derm.ws.close();
    await derm.closed;
    // The dermatologist's "left" is written as the socket closes.
    await expect.poll(async () => (await t.database.db.selectFrom('visit_events').select('id').where('appointment_id', '=', id).execute()).length).toBe(5);

    const res = await t.app.inject({ method: 'GET', url: `/api/appointments/${id}/visit-events`, headers: (await sessions.derm()).headers });
    expect(res.statusCode).toBe(200);
    const timeline = res.json() as { events: Array<{ kind: string; role: string; at: string; name: string }>; admittedAt: string; bothConnectedSeconds: number };
    expect(timeline.events.map((e) => `${e.role}:${e.kind}`)).toEqual(['patient:joined', 'dermatologist:joined', 'patient:admitted', 'patient:left', 'dermatologist:left']);
    expect(timeline.events[0]!.at).toBe(startedAt.toISOString());
    expect(timeline.events[0]!.name).toBe('Paula Martin');
    expect(timeline.admittedAt).toBe(new Date(startedAt.getTime() + 90_000).toISOString());
    expect(timeline.bothConnectedSeconds).toBe(300);

    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'actor_user_id', 'patient_id']).where('resource_id', '=', id).where('action', 'like', 'visit.%').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['visit.joined', 'visit.joined', 'visit.admitted', 'visit.left', 'visit.left', 'visit.timeline_read']);
    expect(audit[2]!.actor_user_id).toBe(people.derm.userId);
    expect(new Set(audit.map((a) => a.patient_id))).toEqual(new Set([people.patient.patientId]));

    // The patient and the network's coordinator see it; another patient, another dermatologist do not.
    expect((await t.app.inject({ method: 'GET', url: `/api/appointments/${id}/visit-events`, headers: (await sessions.patient()).headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/appointments/${id}/visit-events`, headers: (await sessions.coordinator()).headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/appointments/${id}/visit-events`, headers: (await sessions.otherPatient()).headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/appointments/${id}/visit-events`, headers: (await signInAs(t, people.gp)).headers })).statusCode).toBe(403);
  });

  it('closes the socket once the window is over', async () => {
    const id = await appointment(0);
    const patient = await connect(t.app, id, await sessions.patient());
    await patient.next('welcome');
    t.clock.advance(61 * 60_000);
    patient.send({ type: 'media', audio: true, video: true });
    expect(await patient.closed).toBe(SIGNAL_CLOSE.visitOver);
    t.clock.advance(-61 * 60_000);
  });

  it('gives the waiting room its window and the other person', async () => {
    const id = await appointment(20);
    const res = await t.app.inject({ method: 'GET', url: `/api/appointments/${id}/video`, headers: (await sessions.patient()).headers });
    expect(res.statusCode).toBe(200);
    const { starts_at: startsAt } = await t.database.db.selectFrom('appointments').select('starts_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(res.json()).toMatchObject({
      state: 'not_open',
      myRole: 'patient',
      counterpartName: 'Dr Iris Vidal',
      admitted: false,
      opensAt: new Date(startsAt.getTime() - 10 * 60_000).toISOString(),
      closesAt: new Date(startsAt.getTime() + 60 * 60_000).toISOString(),
    });
    const asDerm = await t.app.inject({ method: 'GET', url: `/api/appointments/${id}/video`, headers: (await sessions.derm()).headers });
    expect(asDerm.json()).toMatchObject({ myRole: 'dermatologist', counterpartName: 'Paula Martin' });
    expect((await t.app.inject({ method: 'GET', url: `/api/appointments/${id}/video`, headers: (await sessions.otherDerm()).headers })).statusCode).toBe(404);
  });
});

describe('ICE servers', () => {
  it('gives STUN and a TURN credential that coturn accepts until it expires (REST shared-secret scheme)', async () => {
    const patientSession = await sessions.patient();
    const res = await t.app.inject({ method: 'GET', url: '/api/video/ice-servers', headers: patientSession.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { iceServers: Array<{ urls: string[]; username?: string; credential?: string }>; expiresAt: string };
    expect(body.iceServers[0]).toEqual({ urls: ['stun:127.0.0.1:3478'] });
    const turn = body.iceServers[1]!;
    expect(turn.urls).toEqual(['turn:127.0.0.1:3478?transport=udp', 'turns:turn.example.test:5349']);
    const [expiry, ref] = turn.username!.split(':');
    expect(ref).toBe(people.patient.userId);
    expect(Number(expiry)).toBe(Math.floor(t.clock.now().getTime() / 1000) + 600);
    expect(body.expiresAt).toBe(new Date(Number(expiry) * 1000).toISOString());
    // What coturn computes from its static-auth-secret; a different secret does not match.
    expect(turn.credential).toBe(createHmac('sha1', TURN_SECRET).update(turn.username!).digest('base64'));
    expect(turn.credential).not.toBe(createHmac('sha1', 'another-secret').update(turn.username!).digest('base64'));
    // A credential later is a different one, with a later expiry.
    t.clock.advance(1000);
    const later = (await t.app.inject({ method: 'GET', url: '/api/video/ice-servers', headers: patientSession.headers })).json() as typeof body;
    expect(Number(later.iceServers[1]!.username!.split(':')[0])).toBe(Number(expiry) + 1);
    // Only the people of a video visit ask for them.
    expect((await t.app.inject({ method: 'GET', url: '/api/video/ice-servers', headers: (await signInAs(t, people.gp)).headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/video/ice-servers' })).statusCode).toBe(401);
  });

  it('refuses a TURN configuration without its secret, and URLs of the wrong scheme', () => {
    expect(() => loadConfig({ TURN_URLS: 'turn:127.0.0.1:3478' })).toThrow(ConfigError);
    expect(() => loadConfig({ TURN_URLS: 'https://turn.example.test', TURN_SECRET: 's' })).toThrow(/TURN_URLS/);
    expect(() => loadConfig({ STUN_URLS: 'turn:127.0.0.1' })).toThrow(/STUN_URLS/);
    expect(loadConfig({}).video).toEqual({ stunUrls: [], turnUrls: [], turnSecret: undefined, turnTtlSeconds: 3600 });
  });
});

describe('relay envelopes and the timeline summary (pure)', () => {
  it('cuts a message over 8000 bytes into chunks that each fit, and puts them back together in any order', () => {
    const message = { type: 'offer', from: 'c', sdp: bigSdp() };
    const envelope: Envelope = { room: 'r', from: 'c', userId: 'u', to: null, message };
    const payloads = wirePayloads(envelope);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
    const r = createReassembler();
    const got = [...payloads].reverse().map((p) => r.accept(p));
    expect(got.slice(0, -1).every((g) => g === null)).toBe(true);
    expect(got.at(-1)).toEqual(envelope);
    expect(wirePayloads({ ...envelope, message: { type: 'chat', text: 'hi' } })).toHaveLength(1);
    expect(r.accept('garbage')).toBeNull();
  });

  it('counts only the time both were connected after admission, reconnections included', () => {
    const at = (s: number) => new Date(Date.UTC(2026, 2, 2, 9, 0, s));
    const lines = [
      { kind: 'joined' as const, role: 'patient' as const, at: at(0) },
      { kind: 'joined' as const, role: 'dermatologist' as const, at: at(30) },
      { kind: 'admitted' as const, role: 'patient' as const, at: at(40) },
      { kind: 'left' as const, role: 'patient' as const, at: at(100) },
      { kind: 'joined' as const, role: 'patient' as const, at: at(110) },
    ];
    expect(bothConnectedSeconds(lines, at(200))).toBe(60 + 90);
    expect(bothConnectedSeconds(lines.filter((l) => l.kind !== 'admitted'), at(200))).toBe(0);
  });
});
