// THE case state machine on the server. Every change of a case's state goes
// through applyTransition, which:
//   1. checks the role may perform the transition at all (403 otherwise),
//   2. locks the case row within the actor's scope (404 if they may not see it),
//   3. refuses a transition the state machine (contracts/clinical/case-state.ts)
//      does not allow from the current state: 409 invalid_transition + currentState,
//   4. applies the caller's own guard (e.g. "assigned to me"),
//   5. updates conditionally (WHERE state = <locked state>) RETURNING the row,
//      so two dermatologists claiming at once cannot both win,
//   6. stores the case event (who, when, from, to, transition) and the audit event,
// all in the caller's transaction.
import type { Transaction, Updateable } from 'kysely';
import { nextState, transitionRule, type CaseState, type CaseTransition } from '../../../contracts/clinical/case-state.ts';
import type { Actor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { publishCaseTransition } from '../notifications/case-transitions.ts';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { caseScope } from './case-scope.ts';
import type { CasesTable } from './tables.ts';

export type CaseRow = Awaited<ReturnType<typeof lockCase>>;

const TRANSITION_ACTION: Record<CaseTransition, string> = {
  submit: 'case.submit',
  claim: 'case.claim',
  release: 'case.release',
  ask_question: 'case.ask_question',
  answer_question: 'case.answer_question',
  sign_answer: 'case.answer',
  acknowledge: 'case.acknowledge',
  withdraw: 'case.withdraw',
  reassign: 'case.reassign',
};

async function lockCase(trx: Transaction<DB>, actor: Actor, caseId: string) {
  return trx.selectFrom('cases').selectAll().where('cases.id', '=', caseId).where(caseScope(actor)).forUpdate().executeTakeFirst();
}

export function invalidTransition(current: CaseState, transition: CaseTransition): AppError {
  return new AppError('invalid_transition', `The case is ${current}: "${transition}" is not possible now.`, {
    extra: { currentState: current, transition },
  });
}

export interface TransitionInput {
  caseId: string;
  transition: CaseTransition;
  /** Refuse on the locked row for reasons beyond the state (return the error to throw). */
  guard?: (row: NonNullable<CaseRow>) => AppError | null | Promise<AppError | null>;
  /** Columns to set together with the new state (computed from the locked row). */
  set?: (row: NonNullable<CaseRow>, now: Date) => Updateable<CasesTable> | Promise<Updateable<CasesTable>>;
  /** Non-clinical details for the case event and the audit event. */
  details?: Record<string, unknown>;
}

export interface TransitionOutcome {
  before: NonNullable<CaseRow>;
  after: NonNullable<CaseRow>;
  eventId: string;
}

export async function applyTransition(trx: Transaction<DB>, ctx: Ctx, actor: Actor, input: TransitionInput): Promise<TransitionOutcome> {
  const { caseId, transition } = input;
  assertCan(actor, TRANSITION_ACTION[transition]);
  const rule = transitionRule(transition);
  if (rule.party !== actor.role) throw new AppError('forbidden', 'Your role does not allow this action.');

  const before = await lockCase(trx, actor, caseId);
  if (!before) throw notFound('case');
  const to = nextState(before.state, transition);
  if (!to) throw invalidTransition(before.state, transition);
  const refusal = input.guard ? await input.guard(before) : null;
  if (refusal) throw refusal;

  const now = ctx.clock.now();
  const extra = input.set ? await input.set(before, now) : {};
  const after = await trx
    .updateTable('cases')
    .set({ ...extra, state: to, updated_at: now })
    .where('id', '=', caseId)
    .where('state', '=', before.state)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw invalidTransition((await currentState(trx, caseId)) ?? before.state, transition);

  const event = await trx
    .insertInto('case_events')
    .values({
      case_id: caseId,
      transition,
      from_state: before.state,
      to_state: to,
      actor_user_id: actor.userId,
      actor_role: actor.role,
      occurred_at: now,
      details: JSON.stringify(input.details ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, ctx, {
    action: `case.${transition}`,
    resourceType: 'case',
    resourceId: caseId,
    patientId: before.patient_id,
    details: { from: before.state, to, ...input.details },
  });
  // Notifications and deadline clocks (issue 7), in this same transaction.
  await publishCaseTransition(trx, ctx, { transition, before, after, eventId: event.id });
  return { before, after, eventId: event.id };
}

async function currentState(trx: Transaction<DB>, caseId: string): Promise<CaseState | null> {
  const row = await trx.selectFrom('cases').select('state').where('id', '=', caseId).executeTakeFirst();
  return row?.state ?? null;
}

/** Guard: the case is assigned to the calling dermatologist. */
export function assignedTo(actor: Actor) {
  return (row: NonNullable<CaseRow>): AppError | null =>
    row.assigned_dermatologist_id === actor.userId
      ? null
      : new AppError('not_assigned', 'This case is assigned to another dermatologist.', { extra: { currentState: row.state } });
}
