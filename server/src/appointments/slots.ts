// Free slots: the dermatologists' weekly rules (RRULE over local dates, a local
// wall-clock window cut into slots) minus leave and exceptions (local date
// ranges) minus live appointments, minus the past. Wall times become instants
// through the zone's own rules (clinical/zoned-time.ts), so a 09:00 slot stays
// at 09:00 on the clock across daylight-saving changes; a wall time that does
// not exist (the spring-forward gap) is no slot.
import rrulePkg from 'rrule';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Slot, Weekday } from '../../../contracts/appointments/index.ts';
import type { DB } from '../db/schema.ts';
import { addLocalDays, fromLocal, localDateKey, toLocal } from '../clinical/zoned-time.ts';

const { rrulestr } = rrulePkg;
type Db = Kysely<DB> | Transaction<DB>;

export interface RuleShape {
  rrule: string;
  start_time: string;
  end_time: string;
  slot_minutes: number;
  time_zone: string;
  valid_from: string;
  valid_until: string | null;
}

export function ruleFromWeekdays(weekdays: readonly Weekday[], everyWeeks = 1): string {
  const ordered = (['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const).filter((d) => weekdays.includes(d));
  return `FREQ=WEEKLY;${everyWeeks > 1 ? `INTERVAL=${everyWeeks};` : ''}BYDAY=${ordered.join(',')}`;
}

export function weekdaysOf(rrule: string): { weekdays: Weekday[]; everyWeeks: number } {
  const parts = Object.fromEntries(rrule.split(';').map((p) => p.split('=') as [string, string]));
  return {
    weekdays: (parts.BYDAY ?? '').split(',').filter(Boolean) as Weekday[],
    everyWeeks: Number(parts.INTERVAL ?? 1),
  };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const dateUtc = (key: string) => new Date(`${key}T00:00:00Z`);

/** The slots a rule opens whose start falls in [from, to). */
export function expandRule(rule: RuleShape, from: Date, to: Date): Array<{ startsAt: Date; endsAt: Date; localDate: string }> {
  const zone = rule.time_zone;
  // Local calendar dates that can hold a slot in [from, to), a day of margin either side.
  const firstLocal = localDateKey(addLocalDays(toLocal(from, zone), -1));
  const lastLocal = localDateKey(addLocalDays(toLocal(to, zone), 1));
  const first = firstLocal > rule.valid_from ? firstLocal : rule.valid_from;
  const last = rule.valid_until && rule.valid_until < lastLocal ? rule.valid_until : lastLocal;
  if (first > last) return [];
  // Local dates are computed as UTC midnights ("floating" dates): the rule is about calendar days.
  const dates = rrulestr(rule.rrule, { dtstart: dateUtc(rule.valid_from) }).between(dateUtc(first), dateUtc(last), true);
  const start = minutesOf(rule.start_time);
  const end = minutesOf(rule.end_time);
  const out: Array<{ startsAt: Date; endsAt: Date; localDate: string }> = [];
  for (const date of dates) {
    const day = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
    for (let m = start; m + rule.slot_minutes <= end; m += rule.slot_minutes) {
      const local = { ...day, hour: Math.floor(m / 60), minute: m % 60, second: 0, millisecond: 0 };
      const startsAt = fromLocal(local, zone);
      const back = toLocal(startsAt, zone);
      // Skipped by a spring-forward gap: that wall time never shows on the clock.
      if (back.hour !== local.hour || back.minute !== local.minute || back.day !== local.day) continue;
      if (startsAt < from || startsAt >= to) continue;
      out.push({ startsAt, endsAt: new Date(startsAt.getTime() + rule.slot_minutes * 60_000), localDate: localDateKey(day) });
    }
  }
  return out;
}

export interface SlotQuery {
  serviceId: string;
  dermatologistId?: string | null;
  from: Date;
  to: Date;
  now: Date;
  /** Leave this appointment out of the busy times (the one being moved). */
  ignoreAppointmentId?: string;
}

export interface CandidateSlot extends Slot {
  busy: boolean;
}

/** Every published slot in the range (past and leave removed), each marked busy when a live appointment overlaps it. */
export async function candidateSlots(db: Db, q: SlotQuery): Promise<CandidateSlot[]> {
  // A day of margin either side: local dates differ from UTC dates by at most one.
  const fromKey = new Date(q.from.getTime() - 86_400_000).toISOString().slice(0, 10);
  const toKey = new Date(q.to.getTime() + 86_400_000).toISOString().slice(0, 10);
  let rulesQuery = db
    .selectFrom('availability_rules as r')
    .innerJoin('users as u', 'u.id', 'r.dermatologist_user_id')
    .select(['r.rrule', 'r.start_time', 'r.end_time', 'r.slot_minutes', 'r.time_zone', 'r.valid_from', 'r.valid_until', 'r.service_id', 'r.dermatologist_user_id', 'u.display_name'])
    .where('r.service_id', '=', q.serviceId)
    .where('u.status', '=', 'active')
    // Still a dermatologist of the service (a membership removed takes the slots away).
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships as m')
          .select(sql`1`.as('one'))
          .whereRef('m.user_id', '=', 'r.dermatologist_user_id')
          .whereRef('m.organisation_id', '=', 'r.service_id')
          .where('m.role', '=', 'dermatologist'),
      ),
    )
    .where('r.valid_from', '<=', toKey)
    .where((eb) => eb.or([eb('r.valid_until', 'is', null), eb('r.valid_until', '>=', fromKey)]));
  if (q.dermatologistId) rulesQuery = rulesQuery.where('r.dermatologist_user_id', '=', q.dermatologistId);
  const rules = await rulesQuery.execute();
  if (rules.length === 0) return [];
  const dermIds = [...new Set(rules.map((r) => r.dermatologist_user_id))];
  const exceptions = await db
    .selectFrom('availability_exceptions')
    .select(['dermatologist_user_id', 'starts_on', 'ends_on'])
    .where('dermatologist_user_id', 'in', dermIds)
    .where((eb) => eb.or([eb('service_id', 'is', null), eb('service_id', '=', q.serviceId)]))
    .where('ends_on', '>=', fromKey)
    .where('starts_on', '<=', toKey)
    .execute();
  let busyQuery = db
    .selectFrom('appointments')
    .select(['dermatologist_user_id', 'starts_at', 'ends_at'])
    .where('dermatologist_user_id', 'in', dermIds)
    .where('status', '<>', 'cancelled')
    .where('starts_at', '<', new Date(q.to.getTime() + 24 * 3_600_000))
    .where('ends_at', '>', new Date(q.from.getTime() - 24 * 3_600_000));
  if (q.ignoreAppointmentId) busyQuery = busyQuery.where('id', '<>', q.ignoreAppointmentId);
  const busy = await busyQuery.execute();

  const seen = new Set<string>();
  const out: CandidateSlot[] = [];
  for (const rule of rules) {
    for (const slot of expandRule(rule, q.from, q.to)) {
      if (slot.startsAt <= q.now) continue;
      const onLeave = exceptions.some((e) => e.dermatologist_user_id === rule.dermatologist_user_id && e.starts_on <= slot.localDate && slot.localDate <= e.ends_on);
      if (onLeave) continue;
      const key = `${rule.dermatologist_user_id}|${slot.startsAt.getTime()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const taken = busy.some((a) => a.dermatologist_user_id === rule.dermatologist_user_id && a.starts_at < slot.endsAt && slot.startsAt < a.ends_at);
      out.push({
        startsAt: slot.startsAt.toISOString(),
        endsAt: slot.endsAt.toISOString(),
        timeZone: rule.time_zone,
        serviceId: rule.service_id,
        dermatologistId: rule.dermatologist_user_id,
        dermatologistName: rule.display_name,
        busy: taken,
      });
    }
  }
  out.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.dermatologistName.localeCompare(b.dermatologistName));
  return out;
}

/** Free slots, soonest first. */
export async function freeSlots(db: Db, q: SlotQuery, limit = 60): Promise<Slot[]> {
  return (await candidateSlots(db, q))
    .filter((s) => !s.busy)
    .slice(0, limit)
    .map(({ busy: _busy, ...slot }) => slot);
}
