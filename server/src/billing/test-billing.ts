// Billing test helpers: an answered case through the API (which bills it) and
// a completed video visit inserted as rows and billed with recordVisitBilling
// (the visit notes feature calls it the same way when the visit is signed).
import { expect } from 'vitest';
import { answerBody, post, submittedCase, type World } from '../cases/test-world.ts';
import type { TestApp } from '../test/test-app.ts';
import { recordVisitBilling } from './record-billing.ts';

export const SYSTEM_CTX = { actor: null, origin: { ip: null, userAgent: null, requestId: null } };

export async function answeredCase(t: TestApp, w: World, opts: { patientId?: string } = {}) {
  const c = await submittedCase(t, w, opts);
  const claim = await post(t, w.derm, `/api/cases/${c.id}/claim`);
  expect(claim.statusCode, claim.body).toBe(200);
  const answer = await post(t, w.derm, `/api/cases/${c.id}/answer`, answerBody);
  expect(answer.statusCode, answer.body).toBe(200);
  return c;
}

export async function linesOf(t: TestApp, where: { caseId?: string; appointmentId?: string }) {
  return t.database.db
    .selectFrom('billing_lines')
    .selectAll()
    .$if(Boolean(where.caseId), (qb) => qb.where('case_id', '=', where.caseId!))
    .$if(Boolean(where.appointmentId), (qb) => qb.where('appointment_id', '=', where.appointmentId!))
    .orderBy('act_code')
    .execute();
}

/** A video visit of the world's dermatologist, completed, then billed. */
export async function billedVisit(
  t: TestApp,
  w: World,
  opts: { patientId: string; startsAt: string; coordinated: boolean; video?: boolean; status?: 'completed' | 'cancelled' | 'no_show' },
) {
  const db = t.database.db;
  const startsAt = new Date(opts.startsAt);
  const status = opts.status ?? 'completed';
  const appointment = await db
    .insertInto('appointments')
    .values({
      service_id: w.ids.serviceId,
      dermatologist_user_id: w.dermUserId,
      patient_id: opts.patientId,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 20 * 60_000),
      time_zone: 'Europe/Paris',
      status,
      coordinated: opts.coordinated,
      referring_user_id: opts.coordinated ? w.gpUserId : null,
      referring_organisation_id: opts.coordinated ? w.ids.practiceId : null,
      booked_by_user_id: w.gpUserId,
      cancelled_at: status === 'cancelled' ? startsAt : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (opts.video ?? true) {
    await db
      .insertInto('visit_events')
      .values([
        { appointment_id: appointment.id, user_id: w.dermUserId, kind: 'joined', at: startsAt },
        { appointment_id: appointment.id, user_id: w.dermUserId, kind: 'admitted', at: startsAt },
      ])
      .execute();
  }
  const lines = await db.transaction().execute((trx) => recordVisitBilling(trx, SYSTEM_CTX, appointment.id));
  return { appointmentId: appointment.id, lines };
}
