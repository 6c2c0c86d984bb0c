// Answer deadlines of tele-expertise cases.
//
// Routine: N calendar days later at the same local wall-clock time, whatever DST did
// in between (submitted 10:00 before the clocks change, due 10:00 after).
//
// Urgent: N working days, skipping weekends and the service's public holidays.
// - Submitted on a working day: due on the Nth following working day at the same local
//   time, so the dermatologist gets N full working days whatever the hour of submission
//   (Friday 18:00 with N = 2 is due Tuesday 18:00).
// - Submitted on a weekend or holiday: the first working day after it counts as day 1
//   and the case is due at 23:59:59 local on day N (Saturday with N = 2: Tuesday
//   23:59:59). Carrying over the wall-clock time here would hand out extra hours or take
//   some away depending on when the weekend submission happened, although nobody could
//   start before Monday; end of day N gives exactly N full working days.
// Times that fall in a DST gap move forward by the gap (see fromLocal); clocks only
// change on Sundays in these zones, so this only ever affects routine deadlines.
import gbEngland from './holidays/gb-eng.json' with { type: 'json' };
import france from './holidays/fr.json' with { type: 'json' };
import type { Urgency } from '../../../contracts/clinical/triage.ts';
import { addLocalDays, fromLocal, localDateKey, localDayOfWeek, toLocal, type LocalDateTime } from './zoned-time.ts';

export type DeadlineTimeZone = 'Europe/Paris' | 'Europe/London';
export type HolidayCalendar = 'fr' | 'gb-eng';

export type DeadlinePolicy = {
  routineCalendarDays: number;
  urgentWorkingDays: number;
};

// The defaults of the domain; services may configure their own.
export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = { routineCalendarDays: 7, urgentWorkingDays: 2 };

export type DeadlineInput = {
  submittedAt: Date;
  urgency: Urgency;
  policy: DeadlinePolicy;
  timeZone: DeadlineTimeZone;
  holidays: Set<string>;
};

const CALENDARS: Record<HolidayCalendar, { lastYear: number; holidays: { date: string }[] }> = {
  fr: france,
  'gb-eng': gbEngland,
};

export function loadHolidays(calendar: HolidayCalendar): Set<string> {
  return new Set(CALENDARS[calendar].holidays.map((holiday) => holiday.date));
}

/** Last year the shipped calendar covers: beyond it only weekends are skipped. */
export function holidayCalendarLastYear(calendar: HolidayCalendar): number {
  return CALENDARS[calendar].lastYear;
}

function assertDayCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}

export function isWorkingDay(local: Pick<LocalDateTime, 'year' | 'month' | 'day'>, holidays: Set<string>): boolean {
  const dayOfWeek = localDayOfWeek({ ...local, hour: 0, minute: 0, second: 0, millisecond: 0 });
  return dayOfWeek !== 0 && dayOfWeek !== 6 && !holidays.has(localDateKey(local));
}

export function computeDeadline({ submittedAt, urgency, policy, timeZone, holidays }: DeadlineInput): Date {
  const submitted = toLocal(submittedAt, timeZone);

  if (urgency === 'routine') {
    assertDayCount('routineCalendarDays', policy.routineCalendarDays);
    return fromLocal(addLocalDays(submitted, policy.routineCalendarDays), timeZone);
  }

  assertDayCount('urgentWorkingDays', policy.urgentWorkingDays);
  let day = submitted;
  for (let counted = 0; counted < policy.urgentWorkingDays; ) {
    day = addLocalDays(day, 1);
    if (isWorkingDay(day, holidays)) counted++;
  }
  if (isWorkingDay(submitted, holidays)) return fromLocal(day, timeZone);
  return fromLocal({ ...day, hour: 23, minute: 59, second: 59, millisecond: 0 }, timeZone);
}

export type TimeLeftBand = 'plenty' | 'under_a_day' | 'overdue';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Milliseconds until the deadline (negative once passed) and a band for queue colouring. */
export function timeLeft(deadline: Date, now: Date): { ms: number; band: TimeLeftBand } {
  const ms = deadline.getTime() - now.getTime();
  const band: TimeLeftBand = ms <= 0 ? 'overdue' : ms < DAY_MS ? 'under_a_day' : 'plenty';
  return { ms, band };
}
