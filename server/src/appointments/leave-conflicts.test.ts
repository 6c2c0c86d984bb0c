// Leave over visits already booked: adding leave (or an exception) reports the
// dermatologist's visits still booked on its local days, and the availability
// lists them under the leave until they are cancelled; visits outside the days,
// of another service when the leave names one, of another dermatologist,
// cancelled, completed or over are not reported. Cancelling the reported
// visits one by one goes through the ordinary cancellation: the patient gets
// the same email and .ics as for any cancellation, and the audit records it
// (all at once: cancel-leave-visits.test.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { get, post, resignIn, type World } from '../cases/test-world.ts';
import { createPatient } from '../test/factories.ts';
import { icsOf, type MailCatcher } from '../test/mail-catcher.ts';
import type { TestApp } from '../test/test-app.ts';
import type { TestSession } from '../test/factories.ts';
import { addLeave as addLeaveAs, bookVisit, resetLeaveWorld, setUpLeaveWorld, tearDownLeaveWorld, type LeaveWorld } from './leave-test-world.ts';

let lw: LeaveWorld;
let t: TestApp;
let w: World;
let mail: MailCatcher;

interface Affected {
  id: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  serviceId: string;
  patientInitials: string;
}
interface Leave {
  id: string;
  affectedAppointments: Affected[];
}

beforeAll(async () => {
  lw = await setUpLeaveWorld();
  ({ t, w, mail } = lw);
});
afterAll(() => tearDownLeaveWorld(lw));
beforeEach(() => resetLeaveWorld(lw));

const visit = (startsAt: string, opts?: Parameters<typeof bookVisit>[2]) => bookVisit(lw, startsAt, opts);
const addLeave = (body: Record<string, unknown>, session?: TestSession) => addLeaveAs<Leave>(lw, body, session);

async function listedLeave(id: string, session = w.derm): Promise<Leave> {
  const res = await get(t, session, '/api/availability');
  expect(res.statusCode, res.body).toBe(200);
  const leave = (res.json().exceptions as Leave[]).find((e) => e.id === id);
  expect(leave, 'the leave is listed').toBeTruthy();
  return leave!;
}

const ids = (leave: Leave) => leave.affectedAppointments.map((a) => a.id);


