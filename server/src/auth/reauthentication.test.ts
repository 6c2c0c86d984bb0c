// Step-up re-authentication: in an active session, changing the second factor of
// an account that has one (new authenticator, new recovery codes, new passkey)
// needs the password confirmed in that session within the last 5 minutes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { createClinician, createNetwork, createPatient, signInAs } from '../test/factories.ts';
import { createClinicianWithTotp, reauthenticate, sessionFrom, signInFully, signInWithPassword, type Cookies } from './test-helpers.ts';
import { SoftwareAuthenticator } from './software-authenticator.ts';
import { hashPassword } from './passwords.ts';
import { totpCode } from './totp.ts';

let t: TestApp;
let ids: Awaited<ReturnType<typeof createNetwork>>;
const ORIGIN = 'http://localhost'; // app.inject's host
const FIVE_MINUTES = 5 * 60_000;

beforeAll(async () => {
  t = await createTestApp();
  ids = await createNetwork(t.database.db);
});
afterAll(() => t.close());

const post = (url: string, s: { headers: Record<string, string> }, payload: Record<string, unknown> = {}) => t.app.inject({ method: 'POST', url, headers: s.headers, payload });

const audit = (userId: string) =>
  t.database.db.selectFrom('audit_events').select(['action', 'outcome', 'details', 'resource_id']).where('actor_user_id', '=', userId).orderBy('seq').execute();

const userRow = (userId: string) => t.database.db.selectFrom('users').select(['failed_attempts', 'locked_until']).where('id', '=', userId).executeTakeFirstOrThrow();

async function currentSessionId(s: Cookies): Promise<string> {
  const list = await t.app.inject({ url: '/api/auth/sessions', headers: s.headers });
  return (list.json().sessions as Array<{ id: string; current: boolean }>).find((x) => x.current)!.id;
}

async function totpSecretRows(userId: string) {
  return t.database.db.selectFrom('user_totp').select(['id', 'verified_at']).where('user_id', '=', userId).execute();
}

function expectReauthRequired(res: { statusCode: number; json(): { code: string; maxAgeSeconds?: number }; headers: Record<string, unknown> }) {
  expect(res.statusCode).toBe(403);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ code: 'reauthentication_required', maxAgeSeconds: 300 });
}

async function activeDermatologist() {
  const derm = await createClinicianWithTotp(t, { organisationId: ids.serviceId, role: 'dermatologist' });
  const s = await signInFully(t, derm);
  return { derm, s };
}

