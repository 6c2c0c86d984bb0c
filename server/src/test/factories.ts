// Small factories for medium tests: rows straight into the database, and a
// signed-in session (second factor already verified) to drive the API with.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, MembershipRole, OrganisationKind } from '../db/schema.ts';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, SESSION_COOKIE, hashToken, newToken } from '../auth/session-tokens.ts';
import type { TestApp } from './test-app.ts';

export async function createNetwork(db: Kysely<DB>, opts: { country?: 'FR' | 'GB'; timeZone?: string } = {}) {
  const network = await db
    .insertInto('networks')
    .values({ name: `Network ${randomUUID().slice(0, 6)}`, country: opts.country ?? 'FR', time_zone: opts.timeZone ?? 'Europe/Paris' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const org = (kind: OrganisationKind, name: string, settings: Record<string, unknown> = {}) =>
    db.insertInto('organisations').values({ network_id: network.id, kind, name, settings: JSON.stringify(settings) }).returning('id').executeTakeFirstOrThrow();
  const practice = await org('gp_practice', 'Test practice');
  const service = await org('dermatology_service', 'Test dermatology service', { routineCalendarDays: 7, urgentWorkingDays: 2, pauseClockWhileAwaitingRequester: true, holidayCalendar: opts.country === 'GB' ? 'gb-eng' : 'fr' });
  const office = await org('network_office', 'Test coordination office');
  return { networkId: network.id, practiceId: practice.id, serviceId: service.id, officeId: office.id };
}

export async function createOrganisation(db: Kysely<DB>, networkId: string, kind: OrganisationKind, name = `Org ${randomUUID().slice(0, 6)}`) {
  return db.insertInto('organisations').values({ network_id: networkId, kind, name }).returning('id').executeTakeFirstOrThrow();
}

export async function createClinician(
  db: Kysely<DB>,
  opts: { organisationId: string; role: MembershipRole; email?: string; name?: string; passwordHash?: string | null; locale?: 'fr' | 'en' },
) {
  const user = await db
    .insertInto('users')
    .values({
      email: opts.email ?? `${opts.role}-${randomUUID().slice(0, 8)}@test.dermlink`,
      display_name: opts.name ?? `Dr ${opts.role} ${randomUUID().slice(0, 4)}`,
      kind: 'clinician',
      password_hash: opts.passwordHash ?? null,
      country: 'FR',
      locale: opts.locale ?? 'en',
    })
    .returning(['id', 'email'])
    .executeTakeFirstOrThrow();
  const membership = await db
    .insertInto('memberships')
    .values({ user_id: user.id, organisation_id: opts.organisationId, role: opts.role })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { userId: user.id, email: user.email, membershipId: membership.id, organisationId: opts.organisationId, role: opts.role };
}

export async function createPatient(
  db: Kysely<DB>,
  opts: { organisationId: string; familyName?: string; givenName?: string; birthDate?: string; sex?: 'female' | 'male'; email?: string | null; withAccount?: boolean },
) {
  let userId: string | null = null;
  const email = opts.email === undefined ? `patient-${randomUUID().slice(0, 8)}@patient.test` : opts.email;
  if (opts.withAccount && email) {
    const user = await db.insertInto('users').values({ email, display_name: `${opts.givenName ?? 'Alex'} ${opts.familyName ?? 'Test'}`, kind: 'patient', locale: 'en' }).returning('id').executeTakeFirstOrThrow();
    userId = user.id;
  }
  const patient = await db
    .insertInto('patients')
    .values({
      organisation_id: opts.organisationId,
      family_name: opts.familyName ?? 'Test',
      given_name: opts.givenName ?? 'Alex',
      birth_date: opts.birthDate ?? '1970-01-15',
      sex: opts.sex ?? 'female',
      email,
      user_id: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { patientId: patient.id, userId, email };
}

export interface TestSession {
  sessionId: string;
  cookie: string;
  csrf: string;
  /** Headers for app.inject: the cookie and the CSRF token. */
  headers: { cookie: string; 'x-csrf-token': string };
}

/** A session as if the person had signed in (password and second factor done). */
export async function signInAs(t: Pick<TestApp, 'database' | 'clock'>, user: { userId: string; membershipId?: string | null }, opts: { secondFactorVerified?: boolean } = {}): Promise<TestSession> {
  const token = newToken();
  const csrf = newToken();
  const now = t.clock.now();
  const row = await t.database.db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      user_id: user.userId,
      active_membership_id: user.membershipId ?? null,
      second_factor_verified: opts.secondFactorVerified ?? true,
      csrf_token: csrf,
      created_at: now,
      last_seen_at: now,
      idle_expires_at: new Date(now.getTime() + IDLE_TIMEOUT_MS),
      absolute_expires_at: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const cookie = `${SESSION_COOKIE}=${token}`;
  return { sessionId: row.id, cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}
