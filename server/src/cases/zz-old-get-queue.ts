// The dermatologist's queue: open cases routed to their service(s) or to them,
// in priority order (suspected cancer, urgent, routine, then the nearest
// deadline), with keyset pagination on (priority_rank, deadline_at, id), which
// the partial index cases_queue_idx serves. Rows carry no names: initials, age
// and sex. One audit event per page lists the case ids shown.
import { sql } from 'kysely';
import type { QueueQuery, QueueRow } from '../../../contracts/cases/case.ts';
import { OPEN_CASE_STATES } from '../../../contracts/clinical/case-state.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { PRIORITY_RANK, ageOn, deadlineView, initials, priorityFromRank } from './case-view.ts';

interface Cursor {
  rank: number;
  deadline: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.rank, c.deadline, c.id])).toString('base64url');
}

function decodeCursor(raw: string): Cursor {
  try {
    const [rank, deadline, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [number, string, string];
    if (!Number.isInteger(rank) || Number.isNaN(Date.parse(deadline)) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad cursor');
    return { rank, deadline, id };
  } catch {
    throw new AppError('validation_failed', 'The page cursor is not valid.', { fields: [{ path: 'querystring.cursor', message: 'invalid' }] });
  }
}

export async function getQueue(ctx: Ctx, query: QueueQuery): Promise<{ items: QueueRow[]; nextCursor: string | null }> {
  const actor = requireActor(ctx);
  assertCan(actor, 'case.queue');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const services = (
      await trx.selectFrom('memberships').select('organisation_id').where('user_id', '=', actor.userId).where('role', '=', 'dermatologist').execute()
    ).map((m) => m.organisation_id);

    let q = trx.selectFrom('cases').where('cases.state', 'in', query.state ? [query.state] : [...OPEN_CASE_STATES]);
    if (query.serviceId) q = q.where('cases.service_id', '=', query.serviceId);
    if (query.urgency) q = q.where('cases.priority_rank', '=', PRIORITY_RANK[query.urgency]);
    if (query.overdue === true) q = q.where('cases.deadline_at', '<', now).where('cases.paused_at', 'is', null);
    if (query.overdue === false) q = q.where((eb) => eb.or([eb('cases.deadline_at', '>=', now), eb('cases.paused_at', 'is not', null)]));
    if (query.mine) {
      q = q.where((eb) => eb.or([eb('cases.assigned_dermatologist_id', '=', actor.userId), eb('cases.target_dermatologist_id', '=', actor.userId)]));
    }
    if (query.cursor) {
      const c = decodeCursor(query.cursor);
      q = q.where(sql<boolean>`(cases.priority_rank, cases.deadline_at, cases.id) > (${c.rank}, ${new Date(c.deadline)}, ${c.id}::uuid)`);
    }
    // Each way a case reaches this dermatologist (one of their services, claimed
    // by them, routed to them by name) is its own index-ordered scan that stops
    // after one page; the union of those few rows is then ordered and cut. One
    // scan with OR would read and sort every open case of the service.
    const routes: Array<(branch: typeof q) => typeof q> = [
      ...services.map((serviceId) => (branch: typeof q) => branch.where('cases.service_id', '=', serviceId)),
      (branch) => branch.where('cases.assigned_dermatologist_id', '=', actor.userId),
      (branch) => branch.where('cases.target_dermatologist_id', '=', actor.userId),
    ];
    const onePage = (route: (branch: typeof q) => typeof q) =>
      trx
        .selectFrom(
          route(q)
            .select([
        'cases.id',
        'cases.state',
        'cases.priority_rank',
        'cases.urgency',
        'cases.suspected_cancer',
        'cases.seven_point_score',
        'cases.body_site',
        'cases.reason',
        'cases.submitted_at',
        'cases.deadline_at',
        'cases.paused_at',
        'cases.service_id',
        'cases.requester_id',
        'cases.requester_org_id',
        'cases.patient_id',
        'cases.assigned_dermatologist_id',
        'cases.target_dermatologist_id',
      ])
            .orderBy('cases.priority_rank')
            .orderBy('cases.deadline_at')
            .orderBy('cases.id')
            .limit(query.limit + 1)
            .as('branch'),
        )
        .selectAll();
    let union = onePage(routes[0]!);
    for (const route of routes.slice(1)) union = union.union(onePage(route));
    const pageOfCases = trx
      .selectFrom(union.as('routed'))
      .selectAll()
      .orderBy('priority_rank')
      .orderBy('deadline_at')
      .orderBy('id')
      .limit(query.limit + 1)
      .as('c');
    const rows = await trx
      .selectFrom(pageOfCases)
      .innerJoin('patients', 'patients.id', 'c.patient_id')
      .innerJoin('users as requester', 'requester.id', 'c.requester_id')
      .innerJoin('organisations as requester_org', 'requester_org.id', 'c.requester_org_id')
      .innerJoin('organisations as service', 'service.id', 'c.service_id')
      .leftJoin('users as assigned', 'assigned.id', 'c.assigned_dermatologist_id')
      .leftJoin('users as target', 'target.id', 'c.target_dermatologist_id')
      .select([
        'c.id',
        'c.state',
        'c.priority_rank',
        'c.urgency',
        'c.suspected_cancer',
        'c.seven_point_score',
        'c.body_site',
        'c.reason',
        'c.submitted_at',
        'c.deadline_at',
        'c.paused_at',
        'c.service_id',
        'service.name as service_name',
        'c.requester_id',
        'requester.display_name as requester_name',
        'requester_org.name as requester_org_name',
        'c.assigned_dermatologist_id',
        'assigned.display_name as assigned_name',
        'c.target_dermatologist_id',
        'target.display_name as target_name',
        'patients.given_name',
        'patients.family_name',
        'patients.birth_date',
        'patients.sex',
      ])
      .orderBy('c.priority_rank')
      .orderBy('c.deadline_at')
      .orderBy('c.id')
      .execute();
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > query.limit && last ? encodeCursor({ rank: last.priority_rank!, deadline: last.deadline_at!.toISOString(), id: last.id }) : null;
    await recordAudit(trx, ctx, { action: 'case.queue_read', resourceType: 'case', details: { count: page.length, caseIds: page.map((r) => r.id) } });
    return {
      nextCursor,
      items: page.map((r) => ({
        id: r.id,
        state: r.state,
        priority: priorityFromRank(r.priority_rank)!,
        urgency: r.urgency!,
        suspectedCancer: r.suspected_cancer,
        sevenPointScore: r.seven_point_score,
        patient: { initials: initials(r.given_name, r.family_name), age: ageOn(r.birth_date, now), sex: r.sex },
        bodySite: (r.body_site as QueueRow['bodySite']) ?? null,
        reason: (r.reason as QueueRow['reason']) ?? null,
        requester: { id: r.requester_id, name: r.requester_name, organisationName: r.requester_org_name },
        service: { id: r.service_id!, name: r.service_name },
        assignedDermatologist: r.assigned_dermatologist_id ? { id: r.assigned_dermatologist_id, name: r.assigned_name ?? '' } : null,
        targetDermatologist: r.target_dermatologist_id ? { id: r.target_dermatologist_id, name: r.target_name ?? '' } : null,
        submittedAt: r.submitted_at!.toISOString(),
        deadline: deadlineView(r, now),
      })),
    };
  });
}
