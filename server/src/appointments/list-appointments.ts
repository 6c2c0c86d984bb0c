// Lists of appointments: the dermatologist's agenda (their own), the GP's
// (their practice's patients, or one patient), the coordinator's (the network),
// and the patient's own (upcoming, past, and referrals still to book).
// Audited as one list read (no per-row event: the list shows times and names only).
import type { AppointmentList, MyAppointments } from '../../../contracts/appointments/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { appointmentQuery, appointmentSummaryDto } from './appointment-view.ts';
import { appointmentScope } from './appointment-scope.ts';
import { referralsOfPatients } from './referrals.ts';
import './actions.ts';

export async function listAppointments(ctx: Ctx, q: { from?: string; days: number; patientId?: string; includeCancelled?: 'true' | 'false' }): Promise<AppointmentList> {
  const actor = requireActor(ctx);
  assertCan(actor, 'appointment.list');
  const now = ctx.clock.now();
  // Default: from the start of today (UTC) so that the morning's visits stay on the agenda.
  const from = q.from ? new Date(q.from) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const to = new Date(from.getTime() + q.days * 24 * 3_600_000);
  return ctx.db.transaction().execute(async (trx) => {
    let query = appointmentQuery(trx).where(appointmentScope(actor)).where('appointments.starts_at', '>=', from).where('appointments.starts_at', '<', to);
    if (actor.role === 'dermatologist') query = query.where('appointments.dermatologist_user_id', '=', actor.userId);
    if (q.patientId) query = query.where('appointments.patient_id', '=', q.patientId);
    if (q.includeCancelled !== 'true') query = query.where('appointments.status', '<>', 'cancelled');
    const rows = await query.orderBy('appointments.starts_at').limit(500).execute();
    await recordAudit(trx, ctx, {
      action: 'appointment.list',
      resourceType: 'appointment',
      patientId: q.patientId ?? null,
      details: { count: rows.length, from: from.toISOString(), days: q.days },
    });
    return { appointments: rows.map((r) => appointmentSummaryDto(actor, r)) };
  });
}

export async function myAppointments(ctx: Ctx): Promise<MyAppointments> {
  const actor = requireActor(ctx);
  assertCan(actor, 'appointment.list_own');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await appointmentQuery(trx)
      .where(appointmentScope(actor))
      .where('appointments.status', '<>', 'cancelled')
      .orderBy('appointments.starts_at')
      .limit(200)
      .execute();
    const patientIds = (await trx.selectFrom('patients').select('id').where('user_id', '=', actor.userId).execute()).map((p) => p.id);
    const referrals = (await referralsOfPatients(trx, patientIds)).filter((r) => r.status === 'open');
    const upcoming = rows.filter((r) => r.ends_at > now && r.status === 'booked');
    const past = rows.filter((r) => !(r.ends_at > now && r.status === 'booked')).reverse();
    return {
      upcoming: upcoming.map((r) => appointmentSummaryDto(actor, r)),
      past: past.map((r) => appointmentSummaryDto(actor, r)),
      referrals,
    };
  });
}
