// PUT /api/appointments/:appointmentId/visit: the draft, saved as it is typed
// (only the fields sent change). Audited.
import type { VisitDraft, VisitSaved } from '../../../contracts/visits/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { writableVisit } from './writable-visit.ts';
import './actions.ts';

export async function saveVisitDraft(ctx: Ctx, appointmentId: string, draft: VisitDraft): Promise<VisitSaved> {
  const actor = requireActor(ctx);
  assertCan(actor, 'visit.write');
  return ctx.db.transaction().execute(async (trx) => {
    const { appointment } = await writableVisit(trx, actor, appointmentId);
    const now = ctx.clock.now();
    const changes = {
      ...(draft.notes !== undefined ? { notes: draft.notes } : {}),
      ...(draft.diagnosis !== undefined ? { diagnosis: draft.diagnosis } : {}),
      ...(draft.icd10 !== undefined ? { icd10_code: draft.icd10?.code ?? null, icd10_label: draft.icd10?.label ?? null } : {}),
      ...(draft.plan !== undefined ? { plan: draft.plan } : {}),
      ...(draft.patientSummary !== undefined ? { patient_summary: draft.patientSummary } : {}),
      updated_by: actor.userId,
      updated_at: now,
    };
    await trx
      .insertInto('visit_records')
      .values({ appointment_id: appointment.id, ...changes })
      .onConflict((oc) => oc.column('appointment_id').doUpdateSet(changes))
      .execute();
    await recordAudit(trx, ctx, {
      action: 'visit.draft_save',
      resourceType: 'appointment',
      resourceId: appointment.id,
      patientId: appointment.patient_id,
      details: { fields: Object.keys(draft).sort() },
    });
    return { appointmentId: appointment.id, updatedAt: now.toISOString() };
  });
}
