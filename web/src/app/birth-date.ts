// A birth date as people say it, in the user's language (every feature shows patients).
import { currentLanguage } from '../i18n/index.ts';

export function formatBirthDate(iso: string): string {
  // A birth date has no time zone: format it as a calendar date.
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1)));
}
