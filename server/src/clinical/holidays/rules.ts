// Public holiday rules, from which generate.ts writes the JSON calendars. Only the
// JSON is read at run time, so a one-off holiday (a coronation, a moved bank holiday)
// is a data edit, not a code change.

export type Holiday = { date: string; name: string };

const isoDate = (date: Date): string => date.toISOString().slice(0, 10);
const utcDate = (year: number, month: number, day: number): Date => new Date(Date.UTC(year, month - 1, day));
const addDays = (date: Date, days: number): Date => new Date(date.getTime() + days * 86_400_000);

/** Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utcDate(year, month, day);
}

/** The eleven national public holidays (jours fériés) of metropolitan France. */
export function frenchHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const holidays: Holiday[] = [
    { date: isoDate(utcDate(year, 1, 1)), name: "Jour de l'an" },
    { date: isoDate(addDays(easter, 1)), name: 'Lundi de Pâques' },
    { date: isoDate(utcDate(year, 5, 1)), name: 'Fête du Travail' },
    { date: isoDate(utcDate(year, 5, 8)), name: 'Victoire 1945' },
    { date: isoDate(addDays(easter, 39)), name: 'Ascension' },
    { date: isoDate(addDays(easter, 50)), name: 'Lundi de Pentecôte' },
    { date: isoDate(utcDate(year, 7, 14)), name: 'Fête nationale' },
    { date: isoDate(utcDate(year, 8, 15)), name: 'Assomption' },
    { date: isoDate(utcDate(year, 11, 1)), name: 'Toussaint' },
    { date: isoDate(utcDate(year, 11, 11)), name: 'Armistice 1918' },
    { date: isoDate(utcDate(year, 12, 25)), name: 'Noël' },
  ];
  return holidays.sort((x, y) => x.date.localeCompare(y.date));
}

function firstMonday(year: number, month: number): Date {
  const first = utcDate(year, month, 1);
  return addDays(first, (8 - first.getUTCDay()) % 7);
}

function lastMonday(year: number, month: number): Date {
  const last = utcDate(year, month + 1, 0);
  return addDays(last, -((last.getUTCDay() + 6) % 7));
}

const isWeekend = (date: Date): boolean => date.getUTCDay() === 0 || date.getUTCDay() === 6;

/** Bank holidays of England and Wales under the usual rules, weekend substitutes included. */
export function englandAndWalesBankHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const holidays: Holiday[] = [];

  const newYear = utcDate(year, 1, 1);
  holidays.push(
    isWeekend(newYear)
      ? { date: isoDate(addDays(newYear, newYear.getUTCDay() === 6 ? 2 : 1)), name: 'New Year’s Day (substitute day)' }
      : { date: isoDate(newYear), name: 'New Year’s Day' },
  );
  holidays.push({ date: isoDate(addDays(easter, -2)), name: 'Good Friday' });
  holidays.push({ date: isoDate(addDays(easter, 1)), name: 'Easter Monday' });
  holidays.push({ date: isoDate(firstMonday(year, 5)), name: 'Early May bank holiday' });
  holidays.push({ date: isoDate(lastMonday(year, 5)), name: 'Spring bank holiday' });
  holidays.push({ date: isoDate(lastMonday(year, 8)), name: 'Summer bank holiday' });

  // A Christmas or Boxing Day on a weekday keeps its date; one on a weekend moves to
  // the next weekday not already taken (Christmas first), as gov.uk lists them.
  const christmasDays: [Date, string][] = [
    [utcDate(year, 12, 25), 'Christmas Day'],
    [utcDate(year, 12, 26), 'Boxing Day'],
  ];
  const taken = new Set<string>();
  for (const [date, name] of christmasDays) {
    if (!isWeekend(date)) {
      taken.add(isoDate(date));
      holidays.push({ date: isoDate(date), name });
    }
  }
  for (const [date, name] of christmasDays) {
    if (!isWeekend(date)) continue;
    let observed = date;
    while (isWeekend(observed) || taken.has(isoDate(observed))) observed = addDays(observed, 1);
    taken.add(isoDate(observed));
    holidays.push({ date: isoDate(observed), name: `${name} (substitute day)` });
  }
  return holidays.sort((x, y) => x.date.localeCompare(y.date));
}
