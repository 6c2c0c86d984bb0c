// The report of a closed visit for the referring GP (and the dermatologist or
// the network's coordinators): GET /api/appointments/:appointmentId/report
// (the GP's page) and the PDF (report-pdf.ts). Only once the visit is signed.
import type { Transaction } from 'kysely';
import type { VisitReport } from '../../../contracts/visits/index.ts';
import type { Actor } from '../auth/actor.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { findAppointmentInScope } from '../appointments/appointment-scope.ts';
import { prescriptionsForReport } from './report-prescriptions.ts';
import { icd10Of, patientOf, personRef, recordRowOf, referringUserOf } from './visit-parts.ts';
import './actions.ts';

export async function loadVisitReport(trx: Transaction<DB>, actor: Actor, appointmentId: string, now: Date, lang: 'fr' | 'en'): Promise<VisitReport & { patientId: string }> {
  const appointment = await findAppointmentInScope(trx, actor, appointmentId);
  const row = await recordRowOf(trx, appointment.id);
  if (!row?.signed_at || !row.outcome || !row.content_hash) {
    throw new AppError('visit_report_not_ready', 'The visit notes are not signed yet.');
  }
  const patient = await patientOf(trx, appointment.patient_id, now);
  const service = await trx.selectFrom('organisations').select('name').where('id', '=', appointment.service_id).executeTakeFirstOrThrow();
  return {
    patientId: appointment.patient_id,
    appointmentId: appointment.id,
    outcome: row.outcome,
    startsAt: appointment.starts_at.toISOString(),
    timeZone: appointment.time_zone,
    coordinated: appointment.coordinated,
    patient: patient.dto,
    dermatologist: (await personRef(trx, row.signed_by))!,
    service: service.name,
    referringGp: await personRef(trx, await referringUserOf(trx, appointment.id)),
    notes: row.notes,
    diagnosis: row.diagnosis,
    icd10: icd10Of(row),
    plan: row.plan,
    patientSummary: row.patient_summary,
    prescriptions: row.outcome === 'completed' ? await prescriptionsForReport(trx, appointment.id, lang) : [],
    signedAt: row.signed_at.toISOString(),
    contentHash: row.content_hash,
  };
}

export async function getVisitReport(ctx: Ctx, appointmentId: string): Promise<VisitReport> {
  const actor = requireActor(ctx);
  assertCan(actor, 'visit.report');
  return ctx.db.transaction().execute(async (trx) => {
    const { patientId, ...report } = await loadVisitReport(trx, actor, appointmentId, ctx.clock.now(), actor.locale);
    await recordAudit(trx, ctx, { action: 'visit.report_read', resourceType: 'appointment', resourceId: appointmentId, patientId });
    return report;
  });
}
