// The assigned dermatologist signs the answer: it is stored once (who, when,
// SHA-256 of the content) and the database refuses any later UPDATE or DELETE.
// The case becomes answered; corrections are signed addenda.
import type { AnswerBody } from '../../../contracts/cases/answer.ts';
import { createReferralForAnswer } from '../appointments/referrals.ts';
import { requireActor } from '../auth/actor.ts';
import { recordCaseBilling } from '../billing/record-billing.ts';
import type { Ctx } from '../context.ts';
import { contentHash } from './signing.ts';
import { applyTransition, assignedTo } from './transition.ts';
import { transitionResult } from './transition-result.ts';

export async function signAnswer(ctx: Ctx, caseId: string, answer: AnswerBody) {
  const actor = requireActor(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    const { after } = await applyTransition(trx, ctx, actor, {
      caseId,
      transition: 'sign_answer',
      guard: assignedTo(actor),
      details: { outcome: answer.outcome },
      set: () => ({ answered_at: now, answer_draft: null, read_by_requester_at: null }),
    });
    const content = {
      caseId,
      diagnosis: answer.diagnosis,
      icd10: answer.icd10 ?? null,
      differentials: answer.differentials.map((d) => ({ text: d.text, icd10: d.icd10 ?? null })),
      managementPlan: answer.managementPlan,
      treatmentSuggestions: answer.treatmentSuggestions ?? null,
      outcome: answer.outcome,
      patientSummary: answer.patientSummary,
      gpDiscussesFirst: answer.gpDiscussesFirst,
      signedBy: actor.userId,
      signedAt: now.toISOString(),
    };
    await trx
      .insertInto('case_answers')
      .values({
        case_id: caseId,
        diagnosis: content.diagnosis,
        icd10_code: content.icd10?.code ?? null,
        icd10_label: content.icd10?.label ?? null,
        differentials: JSON.stringify(content.differentials),
        management_plan: content.managementPlan,
        treatment_suggestions: content.treatmentSuggestions,
        outcome: content.outcome,
        patient_summary: content.patientSummary,
        gp_discusses_first: content.gpDiscussesFirst,
        signed_by: actor.userId,
        signed_at: now,
        content_hash: contentHash(content),
      })
      .execute();
    // The expert's and the requester's acts are billed in the answer's transaction.
    await recordCaseBilling(trx, ctx, caseId);
    // "See by video": the patient gets a booking link (referral attached: the coordinated pathway).
    if (answer.outcome === 'teleconsultation') await createReferralForAnswer(trx, ctx, { caseId, dermatologistId: actor.userId, gpDiscussesFirst: answer.gpDiscussesFirst });
    return transitionResult(actor, after, 'sign_answer', now);
  });
}
