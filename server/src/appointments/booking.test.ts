// Booking through HTTP: referral link -> slots -> booking, the race for one slot,
// cancel (the slot reopens), the notice, reschedule, refusals, scope, the
// automatic referral of a "teleconsultation" answer, reminder emails over SMTP
// with their .ics, and the audit rows.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answerBody, createWorld, get, post, resignIn, submittedCase, type World } from '../cases/test-world.ts';
import type { Ctx } from '../context.ts';
import { createClinician, createNetwork, createPatient, signInAs, type TestSession } from '../test/factories.ts';
import { icsOf, type MailCatcher } from '../test/mail-catcher.ts';
import { type TestMailQueue, closeMailingTestApp, createMailingTestApp } from '../test/mail-queue.ts';
import type { TestApp } from '../test/test-app.ts';
import { sql } from 'kysely';
import { REMINDER_JOB, runAppointmentReminder } from './reminders.ts';

let t: TestApp;
let w: World;
let mail: MailCatcher;
let mailQueue: TestMailQueue;

const START = '2026-03-02T07:00:00Z'; // Monday 08:00 in Paris
// Thursday 5 March 2026, 09:00 and 09:30 in Paris (UTC+1).
const THU_0900 = '2026-03-05T08:00:00.000Z';
const THU_0930 = '2026-03-05T08:30:00.000Z';

beforeAll(async () => {
  ({ t, mail, mailQueue } = await createMailingTestApp());
  // Every queue exists (bookings store their reminder jobs); only mail is worked.
  t.clock.set(START);
  w = await createWorld(t);
  const rule = await post(t, w.derm, '/api/availability/rules', {
    serviceId: w.ids.serviceId,
    weekdays: ['MO', 'TU', 'WE', 'TH', 'FR'],
    startTime: '09:00',
    endTime: '12:00',
    slotMinutes: 30,
    validFrom: '2026-03-01',
  });
  expect(rule.statusCode, rule.body).toBe(201);
  expect(rule.json()).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', timeZone: 'Europe/Paris' });
});
afterAll(async () => {
  await closeMailingTestApp({ t, mail, mailQueue });
});
beforeEach(async () => {
  t.clock.set(START);
  await resignIn(t, w);
  mail.clear();
});

interface BookingPatient {
  patientId: string;
  email: string;
  session: TestSession;
}

async function patient(familyName = 'Moreau'): Promise<BookingPatient> {
  const p = await createPatient(t.database.db, { organisationId: w.ids.practiceId, familyName, withAccount: true });
  return { patientId: p.patientId, email: p.email!, session: await signInAs(t, { userId: p.userId! }) };
}

/** The GP refers the patient; the patient opens the emailed link. Returns the referral id. */
async function referred(p: BookingPatient, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await post(t, w.gp, '/api/booking-referrals', { patientId: p.patientId, serviceId: w.ids.serviceId, referralLetter: 'Please see: eczema flare.', ...extra });
  expect(res.statusCode, res.body).toBe(201);
  expect(res.json()).toMatchObject({ status: 'open', emailed: true });
  const email = await mail.next(p.email);
  const link = mail.linkIn(email);
  expect(link).toMatch(/^http:\/\/dermlink\.test:3000\/book\/[A-Za-z0-9_-]{40,}$/);
  expect(email.text + email.html).not.toMatch(/eczema|Moreau/i);
  const token = link.split('/').at(-1)!;
  const opened = await get(t, p.session, `/api/book/${token}`);
  expect(opened.statusCode, opened.body).toBe(200);
  // The page warns when a chosen time is inside the service's notice (no online change after booking).
  expect(opened.json().noticeHours).toBe(res.json().noticeHours);
  return opened.json().id as string;
}

async function book(p: BookingPatient, referralId: string, startsAt = THU_0900, dermatologistId = w.dermUserId) {
  return post(t, p.session, '/api/appointments', { referralId, startsAt, dermatologistId });
}

async function booked(p: BookingPatient, startsAt = THU_0900): Promise<string> {
  const res = await book(p, await referred(p), startsAt);
  expect(res.statusCode, res.body).toBe(201);
  await mail.next(p.email); // the confirmation
  return res.json().id as string;
}

