// The video visit in two Chromium pages (fake camera and microphone): the
// patient on a phone and the dermatologist on a desktop go through the camera
// check and the waiting room, the dermatologist lets the patient in, and each
// side receives the other's video (getStats: inbound-rtp bytesReceived > 0 and
// framesDecoded growing). Once directly, once forced through a TURN relay
// (?relay=1 -> iceTransportPolicy 'relay'; the selected candidate pair must be
// relay on both sides) with coturn started here on 127.0.0.1 with a temporary
// config (use-auth-secret). Axe scans of the check, the waiting room and the call.
//
// This spec runs its own server (on a fresh database of the PostgreSQL server,
// with TURN_URLS/TURN_SECRET) so that it can put an appointment in the window
// directly in the database; the demo seed gives the people. Sessions are made
// in the database too (signing in is other journeys' subject).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import pg from 'pg';
import { expectNoSeriousA11yViolations } from './helpers.ts';
import { CHROMIUM_ARGS } from './playwright.config.ts';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, SESSION_COOKIE, hashToken, newToken } from '../server/src/auth/session-tokens.ts';

const PG_SERVER = process.env.E2E_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TURN_SECRET = randomBytes(16).toString('hex');
const DERM_EMAIL = 'derm@dermlink.test';
const PATIENT_EMAIL = 'marie.dupont@patient.test';

