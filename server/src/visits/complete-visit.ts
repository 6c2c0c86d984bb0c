// POST /api/appointments/:appointmentId/visit/complete: the appointment's
// dermatologist signs the visit record; the appointment is completed; the
// referring GP is notified that the report is ready; the visit is billed
// (billing/record-billing.ts, fees as data). The billing rule: a visit
// is completed only when the video took place (both the dermatologist and the
// patient joined, visit_events); otherwise it is a no-show (mark-no-show.ts).
import type { VisitClosed, VisitCompleteBody } from '../../../contracts/visits/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { recordVisitBilling } from '../billing/record-billing.ts';
import { publishAppointmentEvent } from '../notifications/appointment-events.ts';
import { signVisit } from './sign-visit.ts';
import { patientOf, timelineOf } from './visit-parts.ts';
import { writableVisit } from './writable-visit.ts';
import './actions.ts';

export async function completeVisit(ctx: Ctx, appointmentId: string, body: VisitCompleteBody): Promise<VisitClosed> {
  const actor = requireActor(ctx);
  assertCan(actor, 'visit.write');
  return ctx.db.transaction().execute(async (trx) => {
    const { appointment } = await writableVisit(trx, actor, appointmentId);
    const now = ctx.clock.now();
    const patient = await patientOf(trx, appointment.patient_id, now);
    const { video } = await timelineOf(trx, appointment, patient.userId);
    if (!video.held) {
      throw new AppError('visit_video_required', 'A visit is completed only when both the dermatologist and the patient joined the video; otherwise mark it as a no-show.', {
        extra: { dermatologistJoined: video.dermatologistJoined, patientJoined: video.patientJoined },
      });
    }
    const closed = await signVisit(trx, actor, now, appointment, { notes: body.notes, diagnosis: body.diagnosis, icd10: body.icd10 ?? null, plan: body.plan, patientSummary: body.patientSummary }, 'completed');
    // The teleconsultation's billing line(s), from the fee schedule, in the same transaction.
    const billing = await recordVisitBilling(trx, ctx, appointment.id);
    await recordAudit(trx, ctx, {
      action: 'visit.complete',
      resourceType: 'appointment',
      resourceId: appointment.id,
      patientId: appointment.patient_id,
      details: { contentHash: closed.signature.contentHash, icd10: body.icd10?.code ?? null, billingLines: billing.length },
    });
    await publishAppointmentEvent(trx, ctx, { kind: 'visit_report_ready', appointmentId: appointment.id });
    return closed;
  });
}
