// The requester withdraws a case that has not been answered yet, optionally
// saying why (kept on the case, shown to both sides).
import { requireActor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import { applyTransition } from './transition.ts';
import { transitionResult } from './transition-result.ts';

export async function withdrawCase(ctx: Ctx, caseId: string, input: { reason?: string } = {}) {
  const actor = requireActor(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const { after } = await applyTransition(trx, ctx, actor, {
      caseId,
      transition: 'withdraw',
      set: (_row, now) => ({ withdrawn_at: now, withdrawal_reason: input.reason || null, paused_at: null }),
    });
    return transitionResult(actor, after, 'withdraw', ctx.clock.now());
  });
}
