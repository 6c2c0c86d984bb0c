// The assigned dermatologist asks the requester a question: the case waits
// (awaiting_requester). If the service pauses the clock meanwhile, the pause
// starts now; answer-question.ts extends the deadline by its length.
import { requireActor } from '../auth/actor.ts';
import type { Ctx } from '../context.ts';
import { settingsOfService } from './deadline-for-case.ts';
import { applyTransition, assignedTo } from './transition.ts';
import { transitionResult } from './transition-result.ts';

export async function askQuestion(ctx: Ctx, caseId: string, body: string) {
  const actor = requireActor(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const { after } = await applyTransition(trx, ctx, actor, {
      caseId,
      transition: 'ask_question',
      guard: assignedTo(actor),
      set: async (row, now) => {
        const settings = await settingsOfService(trx, row.service_id!);
        return settings.pauseClockWhileAwaitingRequester ? { paused_at: now } : {};
      },
    });
    await trx
      .insertInto('case_messages')
      .values({ case_id: caseId, kind: 'question', body, author_user_id: actor.userId, author_role: actor.role, created_at: ctx.clock.now() })
      .execute();
    return transitionResult(actor, after, 'ask_question', ctx.clock.now());
  });
}
