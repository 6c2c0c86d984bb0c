// The deadline of a case at submission, from its service's policy and the
// network's time zone and holiday calendar (server/src/clinical/deadlines.ts).
import type { Kysely, Transaction } from 'kysely';
import type { Urgency } from '../../../contracts/clinical/triage.ts';
import { computeDeadline, loadHolidays, type HolidayCalendar } from '../clinical/deadlines.ts';
import type { DB } from '../db/schema.ts';
import { deadlineTimeZone, serviceSettings, type ServiceSettings } from './service-settings.ts';

const holidayCache = new Map<HolidayCalendar, Set<string>>();
function holidaysOf(calendar: HolidayCalendar): Set<string> {
  let set = holidayCache.get(calendar);
  if (!set) {
    set = loadHolidays(calendar);
    holidayCache.set(calendar, set);
  }
  return set;
}

export async function settingsOfService(db: Kysely<DB> | Transaction<DB>, serviceId: string): Promise<ServiceSettings & { timeZone: string }> {
  const row = await db
    .selectFrom('organisations')
    .innerJoin('networks', 'networks.id', 'organisations.network_id')
    .select(['organisations.settings', 'networks.country', 'networks.time_zone'])
    .where('organisations.id', '=', serviceId)
    .executeTakeFirstOrThrow();
  return { ...serviceSettings(row.settings, row.country), timeZone: row.time_zone };
}

export function deadlineAt(settings: ServiceSettings & { timeZone: string }, submittedAt: Date, urgency: Urgency): Date {
  return computeDeadline({
    submittedAt,
    urgency,
    policy: settings.policy,
    timeZone: deadlineTimeZone(settings.timeZone),
    holidays: holidaysOf(settings.holidayCalendar),
  });
}
