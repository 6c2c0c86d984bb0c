// A correction to a signed answer: a new signed addendum (the answer itself
// never changes). Only the dermatologist who holds the case may add one. An
// answered case becomes unread again for the requester.
import type { Addendum, AddendumBody } from '../../../contracts/cases/answer.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { findCase } from './find-case.ts';
import { contentHash } from './signing.ts';

export async function addAddendum(ctx: Ctx, caseId: string, input: AddendumBody): Promise<Addendum> {
  const actor = requireActor(ctx);
  assertCan(actor, 'case.addendum');
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findCase(trx, actor, caseId, { forUpdate: true });
    if (row.state !== 'answered' && row.state !== 'acknowledged') {
      throw new AppError('conflict', 'An addendum follows a signed answer.', { extra: { currentState: row.state } });
    }
    if (row.assigned_dermatologist_id !== actor.userId) {
      throw new AppError('not_assigned', 'Only the dermatologist who answered may add an addendum.', { extra: { currentState: row.state } });
    }
    const answer = await trx.selectFrom('case_answers').select('id').where('case_id', '=', caseId).executeTakeFirstOrThrow();
    const now = ctx.clock.now();
    const hash = contentHash({ caseId, answerId: answer.id, text: input.text, outcome: input.outcome ?? null, signedBy: actor.userId, signedAt: now.toISOString() });
    const inserted = await trx
      .insertInto('case_answer_addenda')
      .values({ answer_id: answer.id, case_id: caseId, text: input.text, outcome: input.outcome ?? null, signed_by: actor.userId, signed_at: now, content_hash: hash })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (row.state === 'answered') {
      await trx.updateTable('cases').set({ read_by_requester_at: null, updated_at: now }).where('id', '=', caseId).execute();
    } else {
      await trx.updateTable('cases').set({ updated_at: now }).where('id', '=', caseId).execute();
    }
    await recordAudit(trx, ctx, {
      action: 'case.addendum',
      resourceType: 'case',
      resourceId: caseId,
      patientId: row.patient_id,
      details: { addendumId: inserted.id, outcomeChanged: input.outcome !== undefined },
    });
    const me = await trx.selectFrom('users').select('display_name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
    return {
      id: inserted.id,
      text: input.text,
      outcome: input.outcome ?? null,
      signedBy: { id: actor.userId, name: me.display_name },
      signedAt: now.toISOString(),
      contentHash: hash,
    };
  });
}
