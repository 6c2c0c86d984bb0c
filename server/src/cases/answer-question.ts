// The requester answers the dermatologist's question: the case goes back to
// in_review and, if the clock was paused, the deadline moves by the pause.
// (Extra photos are added through the photos feature.)
import { requireActor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import { applyTransition } from './transition.ts';
import { transitionResult } from './transition-result.ts';

export async function answerQuestion(ctx: Ctx, caseId: string, body: string) {
  const actor = requireActor(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const { after } = await applyTransition(trx, ctx, actor, {
      caseId,
      transition: 'answer_question',
      set: (row, now) => {
        if (!row.paused_at || !row.deadline_at) return {};
        const paused = Math.max(0, now.getTime() - row.paused_at.getTime());
        return {
          paused_at: null,
          paused_ms: Number(row.paused_ms) + paused,
          deadline_at: new Date(row.deadline_at.getTime() + paused),
        };
      },
    });
    await trx
      .insertInto('case_messages')
      .values({ case_id: caseId, kind: 'reply', body, author_user_id: actor.userId, author_role: actor.role, created_at: ctx.clock.now() })
      .execute();
    return transitionResult(actor, after, 'answer_question', ctx.clock.now());
  });
}
