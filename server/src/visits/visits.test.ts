// Visit notes end to end through HTTP: the draft, signing (completed only with
// video from both sides, or a no-show), immutability, who may do what (scope
// 404, role 403, another dermatologist 409), the report to the referring GP
// (in-app notification, an email over real SMTP with no patient data, the PDF
// with the diagnosis), the patient's summary, and the audit rows.
import { inflateSync } from 'node:zlib';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, get, post, type World } from '../cases/test-world.ts';
import { jobCtx } from '../jobs/job-queue.ts';
import { createLogger } from '../logger.ts';
import { deliverNotifications } from '../notifications/deliver.ts';
import { createClinician, createPatient, signInAs, type TestSession } from '../test/factories.ts';
import type { MailCatcher } from '../test/mail-catcher.ts';
import { type TestMailQueue, closeMailingTestApp, createMailingTestApp } from '../test/mail-queue.ts';
import type { TestApp } from '../test/test-app.ts';

let t: TestApp;
let w: World;
let mail: MailCatcher;
let mailQueue: TestMailQueue;
let patient: { patientId: string; userId: string; session: TestSession };
const log = createLogger('silent') as unknown as FastifyBaseLogger;

beforeAll(async () => {
  ({ t, mail, mailQueue } = await createMailingTestApp());
  w = await createWorld(t);
  const p = await createPatient(t.database.db, { organisationId: w.ids.practiceId, familyName: 'Quillard', givenName: 'Ophélie', birthDate: '1986-02-14', withAccount: true });
  patient = { patientId: p.patientId, userId: p.userId!, session: await signInAs(t, { userId: p.userId! }) };
});
afterAll(async () => {
  await closeMailingTestApp({ t, mail, mailQueue });
});

const db = () => t.database.db;
let slot = 0;
const put = (s: TestSession, url: string, payload: unknown) => t.app.inject({ method: 'PUT', url, headers: s.headers, payload: payload as object });

