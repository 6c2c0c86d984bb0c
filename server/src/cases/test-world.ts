// Shared set-up for the cases medium tests: a network with a practice and a
// service, a GP, two dermatologists of the service, one of another service,
// and helpers that drive the API.
import { expect } from 'vitest';
import type { RequestDraftV1 } from '../../../contracts/cases/request-v1.ts';
import { createClinician, createNetwork, createOrganisation, createPatient, signInAs, type TestSession } from '../test/factories.ts';
import type { TestApp } from '../test/test-app.ts';

export interface World {
  ids: Awaited<ReturnType<typeof createNetwork>>;
  gp: TestSession;
  gpUserId: string;
  derm: TestSession;
  dermUserId: string;
  derm2: TestSession;
  derm2UserId: string;
  otherDerm: TestSession;
  otherServiceId: string;
  coordinator: TestSession;
  users: Record<'gp' | 'derm' | 'derm2' | 'otherDerm' | 'coordinator', { userId: string; membershipId: string }>;
}

/** New sessions at the current test clock (moving the clock expires the old ones). */
export async function resignIn(t: TestApp, w: World): Promise<void> {
  for (const key of Object.keys(w.users) as Array<keyof World['users']>) {
    w[key] = await signInAs(t, w.users[key]);
  }
}

export async function createWorld(t: TestApp, opts: { country?: 'FR' | 'GB'; timeZone?: string } = {}): Promise<World> {
  const db = t.database.db;
  const ids = await createNetwork(db, opts);
  const gpUser = await createClinician(db, { organisationId: ids.practiceId, role: 'requester', name: 'Dr Garance Petit' });
  const dermUser = await createClinician(db, { organisationId: ids.serviceId, role: 'dermatologist', name: 'Dr Denis Roux' });
  const derm2User = await createClinician(db, { organisationId: ids.serviceId, role: 'dermatologist', name: 'Dr Dora Blanc' });
  const other = await createOrganisation(db, ids.networkId, 'dermatology_service', 'Other service');
  const otherUser = await createClinician(db, { organisationId: other.id, role: 'dermatologist' });
  const coord = await createClinician(db, { organisationId: ids.officeId, role: 'coordinator' });
  return {
    ids,
    gp: await signInAs(t, gpUser),
    gpUserId: gpUser.userId,
    derm: await signInAs(t, dermUser),
    dermUserId: dermUser.userId,
    derm2: await signInAs(t, derm2User),
    derm2UserId: derm2User.userId,
    otherDerm: await signInAs(t, otherUser),
    otherServiceId: other.id,
    coordinator: await signInAs(t, coord),
    users: { gp: gpUser, derm: dermUser, derm2: derm2User, otherDerm: otherUser, coordinator: coord },
  };
}

export const completeRequest: RequestDraftV1 = {
  reason: 'suspicious_lesion',
  bodySite: { site: 'upper_back', laterality: 'midline', view: 'back' },
  duration: { value: 3, unit: 'months' },
  evolution: 'changing',
  symptoms: { itch: true, bleeding: false, pain: false },
  personalHistorySkinCancer: false,
  familyHistorySkinCancer: true,
  immunosuppressed: false,
  phototype: 'II',
  treatments: 'None',
  allergies: 'Penicillin',
  question: 'Is this a melanoma?',
  urgency: 'routine',
  pigmented: true,
  sevenPoint: {
    changeInSize: false,
    irregularShape: false,
    irregularColour: false,
    diameter7mmOrMore: true,
    inflammation: false,
    oozingOrCrusting: false,
    changeInSensation: false,
  },
};

export async function newPatientWithConsent(t: TestApp, w: World, opts: { birthDate?: string; familyName?: string } = {}) {
  const p = await createPatient(t.database.db, { organisationId: w.ids.practiceId, familyName: opts.familyName ?? 'Martin', givenName: 'Lucie', birthDate: opts.birthDate ?? '1980-06-15' });
  const res = await t.app.inject({ method: 'POST', url: `/api/patients/${p.patientId}/consents`, headers: w.gp.headers, payload: { method: 'oral_in_consultation', scope: ['photos', 'remote_expertise'] } });
  expect(res.statusCode, res.body).toBe(201);
  return p.patientId;
}

export async function draftCase(t: TestApp, w: World, patientId: string, request: RequestDraftV1 = completeRequest, routing: unknown = { kind: 'service', serviceId: w.ids.serviceId }) {
  const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: w.gp.headers, payload: { patientId, request, routing } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

export async function submittedCase(t: TestApp, w: World, opts: { request?: RequestDraftV1; patientId?: string } = {}) {
  const patientId = opts.patientId ?? (await newPatientWithConsent(t, w));
  const id = await draftCase(t, w, patientId, opts.request ?? completeRequest);
  const res = await post(t, w.gp, `/api/cases/${id}/submit`, {});
  expect(res.statusCode, res.body).toBe(200);
  return { id, patientId };
}

export function post(t: TestApp, s: TestSession, url: string, payload: unknown = {}) {
  return t.app.inject({ method: 'POST', url, headers: s.headers, payload: payload as object });
}

export function get(t: TestApp, s: TestSession, url: string) {
  return t.app.inject({ method: 'GET', url, headers: s.headers });
}

export const answerBody = {
  diagnosis: 'Seborrhoeic keratosis',
  icd10: { code: 'L82', label: 'Seborrhoeic keratosis' },
  differentials: [{ text: 'Melanoma', icd10: { code: 'C43.5', label: 'Malignant melanoma of trunk' } }],
  managementPlan: 'Reassure; no treatment needed.',
  treatmentSuggestions: 'Cryotherapy if bothersome.',
  outcome: 'advice_only',
  patientSummary: 'This spot is harmless.',
  gpDiscussesFirst: false,
};
