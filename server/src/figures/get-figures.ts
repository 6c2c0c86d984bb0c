// The coordinator's figures for their network (or one dermatology service of
// it) over a period. The cohort is the cases SUBMITTED within the period
// (drafts never count): received, answered, withdrawn; time to answer (median
// and 90th percentile of answered_at - submitted_at minus the time the clock was
// paused waiting for the requester); answered within the deadline (deadline_at
// already moves with pauses) and within 48 hours; the outcome mix; photos
// refused, retaken (a photo beyond the first of the same tag on a case, tag
// 'other' excluded) and near duplicates (flagged by the photo pipeline); active
// requesters (who submitted) and dermatologists (who signed an answer).
// "Overdue now" is the current number of open cases past their deadline with
// the clock running, whatever their submission date.
// Days are the network's calendar days (networks.time_zone): a case sent at
// 00:30 in Paris on the 1st counts on the 1st, not on the last day of the
// previous month as it would in UTC.
//
// Three statements, each over the indexes of migrations/0007 (index-only scans
// of the cohort; the open-cases partial index for overdue).
import { sql } from 'kysely';
import type { Figures, FiguresQuery } from '../../../contracts/figures/index.ts';
import { TRIAGE_OUTCOMES } from '../../../contracts/clinical/triage.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { addLocalDays, fromLocal, localDateKey, toLocal, type LocalDateTime } from '../clinical/zoned-time.ts';
import './actions.ts';

const NONE = '00000000-0000-0000-0000-000000000000';

const localDay = (key: string): LocalDateTime => {
  const [year, month, day] = key.split('-').map(Number) as [number, number, number];
  return { year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 };
};

/** The period's days (YYYY-MM-DD, in the network's zone) and the instants they span: [start, end). */
export function periodOf(query: FiguresQuery, now: Date, timeZone: string): { from: string; to: string; start: Date; end: Date } {
  const to = query.to ?? localDateKey(toLocal(now, timeZone));
  const from = query.from ?? localDateKey(addLocalDays(localDay(to), -29));
  return { from, to, start: fromLocal(localDay(from), timeZone), end: fromLocal(addLocalDays(localDay(to), 1), timeZone) };
}

const n = (v: unknown) => Number(v ?? 0);
const hours = (seconds: unknown) => (seconds === null || seconds === undefined ? null : Math.round((Number(seconds) / 3600) * 10) / 10);