/** A booked appointment of w.derm with the patient, started an hour ago, referred by w.gp unless said otherwise. */
async function appointment(opts: { startsInMinutes?: number; referringUserId?: string | null; referralCaseId?: string | null } = {}) {
  const now = t.clock.now();
  // One live appointment per dermatologist and start time: each test's starts a few seconds apart.
  const startsAt = new Date(now.getTime() + (opts.startsInMinutes ?? -60) * 60_000 + ++slot * 5_000);
  const row = await db()
    .insertInto('appointments')
    .values({
      service_id: w.ids.serviceId,
      dermatologist_user_id: w.dermUserId,
      patient_id: patient.patientId,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 20 * 60_000),
      time_zone: 'Europe/Paris',
      referring_user_id: opts.referringUserId === undefined ? w.gpUserId : opts.referringUserId,
      referring_organisation_id: w.ids.practiceId,
      referral_case_id: opts.referralCaseId ?? null,
      coordinated: true,
      booked_by_user_id: w.gpUserId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function joined(appointmentId: string, ...userIds: string[]) {
  for (const userId of userIds) await db().insertInto('visit_events').values({ appointment_id: appointmentId, user_id: userId, kind: 'joined', at: t.clock.now() }).execute();
}

const body = {
  notes: 'Itchy scaly plaques on both forearms for six weeks; no nail change.',
  diagnosis: 'Chronic hand and forearm eczema',
  icd10: { code: 'L30.9', label: 'Dermatitis, unspecified' },
  plan: 'Potent topical steroid for two weeks, then emollients; review in six weeks.',
  patientSummary: 'Your skin is irritated (eczema). Use the cream every evening for two weeks.',
};

const auditActions = async (appointmentId: string) =>
  (await db().selectFrom('audit_events').select(['action', 'actor_user_id', 'patient_id']).where('resource_id', '=', appointmentId).orderBy('seq').execute());

function pdfText(bytes: Buffer): string {
  const raw = bytes.toString('latin1');
  const out: string[] = [];
  const re = /(?<!end)stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    let content: string;
    try {
      content = inflateSync(bytes.subarray(start, end)).toString('latin1');
    } catch {
      content = raw.slice(start, end);
    }
    for (const hex of content.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) out.push(Buffer.from(hex[1]!, 'hex').toString('latin1'));
  }
  return out.join('\n');
}

describe('the visit record', () => {
  it('saves a draft as typed, field by field, and shows it with the video timeline (audited)', async () => {
    const id = await appointment();
    const empty = await get(t, w.derm, `/api/appointments/${id}/visit`);
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ appointmentId: id, status: 'booked', canEdit: true, canMarkNoShow: true, signature: null, record: { notes: '', updatedAt: null } });
    expect(empty.json().patient).toMatchObject({ name: 'Ophélie QUILLARD', sex: 'female', birthDate: '1986-02-14' });
    expect(empty.json().referringGp).toMatchObject({ id: w.gpUserId, name: 'Dr Garance Petit' });

    expect((await put(w.derm, `/api/appointments/${id}/visit`, { notes: 'First words' })).statusCode).toBe(200);
    expect((await put(w.derm, `/api/appointments/${id}/visit`, { diagnosis: 'Eczema', icd10: body.icd10 })).statusCode).toBe(200);
    await joined(id, w.dermUserId);
    const visit = (await get(t, w.derm, `/api/appointments/${id}/visit`)).json();
    expect(visit.record).toMatchObject({ notes: 'First words', diagnosis: 'Eczema', icd10: body.icd10, plan: '' });
    expect(visit.timeline).toEqual([{ kind: 'joined', at: t.clock.now().toISOString(), who: 'dermatologist', name: 'Dr Denis Roux' }]);
    expect(visit.video).toEqual({ dermatologistJoined: true, patientJoined: false, held: false });
    // Unknown fields are refused, not silently dropped.
    expect((await put(w.derm, `/api/appointments/${id}/visit`, { signedBy: w.gpUserId })).statusCode).toBe(400);

    const actions = await auditActions(id);
    expect(actions.map((a) => a.action)).toEqual(['visit.read', 'visit.draft_save', 'visit.draft_save', 'visit.read']);
    expect(actions.every((a) => a.actor_user_id === w.dermUserId && a.patient_id === patient.patientId)).toBe(true);
  });

  it('keeps the visit to its people: 404 out of scope, 403 for other roles, 409 for a colleague of the service', async () => {
    const id = await appointment();
    expect((await get(t, w.otherDerm, `/api/appointments/${id}/visit`)).statusCode).toBe(404);
    expect((await put(w.otherDerm, `/api/appointments/${id}/visit`, { notes: 'x' })).statusCode).toBe(404);
    expect((await get(t, w.gp, `/api/appointments/${id}/visit`)).statusCode).toBe(403);
    expect((await get(t, patient.session, `/api/appointments/${id}/visit`)).statusCode).toBe(403);
    // A dermatologist of the same service may read it, not write or sign it.
    expect((await get(t, w.derm2, `/api/appointments/${id}/visit`)).json()).toMatchObject({ canEdit: false, canMarkNoShow: false });
    const colleague = await put(w.derm2, `/api/appointments/${id}/visit`, { notes: 'x' });
    expect(colleague.statusCode).toBe(409);
    expect(colleague.json().code).toBe('visit_not_yours');
    await joined(id, w.dermUserId, patient.userId);
    expect((await post(t, w.derm2, `/api/appointments/${id}/visit/complete`, body)).json().code).toBe('visit_not_yours');
    const listed = (await get(t, w.derm, '/api/visits')).json().items.find((v: { appointmentId: string }) => v.appointmentId === id);
    // Shown in the slot's zone, like the agenda.
    expect(listed).toMatchObject({ appointmentId: id, timeZone: 'Europe/Paris' });
    expect((await get(t, w.derm2, '/api/visits')).json().items.some((v: { appointmentId: string }) => v.appointmentId === id)).toBe(false);
  });
});

