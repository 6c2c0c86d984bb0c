// Wall-clock arithmetic in an IANA time zone with nothing but Intl: enough for
// deadlines, without a date library. Offsets are read back from Intl, so DST rules
// come from the runtime's time zone database.

export type LocalDateTime = {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('Invalid date');
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
    millisecond: ((time % 1000) + 1000) % 1000,
  };
}

// The local wall clock read as if it were UTC: handy for day arithmetic and offsets.
function wallClockAsUtc(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond);
}

/** Offset of the zone from UTC at an instant, in milliseconds (Paris in summer: +2 h). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  return wallClockAsUtc(toLocal(new Date(instant), timeZone)) - instant;
}

/**
 * The instant at which the zone's clocks show `local`. Like Temporal's 'compatible'
 * disambiguation: a time skipped by a spring-forward gap moves forward by the gap
 * (02:30 becomes 03:30), a time repeated by a fall-back overlap takes the first occurrence.
 */
export function fromLocal(local: LocalDateTime, timeZone: string): Date {
  const wall = wallClockAsUtc(local);
  // Zones change offset at most once in a day, so the offsets 12 h either side
  // are the only candidates.
  const offsetBefore = zoneOffsetMs(wall - 12 * 3_600_000, timeZone);
  const offsetAfter = zoneOffsetMs(wall + 12 * 3_600_000, timeZone);
  const matches = [offsetBefore, offsetAfter]
    .map((offset) => wall - offset)
    .filter((instant) => wallClockAsUtc(toLocal(new Date(instant), timeZone)) === wall);
  if (matches.length > 0) return new Date(Math.min(...matches));
  return new Date(wall - offsetBefore);
}

export function addLocalDays(local: LocalDateTime, days: number): LocalDateTime {
  const shifted = new Date(Date.UTC(local.year, local.month - 1, local.day + days));
  return { ...local, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** 0 = Sunday ... 6 = Saturday, of the local calendar date. */
export function localDayOfWeek(local: LocalDateTime): number {
  return new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay();
}

/** YYYY-MM-DD of the local calendar date. */
export function localDateKey(local: Pick<LocalDateTime, 'year' | 'month' | 'day'>): string {
  return `${String(local.year).padStart(4, '0')}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
}
