// A coordinator hands an open case of their network to a dermatologist of the
// case's service, e.g. when it is overdue. Kept apart from the cases state
// machine (cases/transition.ts), whose transitions belong to the requester or
// the dermatologist: this one is the coordinator's. An unclaimed case becomes
// in_review, assigned to that dermatologist; a claimed one changes hands and
// keeps its state. Case event, audit event and notification in one transaction.
import { isOpenState } from '../../../contracts/clinical/case-state.ts';
import type { CoordinatorReassignResult } from '../../../contracts/notifications/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan, defineActions } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { caseScope } from '../cases/case-scope.ts';
import { isServiceDermatologist } from '../cases/routing.ts';
import { invalidTransition } from '../cases/transition.ts';
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { publishDomainEvent } from '../notifications/publish.ts';

defineActions({
  'case.coordinator_reassign': ['coordinator'],
  'case.overdue_list': ['coordinator'],
});

export async function coordinatorReassign(ctx: Ctx, caseId: string, dermatologistId: string): Promise<CoordinatorReassignResult> {
  const actor = requireActor(ctx);
  assertCan(actor, 'case.coordinator_reassign');
  return ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('cases').selectAll().where('cases.id', '=', caseId).where(caseScope(actor)).forUpdate().executeTakeFirst();
    if (!before) throw notFound('case');
    if (!isOpenState(before.state)) throw invalidTransition(before.state, 'reassign');
    if (!before.service_id || dermatologistId === before.assigned_dermatologist_id || !(await isServiceDermatologist(trx, before.service_id, dermatologistId))) {
      throw new AppError('routing_invalid', 'Choose another dermatologist of the same service.', {
        fields: [{ path: 'dermatologistId', message: 'cases.routing.notInService' }],
      });
    }
    const now = ctx.clock.now();
    const to = before.state === 'submitted' ? 'in_review' : before.state;
    const after = await trx
      .updateTable('cases')
      .set({ assigned_dermatologist_id: dermatologistId, claimed_at: now, state: to, updated_at: now })
      .where('id', '=', caseId)
      .where('state', '=', before.state)
      .returningAll()
      .executeTakeFirst();
    if (!after) throw invalidTransition(before.state, 'reassign');
    const details = { to: dermatologistId, previous: before.assigned_dermatologist_id, by: 'coordinator' };
    await trx
      .insertInto('case_events')
      .values({
        case_id: caseId,
        transition: 'reassign',
        from_state: before.state,
        to_state: to,
        actor_user_id: actor.userId,
        actor_role: actor.role,
        occurred_at: now,
        details: JSON.stringify(details),
      })
      .execute();
    await recordAudit(trx, ctx, {
      action: 'case.coordinator_reassign',
      resourceType: 'case',
      resourceId: caseId,
      patientId: before.patient_id,
      details: { fromState: before.state, toState: to, ...details },
    });
    await publishDomainEvent(trx, ctx, { kind: 'case_reassigned', caseId });
    const overdue = await trx.selectFrom('case_clock_marks').select('case_id').where('case_id', '=', caseId).where('kind', '=', 'overdue').executeTakeFirst();
    return { id: after.id, state: after.state, assignedDermatologistId: dermatologistId, overdue: overdue !== undefined };
  });
}

/** The network's open cases that passed their deadline (marked by the clock), oldest first. */
export async function listOverdueCases(ctx: Ctx) {
  const actor = requireActor(ctx);
  assertCan(actor, 'case.overdue_list');
  const rows = await ctx.db
    .selectFrom('cases')
    .innerJoin('case_clock_marks as m', (j) => j.onRef('m.case_id', '=', 'cases.id').on('m.kind', '=', 'overdue'))
    .select(['cases.id', 'cases.state', 'cases.service_id', 'cases.assigned_dermatologist_id', 'cases.deadline_at', 'm.created_at'])
    .where(caseScope(actor))
    .where('cases.state', 'in', ['submitted', 'in_review', 'awaiting_requester'])
    .orderBy('cases.deadline_at', 'asc')
    .limit(200)
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      state: r.state,
      serviceId: r.service_id,
      assignedDermatologistId: r.assigned_dermatologist_id,
      deadlineAt: r.deadline_at ? r.deadline_at.toISOString() : null,
      overdueSince: r.created_at.toISOString(),
    })),
  };
}
