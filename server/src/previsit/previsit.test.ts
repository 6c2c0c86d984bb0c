// Before the visit, through HTTP: the questionnaire (validation with field
// paths, drafts saved as typed, strict submission, refused once cancelled or
// past, scope, audit), the preparation page's data, and the appointment's
// photos through the real tus pipeline with a real phone photo.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { createClinician, createNetwork, createOrganisation, createPatient, signInAs, type TestSession } from '../test/factories.ts';
import { getPhotoServices, type PhotoServices } from '../photos/photo-services.ts';
import { PHOTO_ID_HEADER } from '../../../contracts/photos/uploads.ts';
import type { AppointmentPhotosResponse } from '../../../contracts/photos/photos.ts';
import type { AppointmentPreparation, QuestionnaireDraft } from '../../../contracts/appointments/questionnaire.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/images');
const CHUNK = 256 * 1024;
const HOUR = 60 * 60 * 1000;

let t: TestApp;
let photos: PhotoServices;
const s = {} as Record<'patient' | 'gp' | 'derm' | 'colleague' | 'coordinator' | 'pharmacist' | 'otherPatient' | 'otherDerm' | 'otherGp' | 'otherPracticeGp', TestSession>;
let users: Record<keyof typeof s, { userId: string; membershipId?: string }>;
let ids: { patientId: string; serviceId: string; dermId: string; gpId: string; practiceId: string; caseId: string; otherPatientId: string; otherDermId: string; otherServiceId: string };

