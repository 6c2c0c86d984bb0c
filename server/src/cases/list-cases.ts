// The requester's cases (their organisation's), filtered by view, newest
// activity first; coordinators see their network's. Audited as one list read
// plus the patients it shows.
import { sql, type ExpressionBuilder } from 'kysely';
import type { CaseListQuery, CaseSummary } from '../../../contracts/cases/case.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import type { DB } from '../db/schema.ts';
import { caseScope } from './case-scope.ts';
import { ageOn, deadlineView, iso, priorityFromRank } from './case-view.ts';

type EB = ExpressionBuilder<DB, 'cases'>;

export function viewFilter(view: CaseListQuery['view']) {
  return (eb: EB) => {
    switch (view) {
      case 'drafts':
        return eb('cases.state', '=', 'draft');
      case 'waiting':
        return eb('cases.state', 'in', ['submitted', 'in_review']);
      case 'awaiting_me':
        return eb('cases.state', '=', 'awaiting_requester');
      case 'answered_unread':
        return eb.and([eb('cases.state', '=', 'answered'), eb('cases.read_by_requester_at', 'is', null)]);
      case 'answered':
        return eb('cases.state', '=', 'answered');
      case 'closed':
        return eb('cases.state', 'in', ['acknowledged', 'withdrawn']);
      default:
        return sql<boolean>`true`;
    }
  };
}

export async function listCases(ctx: Ctx, query: CaseListQuery): Promise<{ items: CaseSummary[]; total: number }> {
  const actor = requireActor(ctx);
  assertCan(actor, 'case.list');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    let base = trx.selectFrom('cases').where(caseScope(actor)).where(viewFilter(query.view));
    if (query.patientId) base = base.where('cases.patient_id', '=', query.patientId);
    const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const rows = await base
      .innerJoin('patients', 'patients.id', 'cases.patient_id')
      .innerJoin('users as requester', 'requester.id', 'cases.requester_id')
      .leftJoin('organisations as service', 'service.id', 'cases.service_id')
      .leftJoin('case_answers', 'case_answers.case_id', 'cases.id')
      .select([
        'cases.id',
        'cases.state',
        'cases.reason',
        'cases.body_site',
        'cases.urgency',
        'cases.priority_rank',
        'cases.suspected_cancer',
        'cases.seven_point_score',
        'cases.service_id',
        'service.name as service_name',
        'cases.requester_id',
        'requester.display_name as requester_name',
        'cases.created_at',
        'cases.updated_at',
        'cases.submitted_at',
        'cases.deadline_at',
        'cases.paused_at',
        'cases.answered_at',
        'cases.read_by_requester_at',
        'case_answers.outcome',
        'patients.id as patient_id',
        'patients.family_name',
        'patients.given_name',
        'patients.birth_date',
        'patients.sex',
      ])
      .orderBy('cases.updated_at', 'desc')
      .orderBy('cases.id')
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    await recordAudit(trx, ctx, { action: 'case.list', resourceType: 'case', details: { view: query.view, count: rows.length } });
    for (const patientId of new Set(rows.map((r) => r.patient_id))) {
      await recordAudit(trx, ctx, { action: 'case.list_patient', resourceType: 'patient', resourceId: patientId, patientId });
    }
    return {
      total: Number(total),
      items: rows.map((r) => ({
        id: r.id,
        state: r.state,
        patient: { id: r.patient_id, familyName: r.family_name, givenName: r.given_name, age: ageOn(r.birth_date, now), sex: r.sex },
        reason: (r.reason as CaseSummary['reason']) ?? null,
        bodySite: (r.body_site as CaseSummary['bodySite']) ?? null,
        urgency: r.urgency,
        priority: priorityFromRank(r.priority_rank),
        suspectedCancer: r.suspected_cancer,
        sevenPointScore: r.seven_point_score,
        service: r.service_id ? { id: r.service_id, name: r.service_name ?? '' } : null,
        requester: { id: r.requester_id, name: r.requester_name },
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
        submittedAt: iso(r.submitted_at),
        deadline: deadlineView(r, now),
        answeredAt: iso(r.answered_at),
        unread: r.state === 'answered' && r.read_by_requester_at === null,
        outcome: r.outcome ?? null,
      })),
    };
  });
}
