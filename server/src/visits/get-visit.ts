// GET /api/appointments/:appointmentId/visit: the dermatologist's visit page:
// the appointment, the video timeline and rule, the record (draft or signed).
import type { Visit } from '../../../contracts/visits/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { findAppointmentInScope } from '../appointments/appointment-scope.ts';
import { patientOf, personRef, recordDto, recordRowOf, referringUserOf, signatureDto, timelineOf } from './visit-parts.ts';
import './actions.ts';

export async function getVisit(ctx: Ctx, appointmentId: string): Promise<Visit> {
  const actor = requireActor(ctx);
  assertCan(actor, 'visit.read');
  return ctx.db.transaction().execute(async (trx) => {
    const appointment = await findAppointmentInScope(trx, actor, appointmentId);
    const now = ctx.clock.now();
    const patient = await patientOf(trx, appointment.patient_id, now);
    const { timeline, video } = await timelineOf(trx, appointment, patient.userId);
    const row = await recordRowOf(trx, appointment.id);
    const mine = appointment.dermatologist_user_id === actor.userId;
    const open = appointment.status === 'booked' && !row?.signed_at;
    await recordAudit(trx, ctx, { action: 'visit.read', resourceType: 'appointment', resourceId: appointment.id, patientId: appointment.patient_id });
    return {
      appointmentId: appointment.id,
      status: appointment.status,
      startsAt: appointment.starts_at.toISOString(),
      endsAt: appointment.ends_at.toISOString(),
      timeZone: appointment.time_zone,
      coordinated: appointment.coordinated,
      patient: patient.dto,
      dermatologist: (await personRef(trx, appointment.dermatologist_user_id))!,
      referringGp: await personRef(trx, await referringUserOf(trx, appointment.id)),
      timeline,
      video,
      record: recordDto(row),
      signature: await signatureDto(trx, row),
      canEdit: mine && open,
      canMarkNoShow: mine && open && appointment.starts_at <= now && !video.patientJoined,
    };
  });
}
