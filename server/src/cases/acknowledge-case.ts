// The requester acknowledges the answer: the case closes. Acknowledging also
// counts as reading it if that was not recorded yet.
import { requireActor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import { applyTransition } from './transition.ts';
import { transitionResult } from './transition-result.ts';

export async function acknowledgeCase(ctx: Ctx, caseId: string) {
  const actor = requireActor(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const { after } = await applyTransition(trx, ctx, actor, {
      caseId,
      transition: 'acknowledge',
      set: (row, now) => ({ acknowledged_at: now, read_by_requester_at: row.read_by_requester_at ?? now }),
    });
    return transitionResult(actor, after, 'acknowledge', ctx.clock.now());
  });
}