describe('completing a visit', () => {
  it('is refused without video from both sides (the billing rule), with a clear code', async () => {
    const id = await appointment();
    const none = await post(t, w.derm, `/api/appointments/${id}/visit/complete`, body);
    expect(none.statusCode).toBe(422);
    expect(none.json()).toMatchObject({ code: 'visit_video_required', dermatologistJoined: false, patientJoined: false });
    await joined(id, w.dermUserId);
    const half = await post(t, w.derm, `/api/appointments/${id}/visit/complete`, body);
    expect(half.json()).toMatchObject({ code: 'visit_video_required', dermatologistJoined: true, patientJoined: false });
    const row = await db().selectFrom('appointments').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('booked');
  });

  it('requires the notes, diagnosis, plan and summary', async () => {
    const id = await appointment();
    await joined(id, w.dermUserId, patient.userId);
    const res = await post(t, w.derm, `/api/appointments/${id}/visit/complete`, { ...body, plan: '  ', patientSummary: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['patientSummary', 'plan']);
  });

  it('signs once (who, when, hash), completes the appointment, then nothing changes it; the GP is told and gets the report', async () => {
    const id = await appointment();
    await joined(id, w.dermUserId, patient.userId);
    t.clock.advance(60_000);
    const res = await post(t, w.derm, `/api/appointments/${id}/visit/complete`, body);
    expect(res.statusCode).toBe(200);
    const closed = res.json();
    expect(closed).toMatchObject({ appointmentId: id, status: 'completed', signature: { outcome: 'completed', signedBy: { id: w.dermUserId }, signedAt: t.clock.now().toISOString() } });
    expect(closed.signature.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await db().selectFrom('appointments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('completed');
    // Billed in the same transaction (the FR teleconsultation act, coordinated pathway).
    const lines = await sql<{ act_code: string; amount_cents: number }>`select act_code, amount_cents from billing_lines where appointment_id = ${id}`.execute(db());
    expect(lines.rows).toEqual([{ act_code: 'TCG', amount_cents: 2500 }]);

    // Immutable: through the API...
    const again = await put(w.derm, `/api/appointments/${id}/visit`, { notes: 'changed' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('visit_closed');
    expect((await post(t, w.derm, `/api/appointments/${id}/visit/complete`, { ...body, diagnosis: 'Other' })).json().code).toBe('visit_closed');
    expect((await post(t, w.derm, `/api/appointments/${id}/visit/no-show`, {})).json().code).toBe('visit_closed');
    // ...and in the database itself.
    await expect(sql`update visit_records set diagnosis = 'tampered' where appointment_id = ${id}`.execute(db())).rejects.toThrow(/immutable/);
    await expect(sql`delete from visit_records where appointment_id = ${id}`.execute(db())).rejects.toThrow(/immutable/);
    const visit = (await get(t, w.derm, `/api/appointments/${id}/visit`)).json();
    expect(visit).toMatchObject({ status: 'completed', canEdit: false, record: { diagnosis: body.diagnosis, plan: body.plan }, signature: closed.signature });

    // The referring GP: an in-app notification that leads to the report page.
    const gpList = (await get(t, w.gp, '/api/notifications')).json();
    const note = gpList.items.find((n: { appointmentId: string | null }) => n.appointmentId === id);
    expect(note).toMatchObject({ kind: 'visit_report_ready', caseId: null, link: `/appointments/${id}/report` });
    // The dermatologist who signed is not notified of their own act.
    expect((await get(t, w.derm, '/api/notifications')).json().items.some((n: { appointmentId: string | null }) => n.appointmentId === id)).toBe(false);

    // The email, delivered by the delivery job over real SMTP: a link, nothing about the patient or the visit.
    const pending = await db().selectFrom('notifications').select('id').where('appointment_id', '=', id).where('email_status', '=', 'pending').execute();
    expect(pending).toHaveLength(1);
    await deliverNotifications(jobCtx(t.services, log), { ids: pending.map((n) => n.id) });
    const gpEmail = (await db().selectFrom('users').select('email').where('id', '=', w.gpUserId).executeTakeFirstOrThrow()).email;
    const message = await mail.next(gpEmail, 10_000);
    expect(message.subject).toBe('DermLink: something is waiting for you');
    expect(message.text).toContain('The report of a video consultation you referred is ready.');
    expect(mail.linkIn(message)).toBe(`http://dermlink.test:3000/appointments/${id}/report`);
    for (const part of [message.subject, message.text, message.html]) {
      expect(part).not.toMatch(/Ophélie|Ophelie|Quillard|1986|eczema|L30|forearm|steroid|cream/i);
    }

    // The report page's data, and the PDF with the diagnosis.
    const report = await get(t, w.gp, `/api/appointments/${id}/report`);
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({ outcome: 'completed', diagnosis: body.diagnosis, icd10: body.icd10, plan: body.plan, dermatologist: { id: w.dermUserId }, referringGp: { id: w.gpUserId }, prescriptions: [] });
    const pdf = await get(t, w.gp, `/api/appointments/${id}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="dermlink-visit-${id}.pdf"`);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await PDFDocument.load(pdf.rawPayload)).getPageCount()).toBeGreaterThanOrEqual(1);
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('Teleconsultation report');
    expect(text).toContain('Chronic hand and forearm eczema (ICD-10 L30.9)');
    expect(text).toContain('Ophélie QUILLARD');
    expect(pdfText((await get(t, w.gp, `/api/appointments/${id}/report.pdf?lang=fr`)).rawPayload)).toContain('Compte rendu de téléconsultation');
    // Out of scope: another service's dermatologist; the patient and pharmacists never.
    expect((await get(t, w.otherDerm, `/api/appointments/${id}/report.pdf`)).statusCode).toBe(404);
    expect((await get(t, patient.session, `/api/appointments/${id}/report`)).statusCode).toBe(403);

    // The patient: the plain summary only.
    const summary = (await get(t, patient.session, `/api/appointments/${id}/summary`)).json();
    expect(summary).toEqual({
      appointmentId: id,
      startsAt: expect.any(String),
      timeZone: 'Europe/Paris',
      dermatologistName: 'Dr Denis Roux',
      status: 'completed',
      summary: body.patientSummary,
      completedAt: t.clock.now().toISOString(),
    });
    expect((await get(t, patient.session, '/api/me/visits')).json().items.find((v: { appointmentId: string }) => v.appointmentId === id)).toMatchObject({ summary: body.patientSummary });

    const actions = (await auditActions(id)).map((a) => a.action);
    for (const a of ['visit.complete', 'visit.report_read', 'visit.report_download', 'visit.summary_read']) expect(actions).toContain(a);
  });

  it('notifies the requester of the referral case when no referrer is named', async () => {
    const referralCase = (
      await sql<{ id: string }>`insert into cases (patient_id, requester_id, requester_org_id, network_id) values (${patient.patientId}, ${w.gpUserId}, ${w.ids.practiceId}, ${w.ids.networkId}) returning id`.execute(db())
    ).rows[0]!.id;
    const id = await appointment({ referringUserId: null, referralCaseId: referralCase });
    await joined(id, w.dermUserId, patient.userId);
    expect((await post(t, w.derm, `/api/appointments/${id}/visit/complete`, body)).statusCode).toBe(200);
    const rows = await db().selectFrom('notifications').select(['user_id', 'kind']).where('appointment_id', '=', id).execute();
    expect(rows).toEqual([{ user_id: w.gpUserId, kind: 'visit_report_ready' }]);
  });
});

describe('prescriptions in the report', () => {
  it('lists the visit’s signed prescriptions, one line per medicine, on the page and in the PDF', async () => {
    const id = await appointment();
    await joined(id, w.dermUserId, patient.userId);
    const keyId = `test${Date.now().toString(16)}`.slice(0, 16);
    await sql`insert into prescription_signing_keys (id, public_key, source) values (${keyId}, ${Buffer.alloc(44)}, 'environment')`.execute(db());
    const items = [
      { productCode: 'x', name: { en: 'Betamethasone cream', fr: 'Bétaméthasone crème' }, strength: '0.1%', form: 'cream', route: 'cutaneous', dosage: 'Apply once a day', durationDays: 14, quantity: 1, renewals: 0 },
      { productCode: 'y', name: { en: 'Emollient', fr: 'Émollient' }, strength: '', form: 'cream', route: 'cutaneous', dosage: 'Twice a day', durationDays: 30, quantity: 2, renewals: 2 },
    ];
    await sql`insert into prescriptions (id, appointment_id, patient_id, prescriber_user_id, service_id, prescriber_name, service_name, issued_at, items, items_digest, signing_key_id, signature)
      values (gen_random_uuid(), ${id}, ${patient.patientId}, ${w.dermUserId}, ${w.ids.serviceId}, 'Dr Denis Roux', 'Test dermatology service', ${t.clock.now()}, ${JSON.stringify(items)}::jsonb, 'digest', ${keyId}, ${Buffer.alloc(64)})`.execute(db());
    expect((await post(t, w.derm, `/api/appointments/${id}/visit/complete`, body)).statusCode).toBe(200);
    const report = (await get(t, w.gp, `/api/appointments/${id}/report`)).json();
    expect(report.prescriptions).toHaveLength(1);
    expect(report.prescriptions[0].lines).toEqual(['Betamethasone cream 0.1% — Apply once a day — 14 days, quantity 1', 'Emollient — Twice a day — 30 days, quantity 2, 2 renewals']);
    expect(pdfText((await get(t, w.gp, `/api/appointments/${id}/report.pdf`)).rawPayload)).toContain('Betamethasone cream 0.1%');
    const french = pdfText((await get(t, w.gp, `/api/appointments/${id}/report.pdf?lang=fr`)).rawPayload);
    expect(french).toContain('Bétaméthasone crème 0.1%');
    expect(french).toContain('14 jours, quantité 1');
  });
});

describe('a no-show', () => {
  it('is refused before the start and when the patient joined; otherwise signs the visit as a no-show and tells the GP', async () => {
    const early = await appointment({ startsInMinutes: 30 });
    const tooEarly = await post(t, w.derm, `/api/appointments/${early}/visit/no-show`, {});
    expect(tooEarly.statusCode).toBe(409);
    expect(tooEarly.json().code).toBe('visit_too_early');

    const attended = await appointment();
    await joined(attended, patient.userId);
    expect((await post(t, w.derm, `/api/appointments/${attended}/visit/no-show`, {})).json().code).toBe('visit_attended');

    const id = await appointment();
    await joined(id, w.dermUserId);
    const res = await post(t, w.derm, `/api/appointments/${id}/visit/no-show`, { notes: 'Called twice, no answer.' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'no_show', signature: { outcome: 'no_show' } });
    expect((await db().selectFrom('appointments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('no_show');
    expect((await post(t, w.derm, `/api/appointments/${id}/visit/complete`, body)).json().code).toBe('visit_closed');
    const note = (await get(t, w.gp, '/api/notifications')).json().items.find((n: { appointmentId: string | null }) => n.appointmentId === id);
    expect(note).toMatchObject({ kind: 'visit_no_show', link: `/appointments/${id}/report` });
    expect((await get(t, w.gp, `/api/appointments/${id}/report`)).json()).toMatchObject({ outcome: 'no_show', notes: 'Called twice, no answer.' });
    expect((await get(t, patient.session, `/api/appointments/${id}/summary`)).json()).toMatchObject({ status: 'no_show', summary: null });
    expect((await auditActions(id)).map((a) => a.action)).toContain('visit.no_show');
  });

  it('the report is not ready before signing', async () => {
    const id = await appointment();
    const res = await get(t, w.gp, `/api/appointments/${id}/report`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('visit_report_not_ready');
    expect((await get(t, patient.session, `/api/appointments/${id}/summary`)).json()).toMatchObject({ status: 'upcoming', summary: null });
  });
});

describe('appointment notifications for the booking', () => {
  it('publishAppointmentEvent tells the dermatologist of a booking (in-app, no email by default), not the actor', async () => {
    const { publishAppointmentEvent } = await import('../notifications/appointment-events.ts');
    const id = await appointment({ startsInMinutes: 24 * 60 });
    const gp = await createClinician(db(), { organisationId: w.ids.practiceId, role: 'requester' });
    await db().transaction().execute((trx) =>
      publishAppointmentEvent(trx, { actor: null, clock: t.clock }, { kind: 'appointment_booked', appointmentId: id, actorUserId: gp.userId }),
    );
    const rows = await db().selectFrom('notifications').select(['user_id', 'kind', 'email_status']).where('appointment_id', '=', id).execute();
    expect(rows).toEqual([{ user_id: w.dermUserId, kind: 'appointment_booked', email_status: 'none' }]);
    const item = (await get(t, w.derm, '/api/notifications')).json().items.find((n: { appointmentId: string | null }) => n.appointmentId === id);
    expect(item).toMatchObject({ kind: 'appointment_booked', link: `/appointments/${id}` });
  });
});