describe('leave over visits already booked', () => {
  it('reports the booked visit when the leave is added, and keeps listing it under the leave', async () => {
    const wed = '2026-03-11T08:00:00.000Z'; // Wednesday 11 March, 09:00 Paris
    const booked = await visit(wed);
    const colleagues = await visit('2026-03-11T08:30:00.000Z', { dermatologistId: w.derm2UserId, familyName: 'Autre' });
    const leave = await addLeave({ startsOn: '2026-03-10', endsOn: '2026-03-12', note: 'Congress' });
    expect(leave.affectedAppointments).toEqual([
      { id: booked.id, startsAt: wed, endsAt: '2026-03-11T08:30:00.000Z', timeZone: 'Europe/Paris', serviceId: w.ids.serviceId, patientInitials: 'CL' },
    ]);
    // Still there on the availability page (for the dermatologist who kept them), never the colleague's.
    expect((await listedLeave(leave.id)).affectedAppointments).toEqual(leave.affectedAppointments);
    expect(ids(leave)).not.toContain(colleagues.id);
    // The visit stays booked: adding leave changes no appointment and emails nobody.
    expect((await get(t, w.derm, `/api/appointments/${booked.id}`)).json().status).toBe('booked');
    expect(mail.sentTo(booked.email).map((m) => m.subject)).toEqual(['Your video appointment is booked']);
    // Audited with opaque ids only, never a name.
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'details']).where('action', 'in', ['availability.exception_add', 'appointment.list']).where('actor_user_id', '=', w.dermUserId).execute();
    expect(audit.find((a) => a.action === 'availability.exception_add')?.details).toMatchObject({ kind: 'leave', bookedInLeave: 1, appointmentIds: [booked.id] });
    expect(audit.find((a) => a.action === 'appointment.list')?.details).toMatchObject({ reason: 'booked_in_leave', count: 1 });
    expect(JSON.stringify(audit)).not.toMatch(/Lef[eè]vre|Camille/);
    // Another dermatologist's leave on the same days does not see the first one's visits.
    const otherLeave = await addLeave({ startsOn: '2026-03-11', endsOn: '2026-03-11' }, w.derm2);
    expect(ids(otherLeave)).toEqual([colleagues.id]);
  });

  it('reports nothing for leave that does not cover the visit: other days, or another service', async () => {
    const monday = await visit('2026-03-16T08:00:00.000Z'); // Monday 16 March, 09:00 Paris
    expect((await addLeave({ startsOn: '2026-03-17', endsOn: '2026-03-18' })).affectedAppointments).toEqual([]);
    expect((await addLeave({ kind: 'exception', startsOn: '2026-03-13', endsOn: '2026-03-15' })).affectedAppointments).toEqual([]);

    // Thursday 19 March 14:00 Paris, at the second service: leave limited to the first service leaves it alone.
    const elsewhere = await visit('2026-03-19T13:00:00.000Z', { serviceId: w.otherServiceId });
    expect((await addLeave({ startsOn: '2026-03-19', endsOn: '2026-03-19', serviceId: w.ids.serviceId })).affectedAppointments).toEqual([]);
    const everywhere = await addLeave({ kind: 'exception', startsOn: '2026-03-19', endsOn: '2026-03-19' });
    expect(everywhere.affectedAppointments).toMatchObject([{ id: elsewhere.id, serviceId: w.otherServiceId }]);
    expect(ids(everywhere)).not.toContain(monday.id);
  });

  it('uses the local day in the network zone, as the slots do', async () => {
    const patient = await createPatient(t.database.db, { organisationId: w.ids.practiceId, givenName: 'Élodie', familyName: 'Ober' });
    const insert = (startsAt: string) =>
      t.database.db
        .insertInto('appointments')
        .values({
          service_id: w.ids.serviceId,
          dermatologist_user_id: w.dermUserId,
          patient_id: patient.patientId,
          starts_at: startsAt,
          ends_at: new Date(Date.parse(startsAt) + 30 * 60_000),
          time_zone: 'Europe/Paris',
          booked_by_user_id: w.gpUserId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const earlyWednesday = await insert('2026-03-24T23:30:00.000Z'); // Wednesday 25 March, 00:30 Paris
    const earlyThursday = await insert('2026-03-25T23:30:00.000Z'); // Thursday 26 March, 00:30 Paris (UTC date: 25th)
    const leave = await addLeave({ startsOn: '2026-03-25', endsOn: '2026-03-25' });
    expect(ids(leave)).toEqual([earlyWednesday.id]);
    expect(ids(leave)).not.toContain(earlyThursday.id);
    expect(leave.affectedAppointments[0]!.patientInitials).toBe('ÉO');
  });

  it('does not report cancelled, completed or finished visits', async () => {
    const cancelled = await visit('2026-03-02T09:00:00.000Z'); // Monday 2 March, 10:00 Paris
    expect((await post(t, w.derm, `/api/appointments/${cancelled.id}/cancel`)).statusCode).toBe(200);
    const completed = await visit('2026-03-02T09:30:00.000Z');
    await t.database.db.updateTable('appointments').set({ status: 'completed' }).where('id', '=', completed.id).execute();
    const over = await visit('2026-03-02T08:00:00.000Z'); // 09:00-09:30 Paris, over by 10:40
    const later = await visit('2026-03-02T10:00:00.000Z'); // 11:00 Paris, still ahead
    t.clock.set('2026-03-02T09:40:00Z');
    await resignIn(t, w);
    const leave = await addLeave({ startsOn: '2026-03-02', endsOn: '2026-03-02' });
    expect(ids(leave)).toEqual([later.id]);
    expect(ids(leave)).not.toEqual(expect.arrayContaining([cancelled.id, completed.id, over.id]));
  });

  it('cancelling the reported visits tells each patient exactly as an ordinary cancellation, and clears the warning', async () => {
    const first = await visit('2026-03-31T07:00:00.000Z', { familyName: 'Martin' }); // Tuesday 31 March, 09:00 Paris (summer time)
    const second = await visit('2026-04-01T08:30:00.000Z', { familyName: 'Bernard' }); // Wednesday 1 April, 10:30 Paris
    const leave = await addLeave({ startsOn: '2026-03-31', endsOn: '2026-04-01' });
    expect(ids(leave)).toEqual([first.id, second.id]);
    expect(leave.affectedAppointments.map((a) => a.patientInitials)).toEqual(['CM', 'CB']);

    // The ordinary cancellation, once per reported visit (from each visit's page; the page's "Cancel
    // these visits" cancels them all in one call, cancel-leave-visits.test.ts).
    for (const id of ids(leave)) {
      const res = await post(t, w.derm, `/api/appointments/${id}/cancel`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'cancelled', canCancel: false });
    }
    for (const [v, when] of [
      [first, 'Tuesday, 31 March 2026 at 09:00 (Paris time)'],
      [second, 'Wednesday, 1 April 2026 at 10:30 (Paris time)'],
    ] as const) {
      const m = await mail.next(v.email);
      expect(m.subject).toBe('Your video appointment is cancelled');
      expect(m.text).toContain(when);
      expect(m.text + m.html).not.toMatch(/eczema|Martin|Bernard|leave|congé/i);
      const ics = icsOf(m);
      expect(ics).toContain('METHOD:CANCEL');
      expect(ics).toContain(`UID:appointment-${v.id}@dermlink`);
      expect(ics).toContain('SEQUENCE:1');
    }
    const audit = await t.database.db.selectFrom('audit_events').select(['resource_id', 'actor_user_id']).where('action', '=', 'appointment.cancel').where('resource_id', 'in', [first.id, second.id]).execute();
    expect(audit.map((a) => a.resource_id).sort()).toEqual([first.id, second.id].sort());
    expect(new Set(audit.map((a) => a.actor_user_id))).toEqual(new Set([w.dermUserId]));
    // Nothing left to warn about.
    expect((await listedLeave(leave.id)).affectedAppointments).toEqual([]);
  });
});
