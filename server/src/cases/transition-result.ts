// The answer of every transition endpoint: the new state, the deadline, and
// what the caller may do next.
import type { TransitionResult } from '../../../contracts/cases/case.ts';
import { allowedTransitions, type CaseTransition } from '../../../contracts/clinical/case-state.ts';
import type { Actor } from '../auth/actor.ts';
import { deadlineView } from './case-view.ts';
import type { CaseRow } from './transition.ts';

/** Transitions this actor may perform on this case now (state, party and assignment). */
export function transitionsFor(actor: Actor, row: Pick<NonNullable<CaseRow>, 'state' | 'assigned_dermatologist_id'>): CaseTransition[] {
  if (actor.role === 'requester') return allowedTransitions(row.state, 'requester');
  if (actor.role !== 'dermatologist') return [];
  const mine = row.assigned_dermatologist_id === actor.userId;
  return allowedTransitions(row.state, 'dermatologist').filter((t) => (t === 'claim' ? true : mine));
}

export function transitionResult(actor: Actor, row: NonNullable<CaseRow>, transition: CaseTransition, now: Date): TransitionResult {
  return {
    id: row.id,
    state: row.state,
    transition,
    deadline: deadlineView(row, now),
    allowedTransitions: transitionsFor(actor, row),
  };
}
