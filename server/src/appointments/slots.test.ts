// Rule expansion: local wall times stay put across daylight-saving changes in
// Paris and London, the spring-forward gap gives no slot, validity dates and
// "every other week" bound the dates.
import { describe, expect, it } from 'vitest';
import { expandRule, ruleFromWeekdays, weekdaysOf, type RuleShape } from './slots.ts';

const rule = (over: Partial<RuleShape> = {}): RuleShape => ({
  rrule: 'FREQ=WEEKLY;BYDAY=MO,TH',
  start_time: '09:00',
  end_time: '10:00',
  slot_minutes: 30,
  time_zone: 'Europe/Paris',
  valid_from: '2026-03-16',
  valid_until: null,
  ...over,
});
const starts = (r: RuleShape, from: string, to: string) => expandRule(r, new Date(from), new Date(to)).map((s) => s.startsAt.toISOString());

describe('weekly rules over local wall time', () => {
  it('keeps 09:00 in Paris across the spring change (29 March 2026): 08:00Z before, 07:00Z after', () => {
    expect(starts(rule(), '2026-03-23T00:00:00Z', '2026-04-03T00:00:00Z')).toEqual([
      '2026-03-23T08:00:00.000Z',
      '2026-03-23T08:30:00.000Z',
      '2026-03-26T08:00:00.000Z',
      '2026-03-26T08:30:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-03-30T07:30:00.000Z',
      '2026-04-02T07:00:00.000Z',
      '2026-04-02T07:30:00.000Z',
    ]);
  });

  it('keeps 09:00 in London across the spring change: 09:00Z before, 08:00Z after', () => {
    const london = rule({ time_zone: 'Europe/London', slot_minutes: 60 });
    expect(starts(london, '2026-03-23T00:00:00Z', '2026-04-03T00:00:00Z')).toEqual([
      '2026-03-23T09:00:00.000Z',
      '2026-03-26T09:00:00.000Z',
      '2026-03-30T08:00:00.000Z',
      '2026-04-02T08:00:00.000Z',
    ]);
  });

  it('keeps 09:00 across the autumn change (25 October 2026) in both zones', () => {
    const paris = rule({ slot_minutes: 60 });
    expect(starts(paris, '2026-10-19T00:00:00Z', '2026-10-30T00:00:00Z')).toEqual([
      '2026-10-19T07:00:00.000Z',
      '2026-10-22T07:00:00.000Z',
      '2026-10-26T08:00:00.000Z',
      '2026-10-29T08:00:00.000Z',
    ]);
    const london = rule({ slot_minutes: 60, time_zone: 'Europe/London' });
    expect(starts(london, '2026-10-19T00:00:00Z', '2026-10-30T00:00:00Z')).toEqual([
      '2026-10-19T08:00:00.000Z',
      '2026-10-22T08:00:00.000Z',
      '2026-10-26T09:00:00.000Z',
      '2026-10-29T09:00:00.000Z',
    ]);
  });

  it('gives no slot at a wall time the spring-forward gap skips, and the first of a repeated hour in autumn', () => {
    const night = rule({ rrule: 'FREQ=WEEKLY;BYDAY=SU', start_time: '01:30', end_time: '03:30', slot_minutes: 60 });
    // 29 March: 02:30 never shows on Paris clocks.
    expect(starts(night, '2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z')).toEqual(['2026-03-29T00:30:00.000Z']);
    // 25 October: 02:30 happens twice; the slot is the first (summer time), and slots do not overlap.
    const autumn = expandRule(night, new Date('2026-10-24T12:00:00Z'), new Date('2026-10-25T12:00:00Z'));
    expect(autumn.map((s) => s.startsAt.toISOString())).toEqual(['2026-10-24T23:30:00.000Z', '2026-10-25T00:30:00.000Z']);
    expect(autumn[0]!.endsAt.getTime()).toBeLessThanOrEqual(autumn[1]!.startsAt.getTime());
  });

  it('honours validity dates, every other week, and stops the window at the end time', () => {
    const r = rule({ rrule: ruleFromWeekdays(['TH', 'MO'], 2), valid_from: '2026-03-16', valid_until: '2026-04-09', start_time: '09:00', end_time: '10:15', slot_minutes: 30 });
    expect(r.rrule).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH');
    expect(weekdaysOf(r.rrule)).toEqual({ weekdays: ['MO', 'TH'], everyWeeks: 2 });
    const days = [...new Set(expandRule(r, new Date('2026-03-01T00:00:00Z'), new Date('2026-05-01T00:00:00Z')).map((s) => s.localDate))];
    expect(days).toEqual(['2026-03-16', '2026-03-19', '2026-03-30', '2026-04-02']);
    // 09:00 and 09:30 fit; 10:00 + 30 min would end after 10:15.
    expect(starts(r, '2026-03-16T00:00:00Z', '2026-03-17T00:00:00Z')).toEqual(['2026-03-16T08:00:00.000Z', '2026-03-16T08:30:00.000Z']);
  });
});
