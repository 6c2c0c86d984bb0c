import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEADLINE_POLICY,
  computeDeadline,
  holidayCalendarLastYear,
  loadHolidays,
  timeLeft,
  type DeadlineTimeZone,
} from './deadlines.ts';
import type { Urgency } from '../../../contracts/clinical/triage.ts';

const fr = loadHolidays('fr');
const gb = loadHolidays('gb-eng');
const policy = DEFAULT_DEADLINE_POLICY; // routine 7 calendar days, urgent 2 working days

function deadline(submittedAt: string, urgency: Urgency, timeZone: DeadlineTimeZone, holidays = timeZone === 'Europe/Paris' ? fr : gb): string {
  return computeDeadline({ submittedAt: new Date(submittedAt), urgency, policy, timeZone, holidays }).toISOString();
}

describe('routine deadlines: calendar days at the same local time', () => {
  it('keeps the wall-clock time across the spring change (Paris 2026-03-29)', () => {
    // Wed 25 March 10:00 CET -> Wed 1 April 10:00 CEST: one hour less of real time.
    expect(deadline('2026-03-25T09:00:00Z', 'routine', 'Europe/Paris')).toBe('2026-04-01T08:00:00.000Z');
  });

  it('keeps the wall-clock time across the autumn change (Paris 2026-10-25)', () => {
    // Tue 20 October 10:00 CEST -> Tue 27 October 10:00 CET.
    expect(deadline('2026-10-20T08:00:00Z', 'routine', 'Europe/Paris')).toBe('2026-10-27T09:00:00.000Z');
  });

  it('keeps the wall-clock time across the London changes', () => {
    expect(deadline('2026-03-25T10:00:00Z', 'routine', 'Europe/London')).toBe('2026-04-01T09:00:00.000Z');
    expect(deadline('2026-10-20T09:00:00Z', 'routine', 'Europe/London')).toBe('2026-10-27T10:00:00.000Z');
  });

  it('moves a deadline that lands in the spring gap forward by an hour', () => {
    // Sun 22 March 02:30 CET -> 29 March 02:30 does not exist -> 03:30 CEST.
    expect(deadline('2026-03-22T01:30:00Z', 'routine', 'Europe/Paris')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('takes the first of the two 02:30s on the autumn change day', () => {
    // Sun 18 October 02:30 CEST -> 25 October 02:30 CEST (00:30Z), not CET (01:30Z).
    expect(deadline('2026-10-18T00:30:00Z', 'routine', 'Europe/Paris')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('ignores weekends and holidays', () => {
    // Fri 18 December 15:00 -> Fri 25 December (Christmas) 15:00.
    expect(deadline('2026-12-18T14:00:00Z', 'routine', 'Europe/Paris')).toBe('2026-12-25T14:00:00.000Z');
  });

  it('uses the configured number of days', () => {
    const result = computeDeadline({
      submittedAt: new Date('2026-02-10T08:00:00Z'),
      urgency: 'routine',
      policy: { routineCalendarDays: 30, urgentWorkingDays: 2 },
      timeZone: 'Europe/Paris',
      holidays: fr,
    });
    expect(result.toISOString()).toBe('2026-03-12T08:00:00.000Z');
  });
});

describe('urgent deadlines: working days', () => {
  it('adds working days at the same local time on a working day', () => {
    // Mon 2 March 10:00 CET -> Wed 4 March 10:00.
    expect(deadline('2026-03-02T09:00:00Z', 'urgent', 'Europe/Paris')).toBe('2026-03-04T09:00:00.000Z');
  });

  it('skips the weekend for a Friday evening submission', () => {
    // Fri 6 March 18:00 CET -> Mon (1), Tue (2) 18:00.
    expect(deadline('2026-03-06T17:00:00Z', 'urgent', 'Europe/Paris')).toBe('2026-03-10T17:00:00.000Z');
  });

  it('starts counting on Monday for a Saturday submission, due at the end of day 2', () => {
    // Sat 7 March 14:00 -> Mon (1), Tue (2) 23:59:59 CET.
    expect(deadline('2026-03-07T13:00:00Z', 'urgent', 'Europe/Paris')).toBe('2026-03-10T22:59:59.000Z');
  });

  it('decides working day or not in the service zone', () => {
    // 23:30Z on Friday 6 March is already Saturday 00:30 in Paris but still Friday in London.
    expect(deadline('2026-03-06T23:30:00Z', 'urgent', 'Europe/Paris')).toBe('2026-03-10T22:59:59.000Z');
    expect(deadline('2026-03-06T23:30:00Z', 'urgent', 'Europe/London')).toBe('2026-03-10T23:30:00.000Z');
  });

  it('treats a submission on a public holiday like a weekend one (Ascension 2026-05-14)', () => {
    // Thu 14 May (holiday) -> Fri 15 (1), Mon 18 (2) 23:59:59 CEST.
    expect(deadline('2026-05-14T08:00:00Z', 'urgent', 'Europe/Paris')).toBe('2026-05-18T21:59:59.000Z');
  });

  it('skips public holidays (Whit Monday 2026-05-25)', () => {
    // Fri 22 May 10:00 CEST -> Tue 26 (1), Wed 27 (2) 10:00.
    expect(deadline('2026-05-22T08:00:00Z', 'urgent', 'Europe/Paris')).toBe('2026-05-27T08:00:00.000Z');
    // Without the holiday calendar Monday counts.
    expect(deadline('2026-05-22T08:00:00Z', 'urgent', 'Europe/Paris', new Set())).toBe('2026-05-26T08:00:00.000Z');
  });

  it('keeps the wall-clock time across the spring change', () => {
    // Fri 27 March 16:00 CET -> Tue 31 March 16:00 CEST.
    expect(deadline('2026-03-27T15:00:00Z', 'urgent', 'Europe/Paris')).toBe('2026-03-31T14:00:00.000Z');
    // Submitted on the change day itself (a Sunday): end of Tuesday, CEST.
    expect(deadline('2026-03-29T08:00:00Z', 'urgent', 'Europe/Paris')).toBe('2026-03-31T21:59:59.000Z');
  });

  it('keeps the wall-clock time across the autumn change in London', () => {
    // Fri 23 October 09:00 BST -> Tue 27 October 09:00 GMT.
    expect(deadline('2026-10-23T08:00:00Z', 'urgent', 'Europe/London')).toBe('2026-10-27T09:00:00.000Z');
  });

  it('skips an English bank holiday weekend', () => {
    // Fri 28 August 17:30 BST; Mon 31 August is the summer bank holiday -> Tue (1), Wed (2).
    expect(deadline('2026-08-28T16:30:00Z', 'urgent', 'Europe/London')).toBe('2026-09-02T16:30:00.000Z');
  });

  it('skips Christmas and the Boxing Day substitute in England', () => {
    // Thu 24 December 12:00 GMT; Fri 25, weekend, Mon 28 (substitute) -> Tue 29 (1), Wed 30 (2).
    expect(deadline('2026-12-24T12:00:00Z', 'urgent', 'Europe/London')).toBe('2026-12-30T12:00:00.000Z');
  });

  it('uses the configured number of working days', () => {
    const result = computeDeadline({
      submittedAt: new Date('2026-03-06T17:00:00Z'),
      urgency: 'urgent',
      policy: { routineCalendarDays: 7, urgentWorkingDays: 1 },
      timeZone: 'Europe/Paris',
      holidays: fr,
    });
    expect(result.toISOString()).toBe('2026-03-09T17:00:00.000Z');
  });

  it('refuses a policy that is not a positive whole number of days', () => {
    const input = { submittedAt: new Date('2026-03-02T09:00:00Z'), timeZone: 'Europe/Paris' as const, holidays: fr };
    expect(() => computeDeadline({ ...input, urgency: 'urgent', policy: { routineCalendarDays: 7, urgentWorkingDays: 0 } })).toThrow(RangeError);
    expect(() => computeDeadline({ ...input, urgency: 'routine', policy: { routineCalendarDays: 1.5, urgentWorkingDays: 2 } })).toThrow(RangeError);
  });
});

describe('holiday calendars', () => {
  it('loads the French calendar', () => {
    expect(fr.has('2026-05-14')).toBe(true); // Ascension
    expect(fr.has('2026-05-25')).toBe(true); // Whit Monday
    expect(fr.has('2026-04-06')).toBe(true); // Easter Monday
    expect(fr.has('2026-04-03')).toBe(false); // Good Friday: not in France outside Alsace-Moselle
    expect(fr.size).toBe(99);
  });

  it('loads the England and Wales calendar', () => {
    expect(gb.has('2026-04-03')).toBe(true); // Good Friday
    expect(gb.has('2026-08-31')).toBe(true); // summer bank holiday
    expect(gb.has('2026-12-28')).toBe(true); // Boxing Day substitute
    expect(gb.has('2026-12-26')).toBe(false);
    expect(gb.has('2026-05-14')).toBe(false);
    expect(holidayCalendarLastYear('gb-eng')).toBe(2032);
  });
});

describe('timeLeft', () => {
  const due = new Date('2026-03-10T17:00:00Z');

  it('has plenty of time a day or more ahead', () => {
    expect(timeLeft(due, new Date('2026-03-08T17:00:00Z'))).toEqual({ ms: 2 * 86_400_000, band: 'plenty' });
    expect(timeLeft(due, new Date('2026-03-09T17:00:00Z')).band).toBe('plenty');
  });

  it('is under a day in the last 24 hours', () => {
    expect(timeLeft(due, new Date('2026-03-09T17:00:00.001Z'))).toEqual({ ms: 86_399_999, band: 'under_a_day' });
    expect(timeLeft(due, new Date('2026-03-10T16:59:59Z')).band).toBe('under_a_day');
  });

  it('is overdue from the deadline on, with negative time left', () => {
    expect(timeLeft(due, due)).toEqual({ ms: 0, band: 'overdue' });
    expect(timeLeft(due, new Date('2026-03-10T18:00:00Z'))).toEqual({ ms: -3_600_000, band: 'overdue' });
  });
});
