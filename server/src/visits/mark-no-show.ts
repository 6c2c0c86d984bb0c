// POST /api/appointments/:appointmentId/visit/no-show: the patient did not come.
// Only once the appointment has started and only if the patient never joined
// the video; the record is signed as it stands (with an optional note) and the
// referring GP is told. No report of a consultation, no billing.
import type { VisitClosed, VisitNoShowBody } from '../../../contracts/visits/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { publishAppointmentEvent } from '../notifications/appointment-events.ts';
import { signVisit } from './sign-visit.ts';
import { icd10Of, patientOf, timelineOf } from './visit-parts.ts';
import { writableVisit } from './writable-visit.ts';
import './actions.ts';

export async function markNoShow(ctx: Ctx, appointmentId: string, body: VisitNoShowBody): Promise<VisitClosed> {
  const actor = requireActor(ctx);
  assertCan(actor, 'visit.write');
  return ctx.db.transaction().execute(async (trx) => {
    const { appointment, row } = await writableVisit(trx, actor, appointmentId);
    const now = ctx.clock.now();
    if (appointment.starts_at > now) throw new AppError('visit_too_early', 'A no-show can be recorded once the appointment has started.', { extra: { startsAt: appointment.starts_at.toISOString() } });
    const patient = await patientOf(trx, appointment.patient_id, now);
    const { video } = await timelineOf(trx, appointment, patient.userId);
    if (video.patientJoined) throw new AppError('visit_attended', 'The patient joined the video visit: complete the visit instead.');
    const closed = await signVisit(
      trx,
      actor,
      now,
      appointment,
      {
        notes: body.notes?.trim() ? body.notes : (row?.notes ?? ''),
        diagnosis: row?.diagnosis ?? '',
        icd10: row ? icd10Of(row) : null,
        plan: row?.plan ?? '',
        patientSummary: row?.patient_summary ?? '',
      },
      'no_show',
    );
    await recordAudit(trx, ctx, { action: 'visit.no_show', resourceType: 'appointment', resourceId: appointment.id, patientId: appointment.patient_id, details: { contentHash: closed.signature.contentHash } });
    await publishAppointmentEvent(trx, ctx, { kind: 'visit_no_show', appointmentId: appointment.id });
    return closed;
  });
}
