// The assigned dermatologist hands the case to another dermatologist of the
// same service (the state stays in_review).
import { requireActor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { isServiceDermatologist } from './routing.ts';
import { applyTransition, assignedTo } from './transition.ts';
import { transitionResult } from './transition-result.ts';

export async function reassignCase(ctx: Ctx, caseId: string, dermatologistId: string) {
  const actor = requireActor(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const { after } = await applyTransition(trx, ctx, actor, {
      caseId,
      transition: 'reassign',
      details: { to: dermatologistId },
      guard: async (row) => {
        const refusal = assignedTo(actor)(row);
        if (refusal) return refusal;
        const sameService = row.service_id !== null && dermatologistId !== actor.userId && (await isServiceDermatologist(trx, row.service_id, dermatologistId));
        return sameService
          ? null
          : new AppError('routing_invalid', 'Choose another dermatologist of the same service.', {
              fields: [{ path: 'dermatologistId', message: 'cases.routing.notInService' }],
            });
      },
      set: (_row, now) => ({ assigned_dermatologist_id: dermatologistId, claimed_at: now }),
    });
    return transitionResult(actor, after, 'reassign', ctx.clock.now());
  });
}