// Host candidates as plain addresses (no mDNS names: nothing is multicast on the network).
test.use({ launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--disable-features=WebRtcHideLocalIpsWithMdns'] }, actionTimeout: 15_000 });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}

let workDir: string;
let coturn: ChildProcess;
let server: ChildProcess;
let baseURL: string;
let db: pg.Client;
let dbName: string;
let turnPort: number;
const serverLog: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  workDir = mkdtempSync(path.join(tmpdir(), 'dermlink-video-e2e-'));

  // coturn, loopback only, REST shared-secret credentials.
  turnPort = await freePort();
  const relayBase = 40000 + Math.floor(Math.random() * 20000);
  writeFileSync(
    path.join(workDir, 'turnserver.conf'),
    [
      'listening-ip=127.0.0.1',
      'relay-ip=127.0.0.1',
      `listening-port=${turnPort}`,
      `min-port=${relayBase}`,
      `max-port=${relayBase + 100}`,
      'use-auth-secret',
      `static-auth-secret=${TURN_SECRET}`,
      'realm=dermlink.test',
      'fingerprint',
      // Both browsers and the relay are on 127.0.0.1 in the test.
      'allow-loopback-peers',
      'no-multicast-peers',
      'no-tls',
      'no-dtls',
      'no-cli',
      'no-stdout-log',
      `log-file=${path.join(workDir, 'turn.log')}`,
      `pidfile=${path.join(workDir, 'turn.pid')}`,
      `userdb=${path.join(workDir, 'turndb')}`,
      'simple-log',
      'verbose',
    ].join('\n') + '\n',
  );
  coturn = spawn('/usr/bin/turnserver', ['-c', path.join(workDir, 'turnserver.conf')], { stdio: 'ignore' });

  // A fresh database on the PostgreSQL server.
  dbName = `dermlink_e2e_video_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_SERVER });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const url = new URL(PG_SERVER);
  url.pathname = `/${dbName}`;

  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['server/src/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: path.join(workDir, 'data'),
      DATABASE_URL: url.toString(),
      NODE_ENV: 'test',
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      TURN_URLS: `turn:127.0.0.1:${turnPort}?transport=udp`,
      TURN_SECRET,
      TURN_TTL_SECONDS: '600',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (d: Buffer) => serverLog.push(String(d)));
  server.stderr!.on('data', (d: Buffer) => serverLog.push(String(d)));
  await waitFor(async () => (await fetch(`${baseURL}/healthz`)).ok, `the server on ${baseURL} (log: ${serverLog.join('')})`, 120_000);
  db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
});

test.afterAll(async () => {
  await db?.end().catch(() => {});
  server?.kill('SIGTERM');
  coturn?.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1500));
  const admin = new pg.Client({ connectionString: PG_SERVER });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => {});
  await admin.end();
  rmSync(workDir, { recursive: true, force: true });
});

/** The demo dermatologist and the demo patient (given an account), and an appointment between them starting in `startsInMin` minutes. */
async function appointment(startsInMin: number): Promise<{ id: string; dermUserId: string; dermMembershipId: string; patientUserId: string }> {
  const derm = (await db.query<{ id: string; membership_id: string; organisation_id: string }>(
    `select u.id, m.id as membership_id, m.organisation_id from users u join memberships m on m.user_id = u.id where u.email = $1`,
    [DERM_EMAIL],
  )).rows[0]!;
  const patient = (await db.query<{ id: string; user_id: string | null; given_name: string; family_name: string }>(`select id, user_id, given_name, family_name from patients where email = $1`, [PATIENT_EMAIL])).rows[0]!;
  let patientUserId = patient.user_id;
  if (!patientUserId) {
    patientUserId = (await db.query<{ id: string }>(`insert into users (email, display_name, kind, locale) values ($1, $2, 'patient', 'en') returning id`, [PATIENT_EMAIL, `${patient.given_name} ${patient.family_name}`])).rows[0]!.id;
    await db.query(`update patients set user_id = $1 where id = $2`, [patientUserId, patient.id]);
  }
  const start = new Date(Date.now() + startsInMin * 60_000);
  start.setSeconds(0, 0);
  const id = (await db.query<{ id: string }>(
    `insert into appointments (service_id, dermatologist_user_id, patient_id, starts_at, ends_at, time_zone, booked_by_user_id)
     values ($1, $2, $3, $4, $5, 'Europe/Paris', $2) returning id`,
    [derm.organisation_id, derm.id, patient.id, start, new Date(start.getTime() + 30 * 60_000)],
  )).rows[0]!.id;
  return { id, dermUserId: derm.id, dermMembershipId: derm.membership_id, patientUserId };
}

/** A browser context signed in as the person (a session row, as if they had signed in with every factor). */
async function signedInContext(browser: Browser, userId: string, membershipId: string | null, phone: boolean): Promise<BrowserContext> {
  const token = newToken();
  const now = Date.now();
  await db.query(
    `insert into sessions (token_hash, user_id, active_membership_id, second_factor_verified, csrf_token, created_at, last_seen_at, idle_expires_at, absolute_expires_at)
     values ($1, $2, $3, true, $4, now(), now(), $5, $6)`,
    [hashToken(token), userId, membershipId, newToken(), new Date(now + IDLE_TIMEOUT_MS), new Date(now + ABSOLUTE_TIMEOUT_MS)],
  );
  const context = await browser.newContext({
    baseURL,
    locale: 'en-GB',
    ...(phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : { viewport: { width: 1366, height: 900 } }),
  });
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url: baseURL }]);
  await context.addInitScript(() => {
    localStorage.setItem('dermlink.lang', 'en');
    // Keep every peer connection the page makes, to read its getStats() from the test.
    const Native = window.RTCPeerConnection;
    const pcs: RTCPeerConnection[] = [];
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = pcs;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        pcs.push(this);
      }
    } as typeof RTCPeerConnection;
    // And its signalling sockets, to cut one as a network change would.
    const NativeSocket = window.WebSocket;
    const sockets: WebSocket[] = [];
    (window as unknown as { __sockets: WebSocket[] }).__sockets = sockets;
    window.WebSocket = class extends NativeSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(this);
      }
    } as typeof WebSocket;
  });
  return context;
}

interface MediaStats {
  bytesReceived: number;
  framesDecoded: number;
  localType: string | null;
  remoteType: string | null;
  policy: string | null;
}

/** Inbound video and the selected candidate pair of the page's live peer connection. */
function mediaStats(page: Page): Promise<MediaStats | null> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((p) => p.connectionState !== 'closed');
    const pc = pcs.at(-1);
    if (!pc) return null;
    const stats = [...(await pc.getStats()).values()] as Array<Record<string, unknown>>;
    const video = stats.find((s) => s.type === 'inbound-rtp' && s.kind === 'video');
    const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
    const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId);
    const local = stats.find((s) => s.id === pair?.localCandidateId);
    const remote = stats.find((s) => s.id === pair?.remoteCandidateId);
    return {
      bytesReceived: Number(video?.bytesReceived ?? 0),
      framesDecoded: Number(video?.framesDecoded ?? 0),
      localType: (local?.candidateType as string) ?? null,
      remoteType: (remote?.candidateType as string) ?? null,
      policy: pc.getConfiguration().iceTransportPolicy ?? null,
    };
  });
}

async function expectVideoFlowing(page: Page, who: string): Promise<MediaStats> {
  await expect.poll(async () => (await mediaStats(page))?.bytesReceived ?? 0, { message: `${who} receives video bytes`, timeout: 30_000 }).toBeGreaterThan(0);
  const first = (await mediaStats(page))!;
  await expect.poll(async () => (await mediaStats(page))?.framesDecoded ?? 0, { message: `${who} keeps decoding frames`, timeout: 15_000 }).toBeGreaterThan(first.framesDecoded);
  return (await mediaStats(page))!;
}

async function visit(browser: Browser, relay: boolean, startsInMin: number) {
  const appt = await appointment(startsInMin);
  const query = relay ? '?relay=1' : '';
  const dermContext = await signedInContext(browser, appt.dermUserId, appt.dermMembershipId, false);
  const patientContext = await signedInContext(browser, appt.patientUserId, null, true);
  const derm = await dermContext.newPage();
  const patient = await patientContext.newPage();

  // The patient, on the phone: the camera and microphone check, then the waiting room.
  await patient.goto(`/my-care/appointments/${appt.id}/video${query}`);
  await expect(patient.getByRole('heading', { level: 1, name: 'Check your camera and microphone' })).toBeVisible();
  await expect(patient.getByLabel('Your camera')).toBeVisible();
  await expect(patient.getByRole('combobox', { name: 'Camera' })).toHaveValue(/.+/);
  await expectNoSeriousA11yViolations(patient);
  await patient.getByRole('button', { name: 'Go to the waiting room' }).click();
  await expect(patient.getByText('You are in the waiting room.', { exact: false })).toBeVisible();
  await expectNoSeriousA11yViolations(patient);

  // The dermatologist, on the desktop: sees the patient waiting and lets them in.
  await derm.goto(`/appointments/${appt.id}/video${query}`);
  await expect(derm.getByRole('heading', { level: 1, name: 'Check your camera and microphone' })).toBeVisible();
  await derm.getByRole('button', { name: 'Open the visit' }).click();
  await expect(derm.getByText('Marie Dupont is waiting to be let in.')).toBeVisible();
  await derm.getByRole('button', { name: 'Let Marie Dupont in' }).click();

  const dermSide = await expectVideoFlowing(derm, 'the dermatologist');
  const patientSide = await expectVideoFlowing(patient, 'the patient');
  if (relay) {
    for (const s of [dermSide, patientSide]) expect(s).toMatchObject({ policy: 'relay', localType: 'relay', remoteType: 'relay' });
  } else {
    for (const s of [dermSide, patientSide]) expect(s.policy).toBe('all');
    expect(dermSide.localType).toBe('host');
  }

  // The call page: quality in words, chat both ways.
  await expect(derm.getByText(/^Connection: (good|fair|poor)\b/)).toBeVisible({ timeout: 10_000 });
  if (relay) await expect(derm.getByText(/through the relay server/)).toBeVisible();
  await expect(patient.getByRole('button', { name: 'Switch camera' })).toBeVisible();
  await patient.getByRole('textbox', { name: 'Write a message' }).fill('Can you see the mole on my arm?');
  await patient.getByRole('button', { name: 'Send' }).click();
  await expect(derm.getByRole('log').getByText('Can you see the mole on my arm?')).toBeVisible();
  await derm.getByRole('textbox', { name: 'Write a message' }).fill('Yes, hold it closer please.');
  await derm.getByRole('button', { name: 'Send' }).click();
  await expect(patient.getByRole('log').getByText('Yes, hold it closer please.')).toBeVisible();
  await patient.getByRole('button', { name: 'Mute' }).click();
  await expect(derm.getByText('Marie Dupont turned their microphone off.')).toBeVisible();
  await expectNoSeriousA11yViolations(patient);
  await expectNoSeriousA11yViolations(derm);
  return { appt, derm, patient, close: async () => (await dermContext.close(), await patientContext.close()) };
}

test('patient and dermatologist see each other directly, with a still taken into the visit’s photos', async ({ browser }) => {
  test.setTimeout(180_000);
  const { appt, derm, patient, close } = await visit(browser, false, 5);

  // An ICE restart asked by the patient (as after a network change): the dermatologist offers new ICE credentials, video goes on.
  const ufrag = (page: Page) => page.evaluate(() => /a=ice-ufrag:(\S+)/.exec((window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.at(-1)?.localDescription?.sdp ?? '')?.[1] ?? null);
  const before = await ufrag(derm);
  await patient.evaluate(() => (window as unknown as { __sockets: WebSocket[] }).__sockets.at(-1)!.send(JSON.stringify({ type: 'restart-ice' })));
  await expect.poll(() => ufrag(derm), { timeout: 15_000 }).not.toBe(before);
  await expectVideoFlowing(patient, 'the patient after the ICE restart');

  // The patient's signalling connection drops: it reconnects by itself, is let straight back in, and the call is made again.
  const pcsBefore = await patient.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.length);
  await patient.evaluate(() => (window as unknown as { __sockets: WebSocket[] }).__sockets.at(-1)!.close(4000, 'network change'));
  await expect.poll(() => patient.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.length), { timeout: 20_000 }).toBeGreaterThan(pcsBefore);
  await expectVideoFlowing(patient, 'the patient after reconnecting');
  await expectVideoFlowing(derm, 'the dermatologist after the patient reconnected');

  // A still from the patient's video goes into the visit's photos (photo pipeline).
  await derm.getByRole('button', { name: 'Take a photo' }).click();
  await expect(derm.getByText(/Photo added to the visit's photos/)).toBeVisible();
  await expect
    .poll(async () => (await db.query(`select count(*)::int as n from photos where appointment_id = $1`, [appt.id])).rows[0].n as number, { timeout: 30_000 })
    .toBe(1);

  // Hanging up: the dermatologist goes to the visit notes; the patient is told.
  await derm.getByRole('button', { name: 'Hang up' }).click();
  await expect(derm).toHaveURL(new RegExp(`/appointments/${appt.id}/visit$`));
  await expect(patient.getByText('Dr Sophie Laurent has left the call.', { exact: false })).toBeVisible();
  const events = (await db.query<{ kind: string; user_id: string }>(`select kind, user_id from visit_events where appointment_id = $1 order by at, id`, [appt.id])).rows;
  expect(events.map((e) => `${e.user_id === appt.dermUserId ? 'derm' : 'patient'}:${e.kind}`)).toEqual(['patient:joined', 'derm:joined', 'patient:admitted', 'patient:left', 'patient:joined', 'derm:left']);
  await close();
});

test('patient and dermatologist see each other through the TURN relay (coturn, short-lived credentials)', async ({ browser }) => {
  test.setTimeout(180_000);
  const { close } = await visit(browser, true, 6);
  await close();
});