describe('second-factor changes in an active session', () => {
  it('are refused with 403 reauthentication_required until the password is confirmed, and change nothing', async () => {
    const { derm, s } = await activeDermatologist();
    const before = await totpSecretRows(derm.userId);

    expectReauthRequired(await post('/api/auth/enrolment/totp', s));
    expectReauthRequired(await post('/api/auth/enrolment/totp/verify', s, { code: await totpCode(derm.secret, t.clock.now()) }));
    expectReauthRequired(await post('/api/auth/enrolment/recovery-codes', s));
    expectReauthRequired(await post('/api/auth/enrolment/passkey/options', s));
    expectReauthRequired(
      await post('/api/auth/enrolment/passkey/verify', s, { challengeId: crypto.randomUUID(), response: { id: 'x', rawId: 'x', type: 'public-key', response: {} } }),
    );

    expect(await totpSecretRows(derm.userId)).toEqual(before);
    expect(await t.database.db.selectFrom('recovery_codes').select('id').where('user_id', '=', derm.userId).execute()).toHaveLength(0);
    expect(await t.database.db.selectFrom('webauthn_challenges').select('id').where('user_id', '=', derm.userId).execute()).toHaveLength(0);
    expect((await audit(derm.userId)).map((e) => e.action)).not.toContain('auth.second_factor_changed');
  });

  it('work after the password is confirmed: replace the authenticator, new recovery codes, add a passkey', async () => {
    const { derm, s } = await activeDermatologist();
    const confirmed = await reauthenticate(t, s, derm.password);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toEqual({
      reauthenticatedAt: t.clock.now().toISOString(),
      validUntil: new Date(t.clock.now().getTime() + FIVE_MINUTES).toISOString(),
    });

    // A new authenticator app (a new phone): the old secret stops working.
    const start = await post('/api/auth/enrolment/totp', s);
    expect(start.statusCode).toBe(200);
    const newSecret: string = start.json().secret;
    const verify = await post('/api/auth/enrolment/totp/verify', s, { code: await totpCode(newSecret, t.clock.now()) });
    expect(verify.statusCode).toBe(200);
    expect(verify.json().recoveryCodes).toHaveLength(10);
    expect(verify.json().session).toMatchObject({ secondFactorPending: false, hasTotp: true });
    // Same session (no new cookie): the confirmation still counts for the next change.
    expect(verify.cookies.find((c) => c.name === 'dl_session')).toBeUndefined();

    const codes = await post('/api/auth/enrolment/recovery-codes', s);
    expect(codes.statusCode).toBe(200);
    expect(codes.json().recoveryCodes).toHaveLength(10);

    const authenticator = new SoftwareAuthenticator();
    const options = await post('/api/auth/enrolment/passkey/options', s);
    expect(options.statusCode).toBe(200);
    const { challengeId, options: creation } = options.json();
    const passkey = await post('/api/auth/enrolment/passkey/verify', s, { challengeId, name: 'Laptop', response: authenticator.register(creation, ORIGIN) });
    expect(passkey.statusCode).toBe(200);
    expect(passkey.json()).toMatchObject({ passkey: { name: 'Laptop' }, recoveryCodes: null, session: { passkeyCount: 1 } });

    const events = await audit(derm.userId);
    const actions = events.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.reauthenticated', 'auth.second_factor_changed', 'auth.recovery_codes_regenerated']));
    const reauthEvent = events.find((e) => e.action === 'auth.reauthenticated')!;
    expect(reauthEvent.resource_id).toBe(await currentSessionId(s));
    expect(reauthEvent.details).toEqual({ method: 'password' });
    // Never the password in the trail.
    expect(JSON.stringify(events)).not.toContain(derm.password);
  });

  it('needs a fresh confirmation after 5 minutes (start and verify alike)', async () => {
    const { derm, s } = await activeDermatologist();
    expect((await reauthenticate(t, s, derm.password)).statusCode).toBe(200);

    // Exactly 5 minutes later it still counts; one second more, it does not.
    t.clock.advance(FIVE_MINUTES);
    const start = await post('/api/auth/enrolment/totp', s);
    expect(start.statusCode).toBe(200);
    t.clock.advance(1_000);
    const newSecret: string = start.json().secret;
    expectReauthRequired(await post('/api/auth/enrolment/totp/verify', s, { code: await totpCode(newSecret, t.clock.now()) }));
    expectReauthRequired(await post('/api/auth/enrolment/recovery-codes', s));

    // Confirming again lets the same set-up finish.
    expect((await reauthenticate(t, s, derm.password)).statusCode).toBe(200);
    const verify = await post('/api/auth/enrolment/totp/verify', s, { code: await totpCode(newSecret, t.clock.now()) });
    expect(verify.statusCode).toBe(200);
  });

  it('lets a passkey registration finish with the same challenge once the password is confirmed again', async () => {
    const { derm, s } = await activeDermatologist();
    expect((await reauthenticate(t, s, derm.password)).statusCode).toBe(200);
    t.clock.advance(4 * 60_000);
    const options = await post('/api/auth/enrolment/passkey/options', s);
    expect(options.statusCode).toBe(200);
    const { challengeId, options: creation } = options.json();
    const response = new SoftwareAuthenticator().register(creation, ORIGIN);
    t.clock.advance(60_000 + 1_000); // the confirmation is now 5 min 1 s old; the challenge is 1 min old
    expectReauthRequired(await post('/api/auth/enrolment/passkey/verify', s, { challengeId, response }));
    expect((await reauthenticate(t, s, derm.password)).statusCode).toBe(200);
    const done = await post('/api/auth/enrolment/passkey/verify', s, { challengeId, response });
    expect(done.statusCode).toBe(200);
  });

  it('counts only for the session that confirmed it (and a new sign-in starts without it)', async () => {
    const { derm, s } = await activeDermatologist();
    const other = await signInFully(t, derm);
    expect((await reauthenticate(t, s, derm.password)).statusCode).toBe(200);
    expect((await post('/api/auth/enrolment/recovery-codes', s)).statusCode).toBe(200);
    expectReauthRequired(await post('/api/auth/enrolment/recovery-codes', other));
  });
});

