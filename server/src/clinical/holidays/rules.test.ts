import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCalendars } from './generate.ts';
import { easterSunday, englandAndWalesBankHolidays, frenchHolidays } from './rules.ts';

describe('Easter computus', () => {
  it('matches published Easter Sundays', () => {
    const known: Record<number, string> = {
      1818: '1818-03-22', // earliest possible
      2000: '2000-04-23',
      2019: '2019-04-21',
      2024: '2024-03-31',
      2025: '2025-04-20',
      2026: '2026-04-05',
      2027: '2027-03-28',
      2028: '2028-04-16',
      2029: '2029-04-01',
      2030: '2030-04-21',
      2031: '2031-04-13',
      2032: '2032-03-28',
      2038: '2038-04-25', // latest possible
    };
    for (const [year, date] of Object.entries(known)) {
      expect(easterSunday(Number(year)).toISOString().slice(0, 10)).toBe(date);
    }
  });
});

describe('French public holidays', () => {
  it('lists the eleven holidays of 2026', () => {
    expect(frenchHolidays(2026).map((h) => h.date)).toEqual([
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-25',
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
  });
});

describe('England and Wales bank holidays', () => {
  it('lists the eight bank holidays of 2026, Boxing Day moved to Monday', () => {
    expect(englandAndWalesBankHolidays(2026).map((h) => h.date)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
  });

  it('moves Christmas on a Saturday to Monday and Boxing Day to Tuesday (2027)', () => {
    const december = englandAndWalesBankHolidays(2027).filter((h) => h.date.startsWith('2027-12'));
    expect(december).toEqual([
      { date: '2027-12-27', name: 'Christmas Day (substitute day)' },
      { date: '2027-12-28', name: 'Boxing Day (substitute day)' },
    ]);
  });

  it('keeps Boxing Day on Monday and moves a Sunday Christmas to Tuesday (2022)', () => {
    const december = englandAndWalesBankHolidays(2022).filter((h) => h.date.startsWith('2022-12'));
    expect(december).toEqual([
      { date: '2022-12-26', name: 'Boxing Day' },
      { date: '2022-12-27', name: 'Christmas Day (substitute day)' },
    ]);
  });

  it('moves New Year’s Day on a Saturday to Monday (2028)', () => {
    expect(englandAndWalesBankHolidays(2028)[0]).toEqual({ date: '2028-01-03', name: 'New Year’s Day (substitute day)' });
  });
});

describe('shipped calendars', () => {
  it('are what generate.ts produces (re-run it after changing the rules)', () => {
    for (const [name, expected] of Object.entries(buildCalendars())) {
      const shipped: unknown = JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8'));
      expect(shipped, name).toEqual(expected);
    }
  });

  it('cover 2024 to 2032 with 11 French and 8 English holidays a year', () => {
    const { fr, 'gb-eng': gb } = buildCalendars();
    for (let year = 2024; year <= 2032; year++) {
      expect(fr.holidays.filter((h) => h.date.startsWith(`${year}-`))).toHaveLength(11);
      expect(gb.holidays.filter((h) => h.date.startsWith(`${year}-`))).toHaveLength(8);
    }
  });
});