const freeStarts = async (s: TestSession = w.gp) => {
  const res = await get(t, s, `/api/slots?serviceId=${w.ids.serviceId}&dermatologistId=${w.dermUserId}&days=14`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().slots as Array<{ startsAt: string }>).map((s) => s.startsAt);
};

describe('booking from a referral link', () => {
  it('shows free slots, books one, confirms by email with an .ics invitation, and audits', async () => {
    const p = await patient();
    const referralId = await referred(p);
    const slots = await get(t, p.session, `/api/booking-referrals/${referralId}/slots?days=7`);
    expect(slots.statusCode, slots.body).toBe(200);
    const starts = (slots.json().slots as Array<{ startsAt: string }>).map((s) => s.startsAt);
    // Today's first slot (09:00 Paris = 08:00Z) is still ahead at 07:00Z; the weekend has none.
    expect(starts[0]).toBe('2026-03-02T08:00:00.000Z');
    expect(starts).toContain(THU_0900);
    expect(starts.some((s) => s.startsWith('2026-03-07') || s.startsWith('2026-03-08'))).toBe(false);

    const res = await book(p, referralId);
    expect(res.statusCode, res.body).toBe(201);
    const appt = res.json();
    expect(appt).toMatchObject({ startsAt: THU_0900, endsAt: THU_0930, timeZone: 'Europe/Paris', status: 'booked', coordinated: true, patient: null, canCancel: true });
    expect(appt.referral).toMatchObject({ id: referralId, letter: null });

    const confirmation = await mail.next(p.email);
    expect(confirmation.subject).toBe('Your video appointment is booked');
    expect(confirmation.text).toContain('Thursday, 5 March 2026 at 09:00 (Paris time)');
    expect(confirmation.text).toContain(`/my-care/appointments/${appt.id}`);
    expect(confirmation.text + confirmation.html).not.toMatch(/eczema|Moreau|Roux/i);
    const ics = icsOf(confirmation);
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain(`UID:appointment-${appt.id}@dermlink`);
    expect(ics).toContain('DTSTART:20260305T080000Z');
    expect(ics).not.toMatch(/eczema|Moreau/i);

    // The dermatologist sees it in the agenda, with the patient's name and the letter.
    const agenda = await get(t, w.derm, '/api/appointments?days=7');
    expect(agenda.json().appointments.map((a: { id: string }) => a.id)).toContain(appt.id);
    const full = await get(t, w.derm, `/api/appointments/${appt.id}`);
    expect(full.json()).toMatchObject({ patient: { displayName: 'Alex Moreau' }, referral: { letter: 'Please see: eczema flare.' } });
    expect(await freeStarts()).not.toContain(THU_0900);
    // ...and is told in the bell (no clinical detail), linked to the appointment page.
    const bell = await get(t, w.derm, '/api/notifications');
    expect(bell.json().items.find((n: { kind: string }) => n.kind === 'appointment_booked')).toMatchObject({ link: `/appointments/${appt.id}` });

    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'actor_user_id']).where('resource_id', '=', appt.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['appointment.book', 'appointment.read']));
    expect(audit.find((a) => a.action === 'appointment.read')!.actor_user_id).toBe(w.dermUserId);

    // One live booking per referral.
    const again = await book(p, referralId, THU_0930);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('already_booked');
  });

  it('lets exactly one of two patients racing for a slot win; the other is told and offered the next slots', async () => {
    const a = await patient('Lambert');
    const b = await patient('Girard');
    const [ra, rb] = [await referred(a), await referred(b)];
    const slot = '2026-03-06T09:00:00.000Z'; // Friday 10:00 Paris
    const results = await Promise.all([book(a, ra, slot), book(b, rb, slot)]);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 409]);
    const loser = results.find((r) => r.statusCode === 409)!;
    expect(loser.headers['content-type']).toContain('application/problem+json');
    const problem = loser.json();
    expect(problem.code).toBe('slot_taken');
    expect(problem.nextSlots.length).toBeGreaterThan(0);
    expect(problem.nextSlots.map((s: { startsAt: string }) => s.startsAt)).not.toContain(slot);
    expect(problem.nextSlots[0].startsAt > slot).toBe(true);
    const live = await t.database.db.selectFrom('appointments').select('id').where('starts_at', '=', new Date(slot)).where('status', '=', 'booked').execute();
    expect(live).toHaveLength(1);
  });

  it('refuses a time outside the availability, in the past, or on leave', async () => {
    const p = await patient();
    const referralId = await referred(p);
    const off = await book(p, referralId, '2026-03-05T08:15:00.000Z');
    expect(off.statusCode).toBe(422);
    expect(off.json().code).toBe('slot_unavailable');
    const saturday = await book(p, referralId, '2026-03-07T08:00:00.000Z');
    expect(saturday.json().code).toBe('slot_unavailable');
    t.clock.set('2026-03-02T08:10:00Z');
    await resignIn(t, w);
    p.session = await signInAs(t, { userId: (await t.database.db.selectFrom('patients').select('user_id').where('id', '=', p.patientId).executeTakeFirstOrThrow()).user_id! });
    const past = await book(p, referralId, '2026-03-02T08:00:00.000Z');
    expect(past.json().code).toBe('slot_in_past');

    const leave = await post(t, w.derm, '/api/availability/exceptions', { kind: 'leave', startsOn: '2026-03-10', endsOn: '2026-03-11' });
    expect(leave.statusCode, leave.body).toBe(201);
    const onLeave = await book(p, referralId, '2026-03-10T08:00:00.000Z');
    expect(onLeave.statusCode).toBe(422);
    expect(onLeave.json().code).toBe('slot_unavailable');
    const starts = await freeStarts();
    expect(starts.some((s) => s.startsWith('2026-03-10') || s.startsWith('2026-03-11'))).toBe(false);
    expect(starts.some((s) => s.startsWith('2026-03-09'))).toBe(true);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/availability/exceptions/${leave.json().id}`, headers: w.derm.headers });
    expect(del.statusCode).toBe(200);
    expect((await freeStarts()).some((s) => s.startsWith('2026-03-10'))).toBe(true);
  });
});

describe('cancel and reschedule', () => {
  it('cancels, reopens the slot, and sends a METHOD:CANCEL invitation with the same UID', async () => {
    const p = await patient();
    const id = await booked(p, '2026-03-04T09:00:00.000Z');
    expect(await freeStarts()).not.toContain('2026-03-04T09:00:00.000Z');
    const res = await post(t, p.session, `/api/appointments/${id}/cancel`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', canCancel: false });
    expect(await freeStarts()).toContain('2026-03-04T09:00:00.000Z');
    const m = await mail.next(p.email);
    expect(m.subject).toBe('Your video appointment is cancelled');
    const ics = icsOf(m);
    expect(ics).toContain('METHOD:CANCEL');
    expect(ics).toContain(`UID:appointment-${id}@dermlink`);
    expect(ics).toContain('SEQUENCE:1');
    const cancelledNote = await t.database.db.selectFrom('notifications').select(['user_id']).where('kind', '=', 'appointment_cancelled').where('appointment_id', '=', id).execute();
    expect(cancelledNote.map((n) => n.user_id)).toEqual([w.dermUserId]);
    const again = await post(t, p.session, `/api/appointments/${id}/cancel`);
    expect(again.json().code).toBe('invalid_transition');
    // The referral is open again: the patient can book another time.
    const mine = await get(t, p.session, '/api/me/appointments');
    expect(mine.json().referrals).toHaveLength(1);
    expect(mine.json().upcoming).toHaveLength(0);
  });

  it('refuses the patient and the GP inside the notice; the dermatologist may still cancel', async () => {
    const p = await patient();
    const id = await booked(p, '2026-03-03T10:00:00.000Z');
    t.clock.set('2026-03-02T12:00:00Z'); // 22 h before, default notice 24 h
    await resignIn(t, w);
    const session = await signInAs(t, { userId: (await t.database.db.selectFrom('patients').select('user_id').where('id', '=', p.patientId).executeTakeFirstOrThrow()).user_id! });
    const view = await get(t, session, `/api/appointments/${id}`);
    expect(view.json()).toMatchObject({ canCancel: false, canReschedule: false, noticeHours: 24, changeableUntil: '2026-03-02T10:00:00.000Z' });
    for (const s of [session, w.gp]) {
      const res = await post(t, s, `/api/appointments/${id}/cancel`);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'notice_too_short', noticeHours: 24 });
      const move = await post(t, s, `/api/appointments/${id}/reschedule`, { startsAt: '2026-03-04T10:00:00.000Z', dermatologistId: w.dermUserId });
      expect(move.json().code).toBe('notice_too_short');
    }
    const byDerm = await post(t, w.derm, `/api/appointments/${id}/cancel`);
    expect(byDerm.statusCode, byDerm.body).toBe(200);
  });

  it('follows the service setting teleconsultationNoticeHours', async () => {
    const before = await post(t, w.gp, '/api/booking-referrals', { patientId: (await patient()).patientId, serviceId: w.ids.serviceId, referralLetter: 'x' });
    expect(before.json().noticeHours).toBe(24);
    await t.database.db.updateTable('organisations').set({ settings: JSON.stringify({ teleconsultationNoticeHours: 2 }) }).where('id', '=', w.ids.serviceId).execute();
    try {
      const after = await post(t, w.gp, '/api/booking-referrals', { patientId: (await patient()).patientId, serviceId: w.ids.serviceId, referralLetter: 'x' });
      expect(after.json().noticeHours).toBe(2);
      const p = await patient();
      const id = await booked(p, '2026-03-03T10:30:00.000Z');
      t.clock.set('2026-03-03T07:00:00Z'); // 3.5 h before
      await resignIn(t, w);
      const res = await post(t, w.gp, `/api/appointments/${id}/cancel`);
      expect(res.statusCode, res.body).toBe(200);
    } finally {
      await t.database.db.updateTable('organisations').set({ settings: JSON.stringify({}) }).where('id', '=', w.ids.serviceId).execute();
    }
  });

  it('reschedules in one go: new appointment from the old, old cancelled, slots swap, calendar updated', async () => {
    const p = await patient();
    const oldStart = '2026-03-09T08:00:00.000Z';
    const newStart = '2026-03-09T10:00:00.000Z';
    const id = await booked(p, oldStart);
    const res = await post(t, p.session, `/api/appointments/${id}/reschedule`, { startsAt: newStart, dermatologistId: w.dermUserId });
    expect(res.statusCode, res.body).toBe(200);
    const moved = res.json();
    expect(moved).toMatchObject({ startsAt: newStart, status: 'booked', rescheduledFromId: id, coordinated: true });
    expect(moved.id).not.toBe(id);
    const old = await get(t, p.session, `/api/appointments/${id}`);
    expect(old.json()).toMatchObject({ status: 'cancelled' });
    const free = await freeStarts();
    expect(free).toContain(oldStart);
    expect(free).not.toContain(newStart);
    const m = await mail.next(p.email);
    expect(m.subject).toBe('Your video appointment has moved');
    const ics = icsOf(m);
    expect(ics).toContain(`UID:appointment-${id}@dermlink`);
    expect(ics).toContain('SEQUENCE:2');
    expect(ics).toContain('METHOD:REQUEST');
    // Moving onto a taken slot is refused and changes nothing.
    const other = await patient('Roy');
    await booked(other, '2026-03-09T10:30:00.000Z');
    const clash = await post(t, p.session, `/api/appointments/${moved.id}/reschedule`, { startsAt: '2026-03-09T10:30:00.000Z', dermatologistId: w.dermUserId });
    expect(clash.json().code).toBe('slot_taken');
    expect((await get(t, p.session, `/api/appointments/${moved.id}`)).json().status).toBe('booked');
    const audit = await t.database.db.selectFrom('audit_events').select('details').where('action', '=', 'appointment.reschedule').where('resource_id', '=', moved.id).executeTakeFirst();
    expect(audit?.details).toMatchObject({ fromAppointmentId: id });
  });
});

describe('who sees an appointment', () => {
  it('patient: own; GP: practice; dermatologists: theirs or their service; coordinator: network; others: 404', async () => {
    const p = await patient();
    const id = await booked(p, '2026-03-12T08:00:00.000Z');
    const other = await patient('Autre');
    for (const s of [p.session, w.gp, w.derm, w.derm2, w.coordinator]) expect((await get(t, s, `/api/appointments/${id}`)).statusCode).toBe(200);
    expect((await get(t, other.session, `/api/appointments/${id}`)).statusCode).toBe(404);
    expect((await get(t, w.otherDerm, `/api/appointments/${id}`)).statusCode).toBe(404);
    const far = await createNetwork(t.database.db);
    const farGp = await signInAs(t, await createClinician(t.database.db, { organisationId: far.practiceId, role: 'requester' }));
    const farDerm = await signInAs(t, await createClinician(t.database.db, { organisationId: far.serviceId, role: 'dermatologist' }));
    const farCoord = await signInAs(t, await createClinician(t.database.db, { organisationId: far.officeId, role: 'coordinator' }));
    for (const s of [farGp, farDerm, farCoord]) {
      expect((await get(t, s, `/api/appointments/${id}`)).statusCode).toBe(404);
      expect((await post(t, s, `/api/appointments/${id}/cancel`)).statusCode).not.toBe(200);
    }
    expect((await get(t, farGp, `/api/slots?serviceId=${w.ids.serviceId}`)).statusCode).toBe(404);
    // Someone else's booking link is not found for another patient.
    const res = await post(t, w.gp, '/api/booking-referrals', { patientId: p.patientId, serviceId: w.ids.serviceId, referralLetter: 'x' });
    const link = mail.linkIn(await mail.next(p.email));
    expect((await get(t, other.session, `/api/book/${link.split('/').at(-1)}`)).statusCode).toBe(404);
    expect((await get(t, other.session, `/api/booking-referrals/${res.json().id}/slots`)).statusCode).toBe(404);
    // A GP of another network cannot refer my patient.
    expect((await post(t, farGp, '/api/booking-referrals', { patientId: p.patientId, serviceId: w.ids.serviceId, referralLetter: 'x' })).statusCode).toBe(404);
  });
});

describe('the GP books directly, and the answer "teleconsultation" refers automatically', () => {
  it('GP staff book for a patient of the practice (coordinated)', async () => {
    const p = await patient();
    const options = await get(t, w.gp, '/api/booking-options');
    expect(options.json().services.find((s: { id: string }) => s.id === w.ids.serviceId).dermatologists.map((d: { id: string }) => d.id)).toContain(w.dermUserId);
    const res = await post(t, w.gp, '/api/appointments', { patientId: p.patientId, serviceId: w.ids.serviceId, dermatologistId: w.dermUserId, startsAt: '2026-03-13T08:00:00.000Z', referralLetter: 'Psoriasis follow-up' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ coordinated: true, patient: { id: p.patientId }, referral: { letter: 'Psoriasis follow-up' } });
    const m = await mail.next(p.email);
    expect(m.subject).toBe('Your video appointment is booked');
    expect(m.text).not.toMatch(/psoriasis/i);
    expect((await post(t, p.session, '/api/appointments', { patientId: p.patientId, serviceId: w.ids.serviceId, dermatologistId: w.dermUserId, startsAt: '2026-03-13T08:30:00.000Z' })).json().code).toBe('validation_failed');
  });

  it('creates the referral when the answer says teleconsultation; the patient books from it', async () => {
    const p = await patient('Caron');
    const consent = await post(t, w.gp, `/api/patients/${p.patientId}/consents`, { method: 'oral_in_consultation', scope: ['photos', 'remote_expertise'] });
    expect(consent.statusCode, consent.body).toBe(201);
    const c = await submittedCase(t, w, { patientId: p.patientId });
    expect((await post(t, w.derm, `/api/cases/${c.id}/claim`)).statusCode).toBe(200);
    mail.clear();
    const answer = await post(t, w.derm, `/api/cases/${c.id}/answer`, { ...answerBody, outcome: 'teleconsultation' });
    expect(answer.statusCode, answer.body).toBe(200);
    const referrals = await get(t, w.gp, `/api/booking-referrals?caseId=${c.id}`);
    expect(referrals.statusCode, referrals.body).toBe(200);
    expect(referrals.json().referrals).toEqual([expect.objectContaining({ caseId: c.id, status: 'open', dermatologistId: w.dermUserId })]);
    // Among the patient's emails, one carries the booking link.
    let link = '';
    for (let i = 0; i < 3 && !link; i++) {
      const m = await mail.next(p.email);
      if (/\/book\//.test(m.text)) link = mail.linkIn(m);
    }
    expect(link).toMatch(/\/book\//);
    const mine = await get(t, p.session, '/api/me/appointments');
    const referralId = mine.json().referrals[0].id;
    expect(mine.json().referrals[0]).toMatchObject({ caseId: c.id, status: 'open' });
    // The named dermatologist only.
    expect((await book(p, referralId, '2026-03-16T08:00:00.000Z', w.derm2UserId)).statusCode).toBe(422);
    const res = await book(p, referralId, '2026-03-16T08:00:00.000Z');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().referral).toMatchObject({ caseId: c.id });
    const referral = (await get(t, w.gp, `/api/booking-referrals?caseId=${c.id}`)).json().referrals[0];
    expect(referral).toMatchObject({ status: 'booked', appointmentId: res.json().id });
  });
});

describe('reminders', () => {
  it('sends the 24 h and 1 h reminders once each, over SMTP with the .ics; nothing once cancelled', async () => {
    const p = await patient();
    const id = await booked(p, '2026-03-17T09:00:00.000Z');
    const ctx = { db: t.database.db, actor: null, clock: t.clock, services: t.services, sessionState: 'none', origin: { ip: null, userAgent: 'test', requestId: null } } as unknown as Ctx;
    t.clock.set('2026-03-16T08:00:00Z');
    expect(await runAppointmentReminder(ctx, { appointmentId: id, mark: '24h' })).toBe('not_due');
    t.clock.set('2026-03-16T09:00:00Z');
    expect(await runAppointmentReminder(ctx, { appointmentId: id, mark: '24h' })).toBe('sent');
    expect(await runAppointmentReminder(ctx, { appointmentId: id, mark: '24h' })).toBe('already_sent');
    const day = await mail.next(p.email);
    expect(day.subject).toBe('Reminder: video appointment tomorrow');
    expect(day.text).toContain('Tuesday, 17 March 2026 at 10:00 (Paris time)');
    expect(icsOf(day)).toContain(`UID:appointment-${id}@dermlink`);
    t.clock.set('2026-03-17T08:05:00Z');
    expect(await runAppointmentReminder(ctx, { appointmentId: id, mark: '1h' })).toBe('sent');
    const hour = await mail.next(p.email);
    expect(hour.subject).toBe('Your video appointment starts soon');
    expect(icsOf(hour)).toContain('METHOD:REQUEST');
    expect(await runAppointmentReminder(ctx, { appointmentId: id, mark: '1h' })).toBe('already_sent');
    // Referral, confirmation, and one of each reminder.
    expect(mail.sentTo(p.email).map((m) => m.subject)).toEqual([
      'Book your video appointment on DermLink',
      'Your video appointment is booked',
      'Reminder: video appointment tomorrow',
      'Your video appointment starts soon',
    ]);

    t.clock.set(START);
    await resignIn(t, w);
    const q = await patient('Blanc');
    const other = await booked(q, '2026-03-18T09:00:00.000Z');
    t.clock.set('2026-03-16T09:00:00Z');
    await resignIn(t, w);
    expect((await post(t, w.derm, `/api/appointments/${other}/cancel`)).statusCode).toBe(200);
    await mail.next(q.email); // the cancellation
    const before = mail.sentTo(q.email).length;
    t.clock.set('2026-03-17T09:00:00Z');
    expect(await runAppointmentReminder(ctx, { appointmentId: other, mark: '24h' })).toBe('moved_on');
    await mailQueue.flush();
    expect(mail.sentTo(q.email)).toHaveLength(before);
  });

  it('schedules both reminders as pg-boss jobs in the booking transaction, one per appointment and mark', async () => {
    const p = await patient('Jobs');
    const id = await booked(p, '2026-03-19T09:00:00.000Z');
    const jobs = await sql<{ singleton_key: string; start_after: Date; mark: string }>`
      select singleton_key, start_after, data->>'mark' as mark from pgboss.job where name = ${REMINDER_JOB} and data->>'appointmentId' = ${id} order by start_after`.execute(t.database.db);
    expect(jobs.rows.map((j) => [j.mark, j.singleton_key, new Date(j.start_after).toISOString()])).toEqual([
      ['24h', `${id}:24h`, '2026-03-18T09:00:00.000Z'],
      ['1h', `${id}:1h`, '2026-03-19T08:00:00.000Z'],
    ]);
  });
});
