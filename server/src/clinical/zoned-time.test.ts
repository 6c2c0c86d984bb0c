import { describe, expect, it } from 'vitest';
import { addLocalDays, fromLocal, localDateKey, localDayOfWeek, toLocal, zoneOffsetMs, type LocalDateTime } from './zoned-time.ts';

const local = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0): LocalDateTime => ({
  year,
  month,
  day,
  hour,
  minute,
  second,
  millisecond: 0,
});
const HOUR = 3_600_000;

describe('zoned time', () => {
  it('reads the wall clock on both sides of the Paris spring change', () => {
    expect(toLocal(new Date('2026-03-29T00:59:59Z'), 'Europe/Paris')).toEqual(local(2026, 3, 29, 1, 59, 59));
    expect(toLocal(new Date('2026-03-29T01:00:00Z'), 'Europe/Paris')).toEqual(local(2026, 3, 29, 3, 0, 0));
    expect(toLocal(new Date('2026-06-01T12:00:00.250Z'), 'Europe/London').millisecond).toBe(250);
  });

  it('knows the offsets', () => {
    expect(zoneOffsetMs(Date.parse('2026-01-15T12:00:00Z'), 'Europe/Paris')).toBe(HOUR);
    expect(zoneOffsetMs(Date.parse('2026-07-15T12:00:00Z'), 'Europe/Paris')).toBe(2 * HOUR);
    expect(zoneOffsetMs(Date.parse('2026-01-15T12:00:00Z'), 'Europe/London')).toBe(0);
    expect(zoneOffsetMs(Date.parse('2026-07-15T12:00:00Z'), 'Europe/London')).toBe(HOUR);
  });

  it('converts ordinary wall-clock times back to instants', () => {
    expect(fromLocal(local(2026, 1, 15, 9, 30), 'Europe/Paris').toISOString()).toBe('2026-01-15T08:30:00.000Z');
    expect(fromLocal(local(2026, 7, 15, 9, 30), 'Europe/Paris').toISOString()).toBe('2026-07-15T07:30:00.000Z');
    expect(fromLocal(local(2026, 7, 15, 9, 30), 'Europe/London').toISOString()).toBe('2026-07-15T08:30:00.000Z');
  });

  it('moves a time skipped by spring-forward on by the gap', () => {
    // Paris: 02:00 -> 03:00 on 2026-03-29, so 02:30 does not exist and becomes 03:30 CEST.
    expect(fromLocal(local(2026, 3, 29, 2, 30), 'Europe/Paris').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // London: 01:00 -> 02:00, so 01:30 becomes 02:30 BST.
    expect(fromLocal(local(2026, 3, 29, 1, 30), 'Europe/London').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('takes the first occurrence of a time repeated by fall-back', () => {
    // Paris: 03:00 CEST -> 02:00 CET on 2026-10-25; 02:30 happens at 00:30Z and 01:30Z.
    expect(fromLocal(local(2026, 10, 25, 2, 30), 'Europe/Paris').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // London: 02:00 BST -> 01:00 GMT; 01:30 happens at 00:30Z and 01:30Z.
    expect(fromLocal(local(2026, 10, 25, 1, 30), 'Europe/London').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('round-trips instants through the wall clock, densely around the 2026 changes', () => {
    const instants: number[] = [];
    for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 7 * HOUR) instants.push(t);
    for (const changeDay of ['2026-03-28T12:00:00Z', '2026-10-24T12:00:00Z']) {
      const start = Date.parse(changeDay);
      for (let t = start; t < start + 24 * HOUR; t += 15 * 60_000) instants.push(t);
    }
    for (const zone of ['Europe/Paris', 'Europe/London']) {
      for (const t of instants) {
        const wall = toLocal(new Date(t), zone);
        const back = fromLocal(wall, zone).getTime();
        // Only the second pass through a repeated hour maps back to its first occurrence.
        expect(back === t || back === t - HOUR, `${zone} ${new Date(t).toISOString()}`).toBe(true);
        expect(toLocal(new Date(back), zone)).toEqual(wall);
      }
    }
  });

  it('does calendar-day arithmetic across months, years and leap days', () => {
    expect(addLocalDays(local(2026, 12, 28, 10), 7)).toEqual(local(2027, 1, 4, 10));
    expect(addLocalDays(local(2028, 2, 27, 10), 2)).toEqual(local(2028, 2, 29, 10));
    expect(localDayOfWeek(local(2026, 3, 29))).toBe(0);
    expect(localDateKey(local(2026, 5, 4))).toBe('2026-05-04');
  });
});
