// Which photos the actor may see: exactly the photos of the cases the actor
// may see (the cases feature's scope, reused, never re-decided here), and
// which cases the actor may add photos to now.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { DB } from '../db/schema.ts';
import type { CaseState } from '../../../contracts/clinical/case-state.ts';
import { caseScope } from '../cases/case-scope.ts';

/** States in which the requester may still add (or, in a draft, remove) photos. */
export const PHOTO_ADD_STATES: readonly CaseState[] = ['draft', 'awaiting_requester'];
export const PHOTO_DELETE_STATES: readonly CaseState[] = ['draft'];

/** WHERE condition on `photos`: the photo's case is visible to the actor. */
export function photoScope(actor: Actor) {
  return (eb: ExpressionBuilder<DB, 'photos'>): Expression<SqlBool> =>
    eb('photos.case_id', 'in', eb.selectFrom('cases').select('cases.id').where(caseScope(actor)));
}

/** WHERE condition on `cases`: the actor may add photos to this case now (its requester, while it is a draft or awaits them). */
export function photoAddScope(actor: Actor, states: readonly CaseState[] = PHOTO_ADD_STATES) {
  return (eb: ExpressionBuilder<DB, 'cases'>): Expression<SqlBool> => {
    if (actor.role !== 'requester') return sql<SqlBool>`false`;
    return eb.and([caseScope(actor)(eb), eb('cases.requester_id', '=', actor.userId), eb('cases.state', 'in', [...states])]);
  };
}
