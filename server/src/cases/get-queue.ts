// The dermatologist's queue: open cases routed to their service(s) or to them,
// in priority order (suspected cancer, urgent, routine, then the nearest
// deadline), with keyset pagination on (priority_rank, deadline_at, id), which
// the partial index cases_queue_idx serves. Rows carry no names: initials, age
// and sex. One audit event per page lists the case ids shown, written by the
// same statement that reads the page.
import { sql } from 'kysely';
import type { QueueQuery, QueueRow } from '../../../contracts/cases/case.ts';
import { OPEN_CASE_STATES } from '../../../contracts/clinical/case-state.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { AUDIT_COLUMNS, auditSelection } from './audit-in-statement.ts';
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
  const db = ctx.db;

  let q = db.selectFrom('cases').where('cases.state', 'in', query.state ? [query.state] : [...OPEN_CASE_STATES]);
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
  const onePage = (branch: typeof q) =>
    branch
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
      .limit(query.limit + 1);
  // Each way a case reaches this dermatologist (one of their services, claimed
  // by them, routed to them by name) is its own index-ordered scan that stops
  // after one page; the union of those few rows is then ordered and cut. One
  // scan with OR would read and sort every open case of the service. The
  // services are a lateral join over their memberships (no separate query).
  const viaServices = db
    .selectFrom('memberships as m')
    .innerJoinLateral(onePage(q.where('cases.service_id', '=', sql.ref<string>('m.organisation_id'))).as('branch'), (join) => join.onTrue())
    .selectAll('branch')
    .where('m.user_id', '=', actor.userId)
    .where('m.role', '=', 'dermatologist');
  const routed = viaServices
    .union(db.selectFrom(onePage(q.where('cases.assigned_dermatologist_id', '=', actor.userId)).as('branch')).selectAll())
    .union(db.selectFrom(onePage(q.where('cases.target_dermatologist_id', '=', actor.userId)).as('branch')).selectAll());
  const pageOfCases = db.selectFrom(routed.as('routed')).selectAll().orderBy('priority_rank').orderBy('deadline_at').orderBy('id').limit(query.limit + 1).as('c');

  // One statement: the page (one row more than shown, for the cursor) and the
  // audit event listing the case ids shown, which commit together.
  const rows = await db
    .with('page', (qc) =>
      qc
        .selectFrom(pageOfCases)
        .innerJoin('patients', 'patients.id', 'c.patient_id')
        .selectAll('c')
        // Names by key lookups rather than joins: the same rows, and a far
        // smaller join search for the planner (planning is most of this
        // statement's cost, as the page itself is a few index scans).
        .select((eb) => [
          eb.selectFrom('organisations').select('name').whereRef('organisations.id', '=', 'c.service_id').$asScalar().$notNull().as('service_name'),
          eb.selectFrom('users').select('display_name').whereRef('users.id', '=', 'c.requester_id').$asScalar().$notNull().as('requester_name'),
          eb.selectFrom('organisations').select('name').whereRef('organisations.id', '=', 'c.requester_org_id').$asScalar().$notNull().as('requester_org_name'),
          eb.selectFrom('users').select('display_name').whereRef('users.id', '=', 'c.assigned_dermatologist_id').as('assigned_name'),
          eb.selectFrom('users').select('display_name').whereRef('users.id', '=', 'c.target_dermatologist_id').as('target_name'),
          'patients.given_name',
          'patients.family_name',
          'patients.birth_date',
          'patients.sex',
        ]),
    )
    .with('audit', (qc) =>
      qc
        .insertInto('audit_events')
        .columns(AUDIT_COLUMNS)
        .expression(
          qc
            .selectFrom(qc.selectFrom('page').select(['page.id', 'page.priority_rank', 'page.deadline_at']).orderBy('priority_rank').orderBy('deadline_at').orderBy('id').limit(query.limit).as('shown'))
            .select(
              auditSelection(ctx, {
                action: 'case.queue_read',
                resourceType: 'case',
                details: sql`jsonb_build_object('count', count(*), 'caseIds', coalesce(jsonb_agg(shown.id order by shown.priority_rank, shown.deadline_at, shown.id), '[]'::jsonb))`,
              }),
            ),
        ),
    )
    .selectFrom('page')
    .selectAll()
    .orderBy('priority_rank')
    .orderBy('deadline_at')
    .orderBy('id')
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last ? encodeCursor({ rank: last.priority_rank!, deadline: last.deadline_at!.toISOString(), id: last.id }) : null;
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
}
