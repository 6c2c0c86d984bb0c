// The set-up shared by the leave tests (leave-conflicts, cancel-leave-visits): a
// Paris network whose first dermatologist works mornings for the service and
// afternoons for a second service, a colleague on mornings, real SMTP and the
// mail queue; the GP books visits for new patients of the practice.
import { expect } from 'vitest';
import { createWorld, post, resignIn, type World } from '../cases/test-world.ts';
import type { TestSession } from '../test/factories.ts';
import { createPatient } from '../test/factories.ts';
import { closeMailingTestApp, createMailingTestApp, type MailingTestApp } from '../test/mail-queue.ts';

export const LEAVE_WORLD_START = '2026-03-02T07:00:00Z'; // Monday 08:00 in Paris

export interface LeaveWorld extends MailingTestApp {
  w: World;
}

const weekdayRule = (serviceId: string, startTime = '09:00', endTime = '12:00') => ({
  serviceId,
  weekdays: ['MO', 'TU', 'WE', 'TH', 'FR'],
  startTime,
  endTime,
  slotMinutes: 30,
  validFrom: '2026-03-01',
});

export async function setUpLeaveWorld(): Promise<LeaveWorld> {
  const { t, mail, mailQueue } = await createMailingTestApp();
  t.clock.set(LEAVE_WORLD_START);
  const w = await createWorld(t);
  await t.database.db.insertInto('memberships').values({ user_id: w.dermUserId, organisation_id: w.otherServiceId, role: 'dermatologist' }).execute();
  for (const [session, body] of [
    [w.derm, weekdayRule(w.ids.serviceId)],
    [w.derm, weekdayRule(w.otherServiceId, '14:00', '16:00')],
    [w.derm2, weekdayRule(w.ids.serviceId)],
  ] as const) {
    const res = await post(t, session, '/api/availability/rules', body);
    expect(res.statusCode, res.body).toBe(201);
  }
  return { t, w, mail, mailQueue };
}

export async function tearDownLeaveWorld(world: LeaveWorld): Promise<void> {
  await closeMailingTestApp(world);
}

/** Before each test: the start time, fresh sessions, no email. */
export async function resetLeaveWorld({ t, w, mail }: LeaveWorld): Promise<void> {
  t.clock.set(LEAVE_WORLD_START);
  await resignIn(t, w);
  mail.clear();
}

/** The GP books a visit for a new patient of the practice; returns its id and the patient's email. */
export async function bookVisit(
  { t, w, mail }: LeaveWorld,
  startsAt: string,
  opts: { givenName?: string; familyName?: string; serviceId?: string; dermatologistId?: string } = {},
): Promise<{ id: string; email: string }> {
  const p = await createPatient(t.database.db, { organisationId: w.ids.practiceId, givenName: opts.givenName ?? 'Camille', familyName: opts.familyName ?? 'Lefèvre', withAccount: true });
  const res = await post(t, w.gp, '/api/appointments', {
    patientId: p.patientId,
    serviceId: opts.serviceId ?? w.ids.serviceId,
    dermatologistId: opts.dermatologistId ?? w.dermUserId,
    startsAt,
    referralLetter: 'Eczema flare.',
  });
  expect(res.statusCode, res.body).toBe(201);
  await mail.next(p.email!); // the confirmation
  return { id: res.json().id as string, email: p.email! };
}

/** Adds leave as this dermatologist (default: the first one); returns the answer. */
export async function addLeave<L>({ t, w }: LeaveWorld, body: Record<string, unknown>, session: TestSession = w.derm): Promise<L> {
  const res = await post(t, session, '/api/availability/exceptions', { kind: 'leave', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as L;
}
