// The dermatologist's queue: open cases routed to their service(s) or to them,
// in priority order (suspected cancer, urgent, routine, then the nearest
// deadline), with keyset pagination on (priority_rank, deadline_at, id), which
// the partial index cases_queue_idx serves. Rows carry no names: initials, age
// and sex. One audit event per page lists the case ids shown; it is committed
// (batched with other reads' events) before the page is sent.
import { sql } from 'kysely';
import type { QueueQuery, QueueRow } from '../../../contracts/cases/case.ts';
import { OPEN_CASE_STATES } from '../../../contracts/clinical/case-state.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { compiledStatement, statementBuilder, type Args } from '../db/compiled-statement.ts';
import { recordReadAudit } from '../audit/record-read-audit.ts';
import { lookUpNames } from '../directory/name-directory.ts';
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

/** What changes the statement's SQL text: which filters are set (see compiled-statement.ts). */
interface QueueShape {
  state: boolean;
  serviceId: boolean;
  urgency: boolean;
  overdue: boolean | null;
  mine: boolean;
  cursor: boolean;
}

/** The request's values, sent as parameters. */
interface QueueArgs extends Record<string, unknown> {
  userId: string;
  now: Date;
  state: NonNullable<QueueQuery['state']> | null;
  serviceId: string | null;
  priorityRank: number | null;
  cursorRank: number | null;
  cursorDeadline: Date | null;
  cursorId: string | null;
  limitPlusOne: number;
}

const queueStatement = compiledStatement((shape: QueueShape, a: Args<QueueArgs>) => {
  const db = statementBuilder;
  let q = db.selectFrom('cases').where('cases.state', 'in', shape.state ? [a.state!] : [...OPEN_CASE_STATES]);
  if (shape.serviceId) q = q.where('cases.service_id', '=', a.serviceId);
  if (shape.urgency) q = q.where('cases.priority_rank', '=', a.priorityRank);
  if (shape.overdue === true) q = q.where('cases.deadline_at', '<', a.now).where('cases.paused_at', 'is', null);
  if (shape.overdue === false) q = q.where((eb) => eb.or([eb('cases.deadline_at', '>=', a.now), eb('cases.paused_at', 'is not', null)]));
  if (shape.mine) {
    q = q.where((eb) => eb.or([eb('cases.assigned_dermatologist_id', '=', a.userId), eb('cases.target_dermatologist_id', '=', a.userId)]));
  }
  if (shape.cursor) {
    q = q.where(sql<boolean>`(cases.priority_rank, cases.deadline_at, cases.id) > (${a.cursorRank}, ${a.cursorDeadline}, ${a.cursorId}::uuid)`);
  }
  // Each branch returns only the sort key (priority_rank, deadline_at, id), which the
  // queue indexes hold: with the visibility map set these are index-only scans.
  const onePageOfKeys = (branch: typeof q) =>
    branch
      .select(['cases.id', 'cases.priority_rank', 'cases.deadline_at'])
      .orderBy('cases.priority_rank')
      .orderBy('cases.deadline_at')
      .orderBy('cases.id')
      .limit(a.limitPlusOne);
  // Each way a case reaches this dermatologist (one of their services, claimed
  // by them, routed to them by name) is its own index-ordered scan that stops
  // after one page; the union of those few keys is then ordered and cut, and
  // only the winning cases are read. One scan with OR would read and sort every
  // open case of the service. The services are a lateral join over their
  // memberships (no separate query).
  const viaServices = db
    .selectFrom('memberships as m')
    .innerJoinLateral(onePageOfKeys(q.where('cases.service_id', '=', sql.ref<string>('m.organisation_id'))).as('branch'), (join) => join.onTrue())
    .selectAll('branch')
    .where('m.user_id', '=', a.userId)
    .where('m.role', '=', 'dermatologist');
  const routed = viaServices
    .union(db.selectFrom(onePageOfKeys(q.where('cases.assigned_dermatologist_id', '=', a.userId)).as('branch')).selectAll())
    .union(db.selectFrom(onePageOfKeys(q.where('cases.target_dermatologist_id', '=', a.userId)).as('branch')).selectAll());
  const pageKeys = db.selectFrom(routed.as('routed')).selectAll().orderBy('priority_rank').orderBy('deadline_at').orderBy('id').limit(a.limitPlusOne).as('k');

  // The page, one row more than shown (for the cursor).
  return db
    .selectFrom(pageKeys)
    .innerJoin('cases as c', 'c.id', 'k.id')
    .innerJoin('patients', 'patients.id', 'c.patient_id')
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
          'c.requester_id',
          'c.assigned_dermatologist_id',
          'c.target_dermatologist_id',
          // Their names come from the name directory, not five lookups per row.
          'c.requester_org_id',
          'patients.given_name',
          'patients.family_name',
          'patients.birth_date',
          'patients.sex',
        ])
    .orderBy('c.priority_rank')
    .orderBy('c.deadline_at')
    .orderBy('c.id');
});

export async function getQueue(ctx: Ctx, query: QueueQuery): Promise<{ items: QueueRow[]; nextCursor: string | null }> {
  const actor = requireActor(ctx);
  assertCan(actor, 'case.queue');
  const now = ctx.clock.now();
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await queueStatement(
    ctx.db,
    {
      state: Boolean(query.state),
      serviceId: Boolean(query.serviceId),
      urgency: Boolean(query.urgency),
      overdue: query.overdue ?? null,
      mine: Boolean(query.mine),
      cursor: cursor !== null,
    },
    {
      userId: actor.userId,
      now,
      state: query.state ?? null,
      serviceId: query.serviceId ?? null,
      priorityRank: query.urgency ? PRIORITY_RANK[query.urgency] : null,
      cursorRank: cursor?.rank ?? null,
      cursorDeadline: cursor ? new Date(cursor.deadline) : null,
      cursorId: cursor?.id ?? null,
      limitPlusOne: query.limit + 1,
    },
  );
  const page = rows.slice(0, query.limit);
  await recordReadAudit(ctx, [{ action: 'case.queue_read', resourceType: 'case', details: { count: page.length, caseIds: page.map((r) => r.id) } }]);
  const names = await lookUpNames(ctx, {
    users: page.flatMap((r) => [r.requester_id, r.assigned_dermatologist_id, r.target_dermatologist_id]),
    organisations: page.flatMap((r) => [r.service_id, r.requester_org_id]),
  });
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
      requester: { id: r.requester_id, name: names.user(r.requester_id) ?? '', organisationName: names.organisation(r.requester_org_id) ?? '' },
      service: { id: r.service_id!, name: names.organisation(r.service_id) ?? '' },
      assignedDermatologist: r.assigned_dermatologist_id ? { id: r.assigned_dermatologist_id, name: names.user(r.assigned_dermatologist_id) ?? '' } : null,
      targetDermatologist: r.target_dermatologist_id ? { id: r.target_dermatologist_id, name: names.user(r.target_dermatologist_id) ?? '' } : null,
      submittedAt: r.submitted_at!.toISOString(),
      deadline: deadlineView(r, now),
    })),
  };
}
