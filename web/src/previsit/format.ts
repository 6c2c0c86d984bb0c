// Dates of an appointment, in the reader's language: in the zone the slot was
// published in (the visit's own time), and the reader's time when it differs.
export function appointmentDate(iso: string, lang: string, timeZone: string, style: 'long' | 'short' = 'long'): string {
  return new Intl.DateTimeFormat(lang, {
    weekday: style === 'long' ? 'long' : 'short',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso));
}

/** The reader's own time of the appointment, or null when it reads the same as in the appointment's zone. */
export function readerTime(iso: string, lang: string, timeZone: string): string | null {
  const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const format = (zone: string) => new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone: zone }).format(new Date(iso));
  const mine = format(here);
  const theirs = format(timeZone);
  return mine === theirs ? null : mine;
}

export function shortDateTime(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
