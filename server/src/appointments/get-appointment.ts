// GET /api/appointments/:appointmentId: the appointment, scoped per role, audited.
import type { Appointment } from '../../../contracts/appointments/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { appointmentDto, findAppointment } from './appointment-view.ts';
import './actions.ts';

export async function getAppointment(ctx: Ctx, appointmentId: string): Promise<Appointment> {
  const actor = requireActor(ctx);
  assertCan(actor, 'appointment.read');
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findAppointment(trx, actor, appointmentId);
    await recordAudit(trx, ctx, { action: 'appointment.read', resourceType: 'appointment', resourceId: row.id, patientId: row.patient_id });
    return appointmentDto(actor, row, ctx.clock.now());
  });
}
