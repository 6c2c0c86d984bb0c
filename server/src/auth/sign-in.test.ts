import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { createClinician, createNetwork, signInAs } from '../test/factories.ts';
import { createClinicianWithTotp, nextIp, reauthenticate, sessionFrom, signInFully, signInWithPassword } from './test-helpers.ts';
import { totpCode } from './totp.ts';
import { ABSOLUTE_TIMEOUT_MS } from './session-tokens.ts';
import { lockedError } from './lockout.ts';

let t: TestApp;
let ids: Awaited<ReturnType<typeof createNetwork>>;

beforeAll(async () => {
  t = await createTestApp();
  ids = await createNetwork(t.database.db);
});
afterAll(() => t.close());

const auditActions = async (userId: string) =>
  (await t.database.db.selectFrom('audit_events').select(['action', 'outcome']).where('actor_user_id', '=', userId).orderBy('seq').execute()).map((e) => e.action);

describe('password + TOTP sign-in', () => {
  it('needs both factors, rotates the token, and audits the sign-in', async () => {
    const gp = await createClinicianWithTotp(t, { organisationId: ids.practiceId, role: 'requester' });
    const ip = nextIp();
    const first = await signInWithPassword(t, gp.email, gp.password, ip);
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body.next).toBe('second_factor');
    expect(body.methods).toEqual({ totp: true, passkey: false, recoveryCode: false });
    expect(body.session.secondFactorPending).toBe(true);
    const pending = sessionFrom(first);
    const cookie = first.cookies.find((c) => c.name === 'dl_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeFalsy();

    // The pending session opens nothing but the second-factor step.
    const sessions = await t.app.inject({ url: '/api/auth/sessions', headers: pending.headers });
    expect(sessions.statusCode).toBe(401);
    expect(sessions.json().code).toBe('second_factor_required');
    const info = await t.app.inject({ url: '/api/auth/session', headers: pending.headers });
    expect(info.json().secondFactorPending).toBe(true);

    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/second-factor/totp', headers: pending.headers, payload: { code: String((Number(await totpCode(gp.secret, t.clock.now())) + 1) % 1_000_000).padStart(6, '0') }, remoteAddress: ip });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('invalid_code');

    const code = await totpCode(gp.secret, t.clock.now());
    const second = await t.app.inject({ method: 'POST', url: '/api/auth/second-factor/totp', headers: pending.headers, payload: { code }, remoteAddress: ip });
    expect(second.statusCode).toBe(200);
    const full = sessionFrom(second);
    expect(full.cookie).not.toBe(pending.cookie);
    expect(second.json()).toMatchObject({ role: 'requester', secondFactorPending: false, hasTotp: true, organisation: { id: ids.practiceId } });

    // The old (pending) token is dead.
    expect((await t.app.inject({ url: '/api/auth/session', headers: pending.headers })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/auth/sessions', headers: full.headers })).statusCode).toBe(200);

    // The same code cannot be replayed in another sign-in.
    const again = sessionFrom(await signInWithPassword(t, gp.email, gp.password, ip));
    const replay = await t.app.inject({ method: 'POST', url: '/api/auth/second-factor/totp', headers: again.headers, payload: { code }, remoteAddress: ip });
    expect(replay.json().code).toBe('invalid_code');

    const actions = await auditActions(gp.userId);
    expect(actions).toContain('auth.password_verified');
    expect(actions).toContain('auth.sign_in');
    expect(actions).toContain('auth.sign_in_failed');
  });

  it('answers the same for an unknown email and a wrong password', async () => {
    const gp = await createClinicianWithTotp(t, { organisationId: ids.practiceId, role: 'requester' });
    const wrong = await signInWithPassword(t, gp.email, 'not-the-password-at-all');
    const unknown = await signInWithPassword(t, 'nobody-here@test.dermlink', 'not-the-password-at-all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('asks a clinician without a second factor to enrol, and enrolment completes the sign-in', async () => {
    const { hashPassword } = await import('./passwords.ts');
    const gp = await createClinician(t.database.db, { organisationId: ids.practiceId, role: 'requester', passwordHash: await hashPassword('a-new-clinician-pass') });
    const first = await signInWithPassword(t, gp.email, 'a-new-clinician-pass');
    expect(first.json().next).toBe('enrol_second_factor');
    const pending = sessionFrom(first);
    const start = await t.app.inject({ method: 'POST', url: '/api/auth/enrolment/totp', headers: pending.headers, payload: {} });
    expect(start.statusCode).toBe(200);
    const { secret, otpauthUri, qrCodeDataUrl } = start.json();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/DermLink/);
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const verify = await t.app.inject({ method: 'POST', url: '/api/auth/enrolment/totp/verify', headers: pending.headers, payload: { code: await totpCode(secret, t.clock.now()) } });
    expect(verify.statusCode).toBe(200);
    expect(verify.json().recoveryCodes).toHaveLength(10);
    expect(verify.json().session).toMatchObject({ secondFactorPending: false, hasTotp: true, recoveryCodesRemaining: 10 });
    const full = sessionFrom(verify);
    expect((await t.app.inject({ url: '/api/auth/sessions', headers: full.headers })).statusCode).toBe(200);
    expect(await auditActions(gp.userId)).toContain('auth.second_factor_enrolled');
  });

  it('does not let a password alone enrol a new factor on an account that has one', async () => {
    const gp = await createClinicianWithTotp(t, { organisationId: ids.practiceId, role: 'requester' });
    const pending = sessionFrom(await signInWithPassword(t, gp.email, gp.password));
    const start = await t.app.inject({ method: 'POST', url: '/api/auth/enrolment/totp', headers: pending.headers, payload: {} });
    expect(start.statusCode).toBe(401);
    expect(start.json().code).toBe('second_factor_required');
    const passkey = await t.app.inject({ method: 'POST', url: '/api/auth/enrolment/passkey/options', headers: pending.headers, payload: {} });
    expect(passkey.json().code).toBe('second_factor_required');
  });
});

describe('recovery codes', () => {
  it('sign in once each, then refused', async () => {
    const gp = await createClinicianWithTotp(t, { organisationId: ids.practiceId, role: 'requester' });
    const full = await signInFully(t, gp);
    expect((await reauthenticate(t, full)).statusCode).toBe(200);
    const gen = await t.app.inject({ method: 'POST', url: '/api/auth/enrolment/recovery-codes', headers: full.headers, payload: {} });
    expect(gen.statusCode).toBe(200);
    const codes: string[] = gen.json().recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);

    const pending = sessionFrom(await signInWithPassword(t, gp.email, gp.password));
    const used = await t.app.inject({ method: 'POST', url: '/api/auth/second-factor/recovery', headers: pending.headers, payload: { code: codes[0]!.toUpperCase() } });
    expect(used.statusCode).toBe(200);
    expect(used.json().recoveryCodesRemaining).toBe(9);
    expect(used.json().session.secondFactorPending).toBe(false);

    const pending2 = sessionFrom(await signInWithPassword(t, gp.email, gp.password));
    const reused = await t.app.inject({ method: 'POST', url: '/api/auth/second-factor/recovery', headers: pending2.headers, payload: { code: codes[0] } });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().code).toBe('invalid_code');
    expect(await auditActions(gp.userId)).toContain('auth.recovery_code_used');
  });
});

