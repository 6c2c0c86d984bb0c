// Autosave of the assigned dermatologist's answer before signing.
import type { AnswerDraft } from '../../../contracts/cases/answer.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { findCase } from './find-case.ts';

export async function saveAnswerDraft(ctx: Ctx, caseId: string, draft: AnswerDraft) {
  const actor = requireActor(ctx);
  assertCan(actor, 'case.answer');
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findCase(trx, actor, caseId, { forUpdate: true });
    if (row.state !== 'in_review' && row.state !== 'awaiting_requester') {
      throw new AppError('conflict', 'The answer can only be prepared while the case is in review.', { extra: { currentState: row.state } });
    }
    if (row.assigned_dermatologist_id !== actor.userId) {
      throw new AppError('not_assigned', 'This case is assigned to another dermatologist.', { extra: { currentState: row.state } });
    }
    const now = ctx.clock.now();
    await trx.updateTable('cases').set({ answer_draft: JSON.stringify(draft), updated_at: now }).where('id', '=', caseId).execute();
    await recordAudit(trx, ctx, { action: 'case.answer_draft_save', resourceType: 'case', resourceId: caseId, patientId: row.patient_id });
    return { id: caseId, updatedAt: now.toISOString() };
  });
}