/** An appointment straight into the table (booking has its own tests): tomorrow 10:00 UTC by default. */
let slot = 0;
async function appointment(opts: { patientId?: string; dermId?: string; serviceId?: string; startsAt?: Date; referral?: boolean } = {}) {
  // One live appointment per dermatologist and start time: each gets its own slot.
  const startsAt = new Date((opts.startsAt ?? new Date(t.clock.now().getTime() + 25 * HOUR)).getTime() + slot++ * 60_000);
  const row = await t.database.db
    .insertInto('appointments')
    .values({
      service_id: opts.serviceId ?? ids.serviceId,
      dermatologist_user_id: opts.dermId ?? ids.dermId,
      patient_id: opts.patientId ?? ids.patientId,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 20 * 60 * 1000),
      time_zone: 'Europe/Paris',
      booked_by_user_id: ids.gpId,
      ...(opts.referral === false
        ? {}
        : { referral_case_id: ids.caseId, referral_letter: null, referring_user_id: ids.gpId, referring_organisation_id: ids.practiceId, coordinated: true }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const send = (session: TestSession | null, method: 'GET' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: session ? session.headers : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
const preparation = (session: TestSession, id: string) => send(session, 'GET', `/api/appointments/${id}/preparation`);
const save = (session: TestSession, id: string, answers: QuestionnaireDraft, submit = false) =>
  send(session, 'PUT', `/api/appointments/${id}/questionnaire`, { answers, submit });

const complete: QuestionnaireDraft = {
  reason: 'new_or_changing_spot',
  bodyArea: 'Back of my left shoulder',
  duration: 'one_to_twelve_months',
  evolution: 'getting_worse',
  symptoms: ['bleeding', 'itch', 'itch'],
  treatmentsNone: true,
  allergies: 'Penicillin',
  allergiesNone: false,
  phototype: 'II',
  otherInfo: 'My father had a melanoma.',
};

beforeAll(async () => {
  t = await createTestApp();
  photos = await getPhotoServices(t.services);
  const db = t.database.db;
  const a = await createNetwork(db);
  const gp = await createClinician(db, { organisationId: a.practiceId, role: 'requester' });
  const derm = await createClinician(db, { organisationId: a.serviceId, role: 'dermatologist' });
  const colleague = await createClinician(db, { organisationId: a.serviceId, role: 'dermatologist' });
  const coordinator = await createClinician(db, { organisationId: a.officeId, role: 'coordinator' });
  const pharmacy = await createOrganisation(db, a.networkId, 'pharmacy');
  const pharmacist = await createClinician(db, { organisationId: pharmacy.id, role: 'pharmacist' });
  const patient = await createPatient(db, { organisationId: a.practiceId, withAccount: true });
  const otherPractice = await createOrganisation(db, a.networkId, 'gp_practice');
  const otherPracticeGp = await createClinician(db, { organisationId: otherPractice.id, role: 'requester' });
  const kase = await db
    .insertInto('cases')
    .values({
      patient_id: patient.patientId, requester_id: gp.userId, requester_org_id: a.practiceId, network_id: a.networkId, service_id: a.serviceId,
      state: 'submitted', urgency: 'routine', priority_rank: 2, submitted_at: t.clock.now(), deadline_at: new Date(t.clock.now().getTime() + 7 * 24 * HOUR), schema_version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const b = await createNetwork(db);
  const otherGp = await createClinician(db, { organisationId: b.practiceId, role: 'requester' });
  const otherDerm = await createClinician(db, { organisationId: b.serviceId, role: 'dermatologist' });
  const otherPatient = await createPatient(db, { organisationId: b.practiceId, withAccount: true });

  ids = {
    patientId: patient.patientId, serviceId: a.serviceId, dermId: derm.userId, gpId: gp.userId, practiceId: a.practiceId, caseId: kase.id,
    otherPatientId: otherPatient.patientId, otherDermId: otherDerm.userId, otherServiceId: b.serviceId,
  };
  users = {
    patient: { userId: patient.userId! }, gp, derm, colleague, coordinator, pharmacist,
    otherPatient: { userId: otherPatient.userId! }, otherDerm, otherGp, otherPracticeGp,
  };
  await advance(0);
});
afterAll(() => t.close());

/** Sessions expire when idle: after moving the clock, everyone signs in again. */
async function advance(ms: number) {
  t.clock.advance(ms);
  for (const [who, user] of Object.entries(users)) s[who as keyof typeof s] = await signInAs(t, user);
}

describe('the questionnaire', () => {
  it('refuses values of the wrong type with their field paths', async () => {
    const id = await appointment();
    const res = await send(s.patient, 'PUT', `/api/appointments/${id}/questionnaire`, { answers: { reason: 'headache', symptoms: ['sneezing'], phototype: 'VII' } });
    expect(res.statusCode).toBe(400);
    const paths = (res.json().errors as Array<{ path: string }>).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining([expect.stringMatching(/answers[./]reason$/), expect.stringMatching(/answers[./]symptoms[./]0$/), expect.stringMatching(/answers[./]phototype$/)]));
    const tooLong = await save(s.patient, id, { otherInfo: 'x'.repeat(2001) });
    expect(tooLong.statusCode).toBe(400);
  });

  it('saves a draft as typed, refuses an incomplete submission with the missing fields, then sends it', async () => {
    const id = await appointment();
    const draft = await save(s.patient, id, { reason: 'other' });
    expect(draft.statusCode, draft.body).toBe(200);
    expect(draft.json()).toMatchObject({ answers: { reason: 'other' }, submittedAt: null, filledBy: 'patient', savedAt: t.clock.now().toISOString() });

    // Another keystroke: the whole draft is replaced by what the page holds now.
    expect((await save(s.patient, id, { reason: 'other', reasonDetail: 'A patch' })).statusCode).toBe(200);
    expect((await preparation(s.patient, id)).json().questionnaire.answers).toEqual({ reason: 'other', reasonDetail: 'A patch' });

    const incomplete = await save(s.patient, id, { reason: 'other' }, true);
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().code).toBe('questionnaire_incomplete');
    expect((incomplete.json().errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual(['answers.allergies', 'answers.duration', 'answers.reasonDetail', 'answers.treatments']);
    // Nothing was stored by the refused submission.
    expect((await preparation(s.patient, id)).json().questionnaire).toMatchObject({ answers: { reasonDetail: 'A patch' }, submittedAt: null });

    await advance(60_000);
    const sent = await save(s.patient, id, complete, true);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ submittedAt: t.clock.now().toISOString(), filledBy: 'patient' });
    // Normalised: symptoms once each, in a fixed order.
    expect(sent.json().answers.symptoms).toEqual(['itch', 'bleeding']);

    // The dermatologist reads the sent answers on the preparation page.
    const seen = await preparation(s.derm, id);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ questionnaire: { answers: { reason: 'new_or_changing_spot', phototype: 'II', allergies: 'Penicillin' }, submittedAt: t.clock.now().toISOString() }, canEditQuestionnaire: false });

    // Changing an answer afterwards makes it a draft again until it is sent anew.
    const changed = await save(s.patient, id, { ...complete, otherInfo: 'Also a mole on my arm.' });
    expect(changed.json().submittedAt).toBeNull();
  });

  it("lets the patient's practice fill it on their behalf, and nobody else", async () => {
    const id = await appointment();
    const byGp = await save(s.gp, id, { reason: 'rash', duration: 'under_a_week' });
    expect(byGp.statusCode, byGp.body).toBe(200);
    expect(byGp.json().filledBy).toBe('practice');
    expect((await preparation(s.patient, id)).json().questionnaire.filledBy).toBe('practice');
    // Roles that never fill it: 403. People who may not see the appointment: 404.
    expect((await save(s.derm, id, { reason: 'rash' })).statusCode).toBe(403);
    expect((await save(s.coordinator, id, { reason: 'rash' })).statusCode).toBe(403);
    expect((await save(s.pharmacist, id, { reason: 'rash' })).statusCode).toBe(403);
    expect((await save(s.otherPatient, id, { reason: 'rash' })).statusCode).toBe(404);
    expect((await save(s.otherGp, id, { reason: 'rash' })).statusCode).toBe(404);
    expect((await save(s.otherPracticeGp, id, { reason: 'rash' })).statusCode).toBe(404);
    expect((await send(null, 'PUT', `/api/appointments/${id}/questionnaire`, { answers: {} })).statusCode).toBe(401);
  });

  it('is refused once the appointment is cancelled, and once it is past', async () => {
    const cancelled = await appointment();
    expect((await save(s.patient, cancelled, { reason: 'rash' })).statusCode).toBe(200);
    await t.database.db.updateTable('appointments').set({ status: 'cancelled', cancelled_at: t.clock.now() }).where('id', '=', cancelled).execute();
    const refused = await save(s.patient, cancelled, { reason: 'acne' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('appointment_closed');
    expect((await preparation(s.patient, cancelled)).json()).toMatchObject({ status: 'cancelled', canEditQuestionnaire: false, questionnaire: { answers: { reason: 'rash' } } });

    const soon = await appointment({ startsAt: new Date(t.clock.now().getTime() + HOUR) });
    expect((await save(s.patient, soon, { reason: 'rash' })).statusCode).toBe(200);
    await advance(2 * HOUR);
    expect((await save(s.patient, soon, { reason: 'acne' })).statusCode).toBe(409);
    expect((await save(s.gp, soon, complete, true)).statusCode).toBe(409);
  });

  it('records every save and submission in the audit trail, without the answers', async () => {
    const id = await appointment();
    await save(s.patient, id, { reason: 'itch', otherInfo: 'secret words' });
    await save(s.patient, id, complete, true);
    const events = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'patient_id', 'actor_user_id', 'details', 'resource_type'])
      .where('resource_id', '=', id)
      .where('action', 'like', 'appointment.questionnaire%')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['appointment.questionnaire_save', 'appointment.questionnaire_submit']);
    expect(events.every((e) => e.patient_id === ids.patientId && e.resource_type === 'appointment')).toBe(true);
    expect(JSON.stringify(events.map((e) => e.details))).not.toMatch(/secret|Penicillin|melanoma/);
    expect(events[0]!.details).toMatchObject({ answered: ['otherInfo', 'reason'] });
  });
});

describe('the preparation page', () => {
  it('shows when, who, the referral and the pathway to those who may see the appointment', async () => {
    const id = await appointment();
    for (const who of ['patient', 'gp', 'derm', 'colleague', 'coordinator'] as const) {
      const res = await preparation(s[who], id);
      expect(res.statusCode, `${who}: ${res.body}`).toBe(200);
    }
    const derm = (await preparation(s.derm, id)).json() as AppointmentPreparation;
    expect(derm).toMatchObject({
      id,
      status: 'booked',
      timeZone: 'Europe/Paris',
      coordinated: true,
      dermatologist: { id: ids.dermId },
      patient: { id: ids.patientId, familyName: 'Test', age: 56 },
      referral: { followsCase: true, caseId: ids.caseId, letter: null, referrer: { id: ids.gpId }, organisation: { id: ids.practiceId } },
      canEditQuestionnaire: false,
      canAddPhotos: true,
    });
    expect((await preparation(s.patient, id)).json()).toMatchObject({ canEditQuestionnaire: true, canAddPhotos: true });
    // The GP sees it and may fill the questionnaire, but does not add photos.
    expect((await preparation(s.gp, id)).json()).toMatchObject({ canEditQuestionnaire: true, canAddPhotos: false });
    // The patient cannot open the tele-expertise case page (a clinician's page): no link.
    const events = await t.database.db.selectFrom('audit_events').select('actor_user_id').where('action', '=', 'appointment.preparation_view').where('resource_id', '=', id).execute();
    expect(events.length).toBe(5 + 3);
  });

  it('answers 404 to another network, another practice or another patient, and 403 to a pharmacist', async () => {
    const id = await appointment();
    for (const who of ['otherPatient', 'otherDerm', 'otherGp', 'otherPracticeGp'] as const) {
      expect((await preparation(s[who], id)).statusCode, who).toBe(404);
    }
    expect((await preparation(s.pharmacist, id)).statusCode).toBe(403);
    const theirs = await appointment({ patientId: ids.otherPatientId, dermId: ids.otherDermId, serviceId: ids.otherServiceId, referral: false });
    expect((await preparation(s.otherDerm, theirs)).json()).toMatchObject({ referral: null, coordinated: false });
    expect((await preparation(s.derm, theirs)).statusCode).toBe(404);
    expect((await preparation(s.patient, theirs)).statusCode).toBe(404);
  });
});

// ---------- appointment photos through the tus pipeline ----------

const metadata = (pairs: Record<string, string>) =>
  Object.entries(pairs)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');

const createUpload = (session: TestSession, length: number, meta: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/uploads',
    headers: { ...session.headers, 'tus-resumable': '1.0.0', 'upload-length': String(length), 'upload-metadata': metadata(meta) },
  });

