// Counts for the requester's badge and list tabs (no patient data: not audited per patient).
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { caseScope } from './case-scope.ts';

export async function caseCounts(ctx: Ctx) {
  const actor = requireActor(ctx);
  assertCan(actor, 'case.list');
  const row = await ctx.db
    .selectFrom('cases')
    .where(caseScope(actor))
    .where('cases.state', 'in', ['draft', 'submitted', 'in_review', 'awaiting_requester', 'answered'])
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere((w) => w.and([w('cases.state', '=', 'answered'), w('cases.read_by_requester_at', 'is', null)])).as('answered_unread'),
      eb.fn.countAll<number>().filterWhere('cases.state', '=', 'awaiting_requester').as('awaiting_me'),
      eb.fn.countAll<number>().filterWhere('cases.state', '=', 'draft').as('drafts'),
      eb.fn.countAll<number>().filterWhere('cases.state', 'in', ['submitted', 'in_review']).as('waiting'),
    ])
    .executeTakeFirstOrThrow();
  return {
    answeredUnread: Number(row.answered_unread),
    awaitingMe: Number(row.awaiting_me),
    drafts: Number(row.drafts),
    waiting: Number(row.waiting),
  };
}