describe('POST /api/auth/reauthenticate', () => {
  it('refuses a wrong password (401) and counts it toward the lockout, shared with sign-in', async () => {
    const { derm, s } = await activeDermatologist();
    const wrong = await reauthenticate(t, s, 'not-my-password-at-all');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('invalid_credentials');
    expect((await userRow(derm.userId)).failed_attempts).toBe(1);
    expectReauthRequired(await post('/api/auth/enrolment/recovery-codes', s));

    for (let i = 0; i < 3; i++) expect((await reauthenticate(t, s, `wrong-password-${i}`)).json().code).toBe('invalid_credentials');
    // The fifth failure in a row, here a wrong password at sign-in, locks the account.
    const locked = await signInWithPassword(t, derm.email, 'wrong-again-password');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('account_locked');

    // Locked: even the right password does not confirm, and the change stays refused.
    const right = await reauthenticate(t, s, derm.password);
    expect(right.statusCode).toBe(423);
    expect(right.json()).toMatchObject({ code: 'account_locked', retryAfterSeconds: 15 * 60 });
    expectReauthRequired(await post('/api/auth/enrolment/recovery-codes', s));

    const events = await audit(derm.userId);
    const failures = events.filter((e) => e.action === 'auth.sign_in_failed');
    expect(failures.filter((e) => (e.details as { reason: string }).reason === 'reauthentication_password')).toHaveLength(4);
    expect(failures.every((e) => e.outcome === 'failure')).toBe(true);
    expect(events.map((e) => e.action)).toContain('auth.account_locked');
    expect(events.map((e) => e.action)).not.toContain('auth.reauthenticated');
    expect(JSON.stringify(events)).not.toContain(derm.password);

    // After the lock, it works again (and the session is still there: the idle window slid).
    t.clock.advance(15 * 60_000 + 1_000);
    expect((await reauthenticate(t, s, derm.password)).statusCode).toBe(200);
  });

  it('locks after five wrong passwords in a row', async () => {
    const { derm, s } = await activeDermatologist();
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await reauthenticate(t, s, `wrong-password-${i}`)).json().code);
    expect(codes).toEqual(['invalid_credentials', 'invalid_credentials', 'invalid_credentials', 'invalid_credentials', 'account_locked']);
    expect((await userRow(derm.userId)).locked_until).not.toBeNull();
  });

  it('starts the failure count again after a right password', async () => {
    const { derm, s } = await activeDermatologist();
    for (let i = 0; i < 3; i++) await reauthenticate(t, s, `wrong-password-${i}`);
    expect((await userRow(derm.userId)).failed_attempts).toBe(3);
    expect((await reauthenticate(t, s, derm.password)).statusCode).toBe(200);
    expect((await userRow(derm.userId)).failed_attempts).toBe(0);
  });

  it('needs an active clinician session with the CSRF token', async () => {
    const derm = await createClinicianWithTotp(t, { organisationId: ids.serviceId, role: 'dermatologist' });
    // No session.
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/auth/reauthenticate', payload: { password: derm.password } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe('unauthenticated');
    // A pending session confirms its second factor, not its password again.
    const pending = sessionFrom(await signInWithPassword(t, derm.email, derm.password));
    const early = await reauthenticate(t, pending, derm.password);
    expect(early.statusCode).toBe(401);
    expect(early.json().code).toBe('second_factor_required');
    // Without the CSRF header.
    const s = await signInFully(t, derm);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/auth/reauthenticate', headers: { cookie: s.cookie }, payload: { password: derm.password } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('csrf_invalid');
    // A patient has no password.
    const patient = await createPatient(t.database.db, { organisationId: ids.practiceId, withAccount: true });
    const ps = await signInAs(t, { userId: patient.userId! });
    const refused = await reauthenticate(t, ps, 'anything-at-all-here');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');
  });
});

describe('first enrolment (account without a second factor)', () => {
  it('still works in a pending session without confirming the password again: TOTP', async () => {
    const gp = await createClinician(t.database.db, { organisationId: ids.practiceId, role: 'requester', passwordHash: await hashPassword('a-new-clinician-pass') });
    const first = await signInWithPassword(t, gp.email, 'a-new-clinician-pass');
    expect(first.json().next).toBe('enrol_second_factor');
    const pending = sessionFrom(first);
    const start = await post('/api/auth/enrolment/totp', pending);
    expect(start.statusCode).toBe(200);
    const verify = await post('/api/auth/enrolment/totp/verify', pending, { code: await totpCode(start.json().secret, t.clock.now()) });
    expect(verify.statusCode).toBe(200);
    expect(verify.json().recoveryCodes).toHaveLength(10);
    expect(verify.json().session.secondFactorPending).toBe(false);

    // Now that the account has a factor, the next change in the new (active) session asks.
    const full: Cookies = sessionFrom(verify);
    expectReauthRequired(await post('/api/auth/enrolment/recovery-codes', full));
    expect((await reauthenticate(t, full, 'a-new-clinician-pass')).statusCode).toBe(200);
    expect((await post('/api/auth/enrolment/recovery-codes', full)).statusCode).toBe(200);
  });

  it('still works in a pending session without confirming the password again: passkey', async () => {
    const gp = await createClinician(t.database.db, { organisationId: ids.practiceId, role: 'requester', passwordHash: await hashPassword('a-new-clinician-pass') });
    const pending = sessionFrom(await signInWithPassword(t, gp.email, 'a-new-clinician-pass'));
    const options = await post('/api/auth/enrolment/passkey/options', pending);
    expect(options.statusCode).toBe(200);
    const { challengeId, options: creation } = options.json();
    const reg = await post('/api/auth/enrolment/passkey/verify', pending, { challengeId, name: 'Phone', response: new SoftwareAuthenticator().register(creation, ORIGIN) });
    expect(reg.statusCode).toBe(200);
    expect(reg.json().recoveryCodes).toHaveLength(10);
    expect(reg.json().session).toMatchObject({ secondFactorPending: false, passkeyCount: 1 });
  });
});
