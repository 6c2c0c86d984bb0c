// Dates and times of appointments in the reader's language, in the zone the
// slot was published in (a patient abroad still sees the clinic's time, with the city).
const locale = (lang: string) => (lang === 'fr' ? 'fr-FR' : 'en-GB');

export const dayKey = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

export const longDay = (iso: string, timeZone: string, lang: string) =>
  new Intl.DateTimeFormat(locale(lang), { timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(iso));

export const clockTime = (iso: string, timeZone: string, lang: string) =>
  new Intl.DateTimeFormat(locale(lang), { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

export const fullWhen = (iso: string, timeZone: string, lang: string) =>
  new Intl.DateTimeFormat(locale(lang), { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

export const cityOf = (timeZone: string) => timeZone.split('/').at(-1)!.replace(/_/g, ' ');

/** Groups items by their local day, in order. */
export function byDay<T>(items: T[], startOf: (item: T) => string, zoneOf: (item: T) => string): Array<{ day: string; first: T; items: T[] }> {
  const groups: Array<{ day: string; first: T; items: T[] }> = [];
  for (const item of items) {
    const day = dayKey(startOf(item), zoneOf(item));
    const last = groups.at(-1);
    if (last && last.day === day) last.items.push(item);
    else groups.push({ day, first: item, items: [item] });
  }
  return groups;
}

/** A time so close that, once booked, the patient or GP can no longer move or cancel it online (the service's notice). */
export const withinNotice = (startsAt: string, noticeHours: number, now = Date.now()) => Date.parse(startsAt) - now < noticeHours * 3_600_000;
