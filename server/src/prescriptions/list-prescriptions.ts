// Prescriptions of one appointment (its dermatologist's service, the patient)
// and the patient's own list across their appointments. Audited reads.
import type { PrescriptionList } from '../../../contracts/prescriptions/index.ts';
import { findAppointmentInScope } from '../appointments/appointment-scope.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { prescriptionDto, prescriptionsInScope } from './prescription-view.ts';
import './actions.ts';

export async function appointmentPrescriptions(ctx: Ctx, appointmentId: string): Promise<PrescriptionList> {
  const actor = requireActor(ctx);
  assertCan(actor, 'prescription.read');
  return ctx.db.transaction().execute(async (trx) => {
    const appointment = await findAppointmentInScope(trx, actor, appointmentId);
    const rows = await prescriptionsInScope(trx, actor).where('prescriptions.appointment_id', '=', appointmentId).orderBy('prescriptions.issued_at', 'desc').execute();
    if (rows.length) {
      await recordAudit(trx, ctx, { action: 'prescription.list', resourceType: 'appointment', resourceId: appointmentId, patientId: appointment.patient_id, details: { count: rows.length } });
    }
    return { prescriptions: rows.map(prescriptionDto) };
  });
}

export async function myPrescriptions(ctx: Ctx): Promise<PrescriptionList> {
  const actor = requireActor(ctx);
  assertCan(actor, 'prescription.my_list');
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await prescriptionsInScope(trx, actor)
      .where('prescriptions.patient_id', 'in', trx.selectFrom('patients').select('patients.id').where('patients.user_id', '=', actor.userId))
      .orderBy('prescriptions.issued_at', 'desc')
      .execute();
    for (const patientId of new Set(rows.map((r) => r.patient_id))) {
      await recordAudit(trx, ctx, { action: 'prescription.my_list', resourceType: 'patient', resourceId: patientId, patientId, details: { count: rows.filter((r) => r.patient_id === patientId).length } });
    }
    return { prescriptions: rows.map(prescriptionDto) };
  });
}
