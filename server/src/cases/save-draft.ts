// Autosave of the draft request: lenient (any subset), replaces the saved draft.
// Only a draft can be edited; afterwards the request is what was submitted.
import type { SaveDraftBody } from '../../../contracts/cases/case.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { findCase } from './find-case.ts';
import { resolveRouting } from './routing.ts';

export async function saveDraft(ctx: Ctx, caseId: string, input: SaveDraftBody) {
  const actor = requireActor(ctx);
  assertCan(actor, 'case.edit_draft');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findCase(trx, actor, caseId, { forUpdate: true });
    if (row.state !== 'draft') {
      throw new AppError('conflict', 'Only a draft can be edited.', { extra: { currentState: row.state } });
    }
    const routing =
      input.routing === undefined
        ? undefined
        : input.routing === null
          ? { serviceId: null, targetDermatologistId: null }
          : await resolveRouting(trx, row.network_id, input.routing);
    const updated = await trx
      .updateTable('cases')
      .set({
        request: JSON.stringify(input.request),
        reason: input.request.reason ?? null,
        body_site: input.request.bodySite?.site ?? null,
        ...(routing ? { service_id: routing.serviceId, target_dermatologist_id: routing.targetDermatologistId } : {}),
        updated_at: now,
      })
      .where('id', '=', caseId)
      .where('state', '=', 'draft')
      .returning(['id', 'updated_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'case.draft_save', resourceType: 'case', resourceId: caseId, patientId: row.patient_id });
    return { id: updated.id, updatedAt: updated.updated_at.toISOString() };
  });
}
