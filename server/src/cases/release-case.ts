// The assigned dermatologist puts the case back in the service's pool.
import { requireActor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import { applyTransition, assignedTo } from './transition.ts';
import { transitionResult } from './transition-result.ts';

export async function releaseCase(ctx: Ctx, caseId: string) {
  const actor = requireActor(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const { after } = await applyTransition(trx, ctx, actor, {
      caseId,
      transition: 'release',
      guard: assignedTo(actor),
      set: () => ({ assigned_dermatologist_id: null, claimed_at: null }),
    });
    return transitionResult(actor, after, 'release', ctx.clock.now());
  });
}
