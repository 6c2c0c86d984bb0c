// A dermatologist takes a submitted case from the queue. Two claiming at once:
// the row lock and the conditional update let exactly one win; the other gets
// 409 invalid_transition with currentState 'in_review'.
import { requireActor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import { applyTransition } from './transition.ts';
import { transitionResult } from './transition-result.ts';

export async function claimCase(ctx: Ctx, caseId: string) {
  const actor = requireActor(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const { after } = await applyTransition(trx, ctx, actor, {
      caseId,
      transition: 'claim',
      set: (_row, now) => ({ assigned_dermatologist_id: actor.userId, claimed_at: now }),
    });
    return transitionResult(actor, after, 'claim', ctx.clock.now());
  });
}
