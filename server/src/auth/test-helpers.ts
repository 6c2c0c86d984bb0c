// Test helpers for the sign-in flows (medium tests only).
import type { LightMyRequestResponse } from 'fastify';
import { createClinician } from '../test/factories.ts';
import type { TestApp } from '../test/test-app.ts';
import type { MembershipRole } from '../db/schema.ts';
import { hashPassword } from './passwords.ts';
import { authMasterKey } from './master-key.ts';
import { newTotpSecret, sealSecret, totpCode } from './totp.ts';
import { SESSION_COOKIE } from './session-tokens.ts';

export const TEST_PASSWORD = 'correct-horse-battery-42';

let cachedHash: Promise<string> | null = null;

/** A clinician with a password and a verified TOTP (secret returned to compute codes). */
export async function createClinicianWithTotp(t: TestApp, opts: { organisationId: string; role: MembershipRole; email?: string; locale?: 'fr' | 'en' }) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const user = await createClinician(t.database.db, { ...opts, passwordHash: await cachedHash });
  const secret = newTotpSecret();
  await t.database.db.insertInto('user_totp').values({ user_id: user.userId, ...sealSecret(authMasterKey(t.services.config), secret), verified_at: t.clock.now(), last_used_step: null }).execute();
  return { ...user, secret, password: TEST_PASSWORD };
}

export interface Cookies {
  cookie: string;
  csrf: string;
  headers: { cookie: string; 'x-csrf-token': string };
}

/** The session cookie a response set, with the CSRF token from its SessionInfo. */
export function sessionFrom(res: LightMyRequestResponse, csrf?: string): Cookies {
  const c = res.cookies.find((x) => x.name === SESSION_COOKIE);
  if (!c) throw new Error(`no session cookie in response ${res.statusCode}: ${res.body}`);
  const body = res.json();
  const token = csrf ?? body.csrfToken ?? body.session?.csrfToken;
  const cookie = `${SESSION_COOKIE}=${c.value}`;
  return { cookie, csrf: token, headers: { cookie, 'x-csrf-token': token } };
}

let ipCounter = 1;
/** A fresh client address, so the per-address rate limit of one test does not touch another. */
export const nextIp = () => `10.0.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

export async function signInWithPassword(t: TestApp, email: string, password: string, remoteAddress = nextIp()) {
  return t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password }, remoteAddress });
}

/** Password + TOTP: a full session. */
export async function signInFully(t: TestApp, user: { email: string; secret: string; password: string }): Promise<Cookies> {
  const ip = nextIp();
  const first = await signInWithPassword(t, user.email, user.password, ip);
  if (first.statusCode !== 200) throw new Error(`sign-in failed: ${first.body}`);
  const pending = sessionFrom(first);
  const code = await totpCode(user.secret, t.clock.now());
  const second = await t.app.inject({ method: 'POST', url: '/api/auth/second-factor/totp', headers: pending.headers, payload: { code }, remoteAddress: ip });
  if (second.statusCode !== 200) throw new Error(`second factor failed: ${second.body}`);
  // Next code step so that a later sign-in in the same test is not a replay.
  t.clock.advance(30_000);
  return sessionFrom(second);
}

/** Confirms the password in an active session (step-up before changing a second factor). */
export async function reauthenticate(t: TestApp, session: Cookies | { headers: Record<string, string> }, password = TEST_PASSWORD, remoteAddress = nextIp()) {
  return t.app.inject({ method: 'POST', url: '/api/auth/reauthenticate', headers: session.headers, payload: { password }, remoteAddress });
}