describe('lockout', () => {
  it('locks the account after 5 failures for 15 minutes, audited, even with the right password', async () => {
    const gp = await createClinicianWithTotp(t, { organisationId: ids.practiceId, role: 'requester' });
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await signInWithPassword(t, gp.email, `wrong-password-${i}`);
      codes.push(res.json().code);
    }
    expect(codes).toEqual(Array(4).fill('invalid_credentials'));
    const fifth = await signInWithPassword(t, gp.email, 'wrong-password-5');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().code).toBe('account_locked');
    expect(fifth.json().retryAfterSeconds).toBe(15 * 60);
    const right = await signInWithPassword(t, gp.email, gp.password);
    expect(right.statusCode).toBe(423);
    const events = await t.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'auth.account_locked').where('resource_id', '=', gp.userId).execute();
    expect(events).toHaveLength(1);
    t.clock.advance(15 * 60_000 + 1000);
    expect((await signInWithPassword(t, gp.email, gp.password)).statusCode).toBe(200);
  });

  it('locks an unknown email the same way (no enumeration)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await signInWithPassword(t, 'ghost@nowhere.test', `wrong-password-${i}`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 423, 423]);
  });

  it('locks longer each time in a row (15, 30, 60 minutes); a completed sign-in starts again at 15', async () => {
    const gp = await createClinicianWithTotp(t, { organisationId: ids.practiceId, role: 'requester' });
    /** Five wrong passwords; the lock's length in minutes. */
    const lockNow = async () => {
      let last = await signInWithPassword(t, gp.email, 'wrong-password');
      for (let i = 1; i < 5; i++) last = await signInWithPassword(t, gp.email, `wrong-password-${i}`);
      expect(last.statusCode).toBe(423);
      return (last.json().retryAfterSeconds as number) / 60;
    };
    expect(await lockNow()).toBe(15);
    t.clock.advance(15 * 60_000 + 1000);
    expect(await lockNow()).toBe(30);
    // Still locked at 29 minutes, even with the right password.
    t.clock.advance(29 * 60_000);
    expect((await signInWithPassword(t, gp.email, gp.password)).statusCode).toBe(423);
    t.clock.advance(60_000 + 1000);
    expect(await lockNow()).toBe(60);
    const locks = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'auth.account_locked')
      .where('resource_id', '=', gp.userId)
      .orderBy('seq')
      .execute();
    expect(locks.map((e) => e.details)).toEqual([
      { minutes: 15, lockoutInARow: 1 },
      { minutes: 30, lockoutInARow: 2 },
      { minutes: 60, lockoutInARow: 3 },
    ]);

    // Once the person gets in (password and code), the next lock is back to 15 minutes.
    t.clock.advance(60 * 60_000 + 1000);
    await signInFully(t, gp);
    expect(await lockNow()).toBe(15);
  });

  it('says 15 minutes for a 15-minute lock whose end was computed a few milliseconds after the request began', () => {
    const now = new Date('2026-03-02T09:00:00Z');
    const error = lockedError(new Date(now.getTime() + 15 * 60_000 + 4), now);
    expect(error.extra).toMatchObject({ retryAfterSeconds: 900 });
    expect(error.message).toContain('locked for 15 minutes');
    expect(lockedError(new Date(now.getTime() + 200), now).extra).toMatchObject({ retryAfterSeconds: 1 });
  });

  it('grows an unknown email\u2019s lock the same way, up to 4 hours (no enumeration)', async () => {
    const lengths: number[] = [];
    for (let round = 0; round < 6; round++) {
      let last = await signInWithPassword(t, 'ghost-again@nowhere.test', 'wrong-password');
      for (let i = 1; i < 5; i++) last = await signInWithPassword(t, 'ghost-again@nowhere.test', `wrong-password-${i}`);
      expect(last.statusCode).toBe(423);
      const minutes = (last.json().retryAfterSeconds as number) / 60;
      lengths.push(minutes);
      t.clock.advance(minutes * 60_000 + 1000);
    }
    expect(lengths).toEqual([15, 30, 60, 120, 240, 240]);
  });

  it('counts wrong second-factor codes too', async () => {
    const gp = await createClinicianWithTotp(t, { organisationId: ids.practiceId, role: 'requester' });
    const pending = sessionFrom(await signInWithPassword(t, gp.email, gp.password));
    const results: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/second-factor/recovery', headers: pending.headers, payload: { code: `wrong${i}-wrongcode` } });
      results.push(res.json().code);
    }
    expect(results.at(-1)).toBe('account_locked');
  });

  it('limits sign-in attempts per address (429)', async () => {
    const ip = nextIp();
    let last = 0;
    for (let i = 0; i < 21; i++) last = (await signInWithPassword(t, `someone${i}@nowhere.test`, 'whatever-password', ip)).statusCode;
    expect(last).toBe(429);
  });
});

