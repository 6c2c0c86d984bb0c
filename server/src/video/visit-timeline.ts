// GET /api/appointments/:appointmentId/visit-events: who joined, was admitted
// and left the video visit, and when; with the seconds both were connected.
// Anyone who may see the appointment (appointmentScope) and whose role may read
// timelines: the patient, the dermatologist, the network's coordinators.
import type { VisitTimeline } from '../../../contracts/video/index.ts';
import { appointmentScope } from '../appointments/appointment-scope.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/app-error.ts';
import { bothConnectedSeconds } from './timeline-summary.ts';
import { visitWindow } from './visit-window.ts';
import './actions.ts';

export async function visitTimeline(ctx: Ctx, appointmentId: string): Promise<VisitTimeline> {
  const actor = requireActor(ctx);
  assertCan(actor, 'visit.timeline');
  return ctx.db.transaction().execute(async (trx) => {
    const appointment = await trx
      .selectFrom('appointments')
      .select(['id', 'patient_id', 'dermatologist_user_id', 'starts_at', 'ends_at'])
      .where('appointments.id', '=', appointmentId)
      .where(appointmentScope(actor))
      .executeTakeFirst();
    if (!appointment) throw notFound('appointment');
    const rows = await trx
      .selectFrom('visit_events as v')
      .innerJoin('users as u', 'u.id', 'v.user_id')
      .select(['v.id', 'v.kind', 'v.at', 'v.user_id', 'u.display_name'])
      .where('v.appointment_id', '=', appointmentId)
      .orderBy('v.at')
      .orderBy('v.id')
      .execute();
    await recordAudit(trx, ctx, { action: 'visit.timeline_read', resourceType: 'appointment', resourceId: appointmentId, patientId: appointment.patient_id });
    const events = rows.map((r) => ({
      id: String(r.id),
      kind: r.kind,
      at: r.at.toISOString(),
      userId: r.user_id,
      role: r.user_id === appointment.dermatologist_user_id ? ('dermatologist' as const) : ('patient' as const),
      name: r.display_name,
    }));
    const now = ctx.clock.now();
    const { closesAt } = visitWindow(appointment.starts_at, appointment.ends_at);
    const until = now < closesAt ? now : closesAt;
    const admitted = rows.find((r) => r.kind === 'admitted');
    return {
      appointmentId,
      events,
      admittedAt: admitted ? admitted.at.toISOString() : null,
      bothConnectedSeconds: bothConnectedSeconds(events.map((e) => ({ kind: e.kind, role: e.role, at: new Date(e.at) })), until),
    };
  });
}
