// Full WebAuthn ceremonies with a software authenticator (ES256).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { createClinician, createNetwork } from '../test/factories.ts';
import { createClinicianWithTotp, reauthenticate, sessionFrom, signInFully, signInWithPassword } from './test-helpers.ts';
import { SoftwareAuthenticator } from './software-authenticator.ts';
import { hashPassword } from './passwords.ts';

let t: TestApp;
let ids: Awaited<ReturnType<typeof createNetwork>>;
const ORIGIN = 'http://localhost'; // app.inject's host

beforeAll(async () => {
  t = await createTestApp();
  ids = await createNetwork(t.database.db);
});
afterAll(() => t.close());

async function register(headers: Record<string, string>, authenticator: SoftwareAuthenticator, name = 'Laptop') {
  const opts = await t.app.inject({ method: 'POST', url: '/api/auth/enrolment/passkey/options', headers, payload: {} });
  expect(opts.statusCode).toBe(200);
  const { challengeId, options } = opts.json();
  return t.app.inject({ method: 'POST', url: '/api/auth/enrolment/passkey/verify', headers, payload: { challengeId, name, response: authenticator.register(options, ORIGIN) } });
}

async function passkeySignIn(authenticator: SoftwareAuthenticator, opts: { userVerified?: boolean; headers?: Record<string, string> } = {}) {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/passkey/options', headers: opts.headers, payload: {} });
  const { challengeId, options } = res.json();
  return t.app.inject({ method: 'POST', url: '/api/auth/passkey/verify', headers: opts.headers, payload: { challengeId, response: authenticator.authenticate(options, ORIGIN, opts) } });
}

describe('passkeys', () => {
  it('registers in an active session (password confirmed), then signs in alone (passwordless) as both factors', async () => {
    const derm = await createClinicianWithTotp(t, { organisationId: ids.serviceId, role: 'dermatologist' });
    const s = await signInFully(t, derm);
    expect((await reauthenticate(t, s)).statusCode).toBe(200);
    const authenticator = new SoftwareAuthenticator();
    const reg = await register(s.headers, authenticator);
    expect(reg.statusCode).toBe(200);
    expect(reg.json()).toMatchObject({ passkey: { name: 'Laptop' }, recoveryCodes: null, session: { passkeyCount: 1, hasTotp: true } });

    const signIn = await passkeySignIn(authenticator);
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json()).toMatchObject({ user: { id: derm.userId }, role: 'dermatologist', secondFactorPending: false });
    const full = sessionFrom(signIn);
    expect((await t.app.inject({ url: '/api/auth/sessions', headers: full.headers })).statusCode).toBe(200);
    const events = await t.database.db.selectFrom('audit_events').select(['action', 'details']).where('actor_user_id', '=', derm.userId).where('action', '=', 'auth.sign_in').execute();
    expect(events.map((e) => (e.details as { method: string }).method)).toContain('passkey');

    // As a second factor after the password, too.
    const pending = sessionFrom(await signInWithPassword(t, derm.email, derm.password));
    const second = await passkeySignIn(authenticator, { headers: pending.headers });
    expect(second.statusCode).toBe(200);
    expect(second.json().secondFactorPending).toBe(false);
  });

  it('refuses a passkey without user verification and a forged signature', async () => {
    const derm = await createClinicianWithTotp(t, { organisationId: ids.serviceId, role: 'dermatologist' });
    const s = await signInFully(t, derm);
    expect((await reauthenticate(t, s)).statusCode).toBe(200);
    const authenticator = new SoftwareAuthenticator();
    expect((await register(s.headers, authenticator)).statusCode).toBe(200);
    const noUv = await passkeySignIn(authenticator, { userVerified: false });
    expect(noUv.statusCode).toBe(401);
    expect(noUv.json().code).toBe('passkey_failed');

    const impostor = new SoftwareAuthenticator();
    Object.defineProperty(impostor, 'credentialId', { value: authenticator.credentialId });
    const forged = await passkeySignIn(impostor);
    expect(forged.json().code).toBe('passkey_failed');
  });

  it('is a first factor for a new clinician: enrolment completes the sign-in and gives recovery codes; the last factor cannot be removed', async () => {
    const gp = await createClinician(t.database.db, { organisationId: ids.practiceId, role: 'requester', passwordHash: await hashPassword('a-new-clinician-pass') });
    const first = await signInWithPassword(t, gp.email, 'a-new-clinician-pass');
    expect(first.json().next).toBe('enrol_second_factor');
    const pending = sessionFrom(first);
    const reg = await register(pending.headers, new SoftwareAuthenticator(), 'Phone');
    expect(reg.statusCode).toBe(200);
    expect(reg.json().recoveryCodes).toHaveLength(10);
    expect(reg.json().session).toMatchObject({ secondFactorPending: false, passkeyCount: 1, hasTotp: false });
    const full = sessionFrom(reg);
    const list = await t.app.inject({ url: '/api/auth/passkeys', headers: full.headers });
    const [passkey] = list.json().passkeys;
    const unconfirmed = await t.app.inject({ method: 'DELETE', url: `/api/auth/passkeys/${passkey.id}`, headers: full.headers });
    expect(unconfirmed.statusCode).toBe(403);
    expect(unconfirmed.json().code).toBe('reauthentication_required');
    expect((await reauthenticate(t, full, 'a-new-clinician-pass')).statusCode).toBe(200);
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/auth/passkeys/${passkey.id}`, headers: full.headers });
    expect(removed.statusCode).toBe(409);
    expect(removed.json().code).toBe('last_second_factor');
  });
});