describe('sessions', () => {
  it('expires 12 hours after sign-in however active', async () => {
    const gp = await createClinician(t.database.db, { organisationId: ids.practiceId, role: 'requester' });
    const s = await signInAs(t, gp);
    for (let elapsed = 0; elapsed < ABSOLUTE_TIMEOUT_MS - 20 * 60_000; elapsed += 20 * 60_000) {
      t.clock.advance(20 * 60_000);
      expect((await t.app.inject({ url: '/api/auth/session', headers: s.headers })).statusCode).toBe(200);
    }
    t.clock.advance(21 * 60_000);
    const expired = await t.app.inject({ url: '/api/auth/session', headers: s.headers });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('session_expired');
    const event = await t.database.db.selectFrom('audit_events').select('details').where('action', '=', 'session.expired').where('resource_id', '=', s.sessionId).executeTakeFirstOrThrow();
    expect(event.details).toEqual({ reason: 'absolute' });
  });

  it('returns SessionInfo with absolute expiry and keeps alive', async () => {
    const gp = await createClinician(t.database.db, { organisationId: ids.practiceId, role: 'requester' });
    const s = await signInAs(t, gp);
    const info = await t.app.inject({ url: '/api/auth/session', headers: s.headers });
    expect(info.json()).toMatchObject({ user: { id: gp.userId }, role: 'requester', csrfToken: s.csrf, secondFactorPending: false });
    expect(new Date(info.json().absoluteExpiresAt).getTime() - t.clock.now().getTime()).toBe(ABSOLUTE_TIMEOUT_MS);
    t.clock.advance(5_000);
    const alive = await t.app.inject({ method: 'POST', url: '/api/auth/session/keep-alive', headers: s.headers, payload: {} });
    expect(new Date(alive.json().idleExpiresAt).getTime()).toBe(t.clock.now().getTime() + 30 * 60_000);
    expect((await t.app.inject({ url: '/api/auth/session' })).statusCode).toBe(401);
  });

  it('refuses a pre-session step posted from another site (login CSRF)', async () => {
    const gp = await createClinicianWithTotp(t, { organisationId: ids.practiceId, role: 'requester' });
    const foreign = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { origin: 'https://evil.example' }, payload: { email: gp.email, password: gp.password }, remoteAddress: nextIp() });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().code).toBe('csrf_invalid');
    const same = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { origin: 'http://localhost:80' }, payload: { email: gp.email, password: gp.password }, remoteAddress: nextIp() });
    expect(same.statusCode).toBe(200);
  });

  it('lists, revokes one, signs out, and signs out everywhere', async () => {
    const gp = await createClinicianWithTotp(t, { organisationId: ids.practiceId, role: 'requester' });
    const a = await signInFully(t, gp);
    const b = await signInFully(t, gp);
    const c = await signInFully(t, gp);
    const list = await t.app.inject({ url: '/api/auth/sessions', headers: a.headers });
    const sessions = list.json().sessions as Array<{ id: string; current: boolean }>;
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const bId = (await t.app.inject({ url: '/api/auth/sessions', headers: b.headers })).json().sessions.find((s: { current: boolean }) => s.current).id;

    // CSRF: the same request without the header is refused.
    const noCsrf = await t.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${bId}`, headers: { cookie: a.cookie } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('csrf_invalid');

    expect((await t.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${bId}`, headers: a.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/session', headers: b.headers })).statusCode).toBe(401);

    // Another user's session id is simply not found.
    const other = await createClinician(t.database.db, { organisationId: ids.practiceId, role: 'requester' });
    const os = await signInAs(t, other);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${os.sessionId}`, headers: a.headers })).statusCode).toBe(404);

    const out = await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: c.headers, payload: {} });
    expect(out.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/session', headers: c.headers })).statusCode).toBe(401);

    const d = await signInFully(t, gp);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/sign-out-everywhere', headers: d.headers, payload: {} })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/session', headers: a.headers })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/auth/session', headers: d.headers })).statusCode).toBe(401);
    const actions = await auditActions(gp.userId);
    expect(actions).toEqual(expect.arrayContaining(['auth.session_revoked', 'auth.sign_out', 'auth.sign_out_everywhere']));
  });

  it('switches the active membership among the user own ones only', async () => {
    const person = await createClinician(t.database.db, { organisationId: ids.practiceId, role: 'requester' });
    const second = await t.database.db.insertInto('memberships').values({ user_id: person.userId, organisation_id: ids.serviceId, role: 'dermatologist' }).returning('id').executeTakeFirstOrThrow();
    const s = await signInAs(t, person);
    const before = await t.app.inject({ url: '/api/auth/session', headers: s.headers });
    expect(before.json().memberships).toHaveLength(2);
    const switched = await t.app.inject({ method: 'POST', url: '/api/auth/session/switch', headers: s.headers, payload: { membershipId: second.id } });
    expect(switched.statusCode).toBe(200);
    expect(switched.json()).toMatchObject({ role: 'dermatologist', organisation: { id: ids.serviceId } });
    const stranger = await createClinician(t.database.db, { organisationId: ids.officeId, role: 'coordinator' });
    const refused = await t.app.inject({ method: 'POST', url: '/api/auth/session/switch', headers: s.headers, payload: { membershipId: stranger.membershipId } });
    expect(refused.statusCode).toBe(404);
    expect(await auditActions(person.userId)).toContain('auth.membership_switched');
  });
});

describe('passkeys', () => {
  it('gives authentication options without a session and refuses an unknown credential', async () => {
    const options = await t.app.inject({ method: 'POST', url: '/api/auth/passkey/options', payload: {} });
    expect(options.statusCode).toBe(200);
    const { challengeId, options: opts } = options.json();
    expect(opts.rpId).toBe('localhost');
    expect(opts.userVerification).toBe('required');
    const verify = await t.app.inject({ method: 'POST', url: '/api/auth/passkey/verify', payload: { challengeId, response: { id: 'nope', rawId: 'nope', type: 'public-key', response: {} } } });
    expect(verify.statusCode).toBe(401);
    expect(verify.json().code).toBe('passkey_failed');
    // The challenge is single use.
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/passkey/verify', payload: { challengeId, response: { id: 'nope' } } });
    expect(again.json().code).toBe('passkey_failed');
  });

  it('gives registration options in an active session (password confirmed)', async () => {
    const gp = await createClinicianWithTotp(t, { organisationId: ids.practiceId, role: 'requester' });
    const s = await signInFully(t, gp);
    expect((await reauthenticate(t, s)).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/enrolment/passkey/options', headers: s.headers, payload: {} });
    expect(res.statusCode).toBe(200);
    expect(res.json().options).toMatchObject({ rp: { id: 'localhost', name: 'DermLink' }, authenticatorSelection: { residentKey: 'required', userVerification: 'required' } });
  });
});
