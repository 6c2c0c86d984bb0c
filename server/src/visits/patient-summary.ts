// What the patient reads about their video visits: the plain-language summary
// once the visit is signed as completed (never the notes, diagnosis codes or
// plan written for clinicians).
//   GET /api/appointments/:appointmentId/summary  one visit (the summary page)
//   GET /api/me/visits                            their closed visits (the My care page)
import type { Transaction } from 'kysely';
import type { MyVisits, PatientVisitSummary } from '../../../contracts/visits/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { appointmentScope, findAppointmentInScope } from '../appointments/appointment-scope.ts';
import './actions.ts';

interface Row {
  id: string;
  starts_at: Date;
  time_zone: string;
  status: 'booked' | 'cancelled' | 'completed' | 'no_show';
  dermatologist_name: string;
  outcome: 'completed' | 'no_show' | null;
  patient_summary: string | null;
  signed_at: Date | null;
}

function toSummary(r: Row): PatientVisitSummary {
  const completed = r.status === 'completed' && r.outcome === 'completed' && !!r.signed_at;
  return {
    appointmentId: r.id,
    startsAt: r.starts_at.toISOString(),
    timeZone: r.time_zone,
    dermatologistName: r.dermatologist_name,
    status: r.status === 'booked' ? 'upcoming' : r.status,
    summary: completed ? r.patient_summary : null,
    completedAt: completed ? r.signed_at!.toISOString() : null,
  };
}

function rowsQuery(trx: Transaction<DB>) {
  return trx
    .selectFrom('appointments')
    .innerJoin('users', 'users.id', 'appointments.dermatologist_user_id')
    .leftJoin('visit_records', 'visit_records.appointment_id', 'appointments.id')
    .select([
      'appointments.id',
      'appointments.starts_at',
      'appointments.time_zone',
      'appointments.status',
      'appointments.patient_id',
      'users.display_name as dermatologist_name',
      'visit_records.outcome',
      'visit_records.patient_summary',
      'visit_records.signed_at',
    ]);
}

export async function patientVisitSummary(ctx: Ctx, appointmentId: string): Promise<PatientVisitSummary> {
  const actor = requireActor(ctx);
  assertCan(actor, 'visit.patient_summary');
  return ctx.db.transaction().execute(async (trx) => {
    const appointment = await findAppointmentInScope(trx, actor, appointmentId);
    const row = await rowsQuery(trx).where('appointments.id', '=', appointment.id).executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'visit.summary_read', resourceType: 'appointment', resourceId: appointment.id, patientId: appointment.patient_id });
    return toSummary(row);
  });
}

export async function myVisits(ctx: Ctx): Promise<MyVisits> {
  const actor = requireActor(ctx);
  assertCan(actor, 'visit.patient_summary');
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await rowsQuery(trx)
      .where('appointments.id', 'in', (eb) => eb.selectFrom('appointments').select('appointments.id').where(appointmentScope(actor)))
      .where('appointments.status', 'in', ['completed', 'no_show'])
      .where('visit_records.signed_at', 'is not', null)
      .orderBy('appointments.starts_at', 'desc')
      .execute();
    for (const patientId of new Set(rows.map((r) => r.patient_id))) {
      await recordAudit(trx, ctx, { action: 'visit.my_visits_read', resourceType: 'patient', resourceId: patientId, patientId, details: { visits: rows.filter((r) => r.patient_id === patientId).length } });
    }
    return { items: rows.map(toSummary) };
  });
}