export async function getFigures(ctx: Ctx, query: FiguresQuery): Promise<Figures> {
  const actor = requireActor(ctx);
  assertCan(actor, 'figures.read');
  const networkId = actor.networkId ?? NONE;
  const now = ctx.clock.now();
  const serviceId = query.serviceId ?? null;

  return ctx.db.transaction().execute(async (trx) => {
    const network = await trx.selectFrom('networks').select('time_zone').where('id', '=', networkId).executeTakeFirst();
    const { from, to, start, end } = periodOf(query, now, network?.time_zone ?? 'UTC');
    if (from > to) throw new AppError('validation_failed', 'The period ends before it starts.', { fields: [{ path: 'from', message: 'after_to' }] });
    const services = await trx
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('network_id', '=', networkId)
      .where('kind', '=', 'dermatology_service')
      .orderBy('name')
      .execute();
    if (serviceId && !services.some((s) => s.id === serviceId)) throw notFound('service');

    // The cohort, through the network index or the service index.
    const where = (alias: string) =>
      serviceId
        ? sql`${sql.ref(`${alias}.service_id`)} = ${serviceId} and ${sql.ref(`${alias}.submitted_at`)} >= ${start} and ${sql.ref(`${alias}.submitted_at`)} < ${end} and ${sql.ref(`${alias}.network_id`)} = ${networkId}`
        : sql`${sql.ref(`${alias}.network_id`)} = ${networkId} and ${sql.ref(`${alias}.submitted_at`)} >= ${start} and ${sql.ref(`${alias}.submitted_at`)} < ${end}`;
    const cohort = sql`select id, state, submitted_at, answered_at, deadline_at, paused_ms, requester_id from cases as cc where ${where('cc')}`;

    const main = await sql<Record<string, unknown>>`
      with c as (${cohort}),
      a as (
        select extract(epoch from (c.answered_at - c.submitted_at)) - c.paused_ms / 1000.0 as seconds,
               c.answered_at <= c.deadline_at as in_deadline
        from c where c.answered_at is not null
      )
      select
        (select count(*) from c) as received,
        (select count(*) from c where state = 'withdrawn') as withdrawn,
        (select count(distinct requester_id) from c) as requesters,
        count(*) as answered,
        percentile_cont(0.5) within group (order by seconds) as median_s,
        percentile_cont(0.9) within group (order by seconds) as p90_s,
        count(*) filter (where in_deadline) as within_deadline,
        count(*) filter (where seconds <= 48 * 3600) as within_48h
      from a`.execute(trx);

    const detail = await sql<{ kind: string; key: string | null; count: string | number }>`
      with c as (${cohort})
      select 'outcome' as kind, ans.outcome as key, count(*) as count
        from c join case_answers ans on ans.case_id = c.id group by ans.outcome
      union all
      select 'dermatologists', null, count(distinct ans.signed_by)
        from c join case_answers ans on ans.case_id = c.id
      union all
      select 'photos_' || k.stat, null, sum(k.value) from (
        select unnest(array['total', 'refused', 'duplicate', 'retaken']) as stat,
               unnest(array[g.n, g.refused, g.duplicates, case when g.tag = 'other' then 0 else g.n - 1 end]) as value
        from (
          select ph.case_id, ph.tag, count(*) as n,
                 count(*) filter (where ph.status = 'refused') as refused,
                 count(*) filter (where ph.duplicate_of is not null) as duplicates
          -- Joined to cases directly (not the CTE): a hash join and a hash aggregate.
          from photos ph join cases pc on pc.id = ph.case_id where ${where('pc')} group by ph.case_id, ph.tag
        ) g
      ) k group by k.stat`.execute(trx);

    const overdue = await trx
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('network_id', '=', networkId)
      .where('state', 'in', ['submitted', 'in_review', 'awaiting_requester'])
      .where('deadline_at', '<', now)
      .where('paused_at', 'is', null)
      .$if(serviceId !== null, (qb) => qb.where('service_id', '=', serviceId!))
      .executeTakeFirstOrThrow();

    await recordAudit(trx, ctx, { action: 'figures.read', resourceType: 'network', resourceId: networkId, details: { from, to, serviceId } });

    const m = main.rows[0] ?? {};
    const d = (kind: string, key: string | null = null) => n(detail.rows.find((r) => r.kind === kind && r.key === key)?.count);
    const answered = n(m.answered);
    const withinDeadline = n(m.within_deadline);
    const within48h = n(m.within_48h);
    const outcomes = TRIAGE_OUTCOMES.map((outcome) => ({ outcome, count: d('outcome', outcome) }));
    return {
      from,
      to,
      serviceId,
      services,
      received: n(m.received),
      answered,
      withdrawn: n(m.withdrawn),
      medianHoursToAnswer: hours(m.median_s),
      p90HoursToAnswer: hours(m.p90_s),
      answeredWithinDeadline: withinDeadline,
      answeredWithin48h: within48h,
      shareWithinDeadline: answered ? withinDeadline / answered : null,
      shareWithin48h: answered ? within48h / answered : null,
      overdueNow: n(overdue.count),
      outcomes,
      managedWithoutVisit: d('outcome', 'advice_only'),
      photos: {
        total: d('photos_total'),
        refused: d('photos_refused'),
        retaken: d('photos_retaken'),
        duplicates: d('photos_duplicate'),
      },
      activeRequesters: n(m.requesters),
      activeDermatologists: d('dermatologists'),
    };
  });
}

/** The figures as CSV (metric,value): counts and durations only, no patient data. */
export function figuresCsv(f: Figures): string {
  const rows: Array<[string, string | number | null]> = [
    ['from', f.from],
    ['to', f.to],
    ['service_id', f.serviceId ?? 'all'],
    ['received', f.received],
    ['answered', f.answered],
    ['withdrawn', f.withdrawn],
    ['median_hours_to_answer', f.medianHoursToAnswer],
    ['p90_hours_to_answer', f.p90HoursToAnswer],
    ['answered_within_deadline', f.answeredWithinDeadline],
    ['share_within_deadline', f.shareWithinDeadline === null ? null : f.shareWithinDeadline.toFixed(4)],
    ['answered_within_48h', f.answeredWithin48h],
    ['share_within_48h', f.shareWithin48h === null ? null : f.shareWithin48h.toFixed(4)],
    ['overdue_now', f.overdueNow],
    ...f.outcomes.map((o): [string, number] => [`outcome_${o.outcome}`, o.count]),
    ['managed_without_visit', f.managedWithoutVisit],
    ['photos_total', f.photos.total],
    ['photos_refused', f.photos.refused],
    ['photos_retaken', f.photos.retaken],
    ['photos_duplicates', f.photos.duplicates],
    ['active_requesters', f.activeRequesters],
    ['active_dermatologists', f.activeDermatologists],
  ];
  return ['metric,value', ...rows.map(([k, v]) => `${k},${v ?? ''}`)].join('\r\n') + '\r\n';
}
