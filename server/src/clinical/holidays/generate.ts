// Writes the holiday calendars read by deadlines.ts:
//   node server/src/clinical/holidays/generate.ts
// Review the diff before committing: announced one-off holidays must be added by hand.
import { writeFileSync } from 'node:fs';
import { englandAndWalesBankHolidays, frenchHolidays, type Holiday } from './rules.ts';

export const FIRST_YEAR = 2024;
export const LAST_YEAR = 2032;

export type HolidayCalendarFile = {
  calendar: string;
  description: string;
  firstYear: number;
  lastYear: number;
  holidays: Holiday[];
};

function years(): number[] {
  return Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
}

export function buildCalendars(): Record<'fr' | 'gb-eng', HolidayCalendarFile> {
  return {
    fr: {
      calendar: 'fr',
      description: 'France, the 11 national public holidays (jours fériés, Code du travail L3133-1); Alsace-Moselle and overseas extras not included',
      firstYear: FIRST_YEAR,
      lastYear: LAST_YEAR,
      holidays: years().flatMap(frenchHolidays),
    },
    'gb-eng': {
      calendar: 'gb-eng',
      description: 'England and Wales bank holidays, weekend substitute days included',
      firstYear: FIRST_YEAR,
      lastYear: LAST_YEAR,
      holidays: years().flatMap(englandAndWalesBankHolidays),
    },
  };
}

if (import.meta.main) {
  for (const [name, file] of Object.entries(buildCalendars())) {
    const path = new URL(`./${name}.json`, import.meta.url);
    writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
    process.stdout.write(`${path.pathname}: ${file.holidays.length} holidays\n`);
  }
}