async function uploadFile(session: TestSession, bytes: Buffer, meta: Record<string, string>) {
  const created = await createUpload(session, bytes.length, meta);
  expect(created.statusCode, created.body).toBe(201);
  const location = created.headers.location as string;
  let offset = 0;
  let photoId: string | undefined;
  while (offset < bytes.length) {
    const res = await t.app.inject({
      method: 'PATCH',
      url: location,
      headers: { ...session.headers, 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
      payload: bytes.subarray(offset, offset + CHUNK),
    });
    expect(res.statusCode, res.body).toBe(204);
    offset = Number(res.headers['upload-offset']);
    photoId = res.headers[PHOTO_ID_HEADER] as string | undefined;
  }
  expect(photoId).toBeTruthy();
  return photoId!;
}

const listPhotos = (session: TestSession, id: string) => t.app.inject({ method: 'GET', url: `/api/appointments/${id}/photos`, headers: session.headers });

describe("the appointment's photos", () => {
  let id: string;
  let photoId: string;

  it('takes a phone photo from the patient over tus and makes it ready for the dermatologist', async () => {
    id = await appointment();
    const bytes = await readFile(path.join(FIXTURES, 'mobile/iphone_hdr.jpg'));
    photoId = await uploadFile(s.patient, bytes, { appointmentId: id, tag: 'close_up', note: 'It is on my shoulder', filename: 'IMG_1.jpg' });
    await photos.processor.drain();

    const mine = await listPhotos(s.patient, id);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject({ canAdd: true, photos: [{ id: photoId, appointmentId: id, caseId: null, status: 'ready', tag: 'close_up', canDelete: true, uploadedByMe: true, width: 3264, height: 2448 }] });

    const derm = (await listPhotos(s.derm, id)).json() as AppointmentPhotosResponse;
    expect(derm).toMatchObject({ canAdd: true, photos: [{ id: photoId, status: 'ready', canDelete: false, uploadedByMe: false }] });
    expect(derm.photos[0]!.variants.map((v) => v.variant)).toEqual(['thumb', 'preview', 'full']);
    expect(derm.photos[0]!.quality?.verdict).toMatch(/good|retake|unusable/);

    const full = await t.app.inject({ method: 'GET', url: `/api/photos/${photoId}/full`, headers: s.derm.headers });
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('image/jpeg');
    expect(full.rawPayload.includes(Buffer.from('Exif\0\0'))).toBe(false);
    const part = await t.app.inject({ method: 'GET', url: `/api/photos/${photoId}/full`, headers: { ...s.derm.headers, range: 'bytes=0-99' } });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.equals(full.rawPayload.subarray(0, 100))).toBe(true);

    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'patient_id', 'details']).where('resource_id', '=', photoId).orderBy('seq').execute();
    expect(audit.map((e) => e.action)).toEqual(['photo.upload', 'photo.processed', 'photo.view', 'photo.view']);
    expect(audit.every((e) => e.patient_id === ids.patientId)).toBe(true);
    expect(audit[0]!.details).toMatchObject({ appointmentId: id, tag: 'close_up' });
  });

  it('lets the referring GP and the coordinator view it, and nobody of another network or practice', async () => {
    for (const who of ['gp', 'coordinator', 'colleague'] as const) {
      expect((await t.app.inject({ method: 'GET', url: `/api/photos/${photoId}/preview`, headers: s[who].headers })).statusCode, who).toBe(200);
    }
    expect((await listPhotos(s.gp, id)).json()).toMatchObject({ canAdd: false });
    for (const who of ['otherPatient', 'otherDerm', 'otherGp', 'otherPracticeGp'] as const) {
      for (const variant of ['thumb', 'full', 'status']) {
        expect((await t.app.inject({ method: 'GET', url: `/api/photos/${photoId}/${variant}`, headers: s[who].headers })).statusCode, `${who} ${variant}`).toBe(404);
      }
      expect((await listPhotos(s[who], id)).statusCode, who).toBe(404);
      expect((await createUpload(s[who], 1000, { appointmentId: id, tag: 'overview' })).statusCode, who).toBe(404);
    }
    // The GP views but does not add photos to the appointment; a colleague of the service neither.
    expect((await createUpload(s.gp, 1000, { appointmentId: id, tag: 'overview' })).statusCode).toBe(404);
    expect((await createUpload(s.colleague, 1000, { appointmentId: id, tag: 'overview' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/photos/${photoId}`, headers: s.derm.headers })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/photos/${photoId}`, headers: s.otherDerm.headers })).statusCode).toBe(404);
  });

  it('refuses metadata naming both a case and an appointment, or neither', async () => {
    const both = await createUpload(s.patient, 100, { appointmentId: id, caseId: ids.caseId, tag: 'overview' });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors[0].path).toBe('metadata.appointmentId');
    const neither = await createUpload(s.patient, 100, { tag: 'overview' });
    expect(neither.statusCode).toBe(400);
    expect(neither.json().errors[0].path).toBe('metadata.caseId');
  });

  it('closes to the patient when the visit is over; the dermatologist still adds a still from the video', async () => {
    const soon = await appointment({ startsAt: new Date(t.clock.now().getTime() + 10 * 60 * 1000) });
    const before = await createUpload(s.patient, 1000, { appointmentId: soon, tag: 'overview' });
    expect(before.statusCode).toBe(201);
    await advance(HOUR);
    expect((await createUpload(s.patient, 1000, { appointmentId: soon, tag: 'overview' })).statusCode).toBe(404);
    expect((await listPhotos(s.patient, soon)).json()).toMatchObject({ canAdd: false });
    const still = await uploadFile(s.derm, await readFile(path.join(FIXTURES, 'orientation/landscape_6.jpg')), { appointmentId: soon, tag: 'other', note: 'Still from the video' });
    await photos.processor.drain();
    const seen = (await listPhotos(s.patient, soon)).json() as AppointmentPhotosResponse;
    expect(seen.photos).toMatchObject([{ id: still, status: 'ready', uploadedByMe: false, canDelete: false }]);
    // Upright after normalisation: landscape stays landscape.
    expect(seen.photos[0]!.width!).toBeGreaterThan(seen.photos[0]!.height!);
    // A cancelled appointment takes no photo at all.
    await t.database.db.updateTable('appointments').set({ status: 'cancelled', cancelled_at: t.clock.now() }).where('id', '=', soon).execute();
    expect((await createUpload(s.derm, 1000, { appointmentId: soon, tag: 'overview' })).statusCode).toBe(404);
  });

  it('lets the patient take back a photo before the visit', async () => {
    const next = await appointment();
    const mine = await uploadFile(s.patient, await readFile(path.join(FIXTURES, 'gps/DSCN0010.jpg')), { appointmentId: next, tag: 'overview' });
    await photos.processor.drain();
    expect((await t.app.inject({ method: 'DELETE', url: `/api/photos/${mine}`, headers: s.otherPatient.headers })).statusCode).toBe(404);
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/photos/${mine}`, headers: s.patient.headers });
    expect(removed.statusCode, removed.body).toBe(200);
    expect((await listPhotos(s.derm, next)).json().photos).toEqual([]);
  });
});
