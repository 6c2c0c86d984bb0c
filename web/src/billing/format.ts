// Money and dates of the billing screens, in the reader's language.
import type { TFunction } from 'i18next';
import type { BillingLine } from '../../../contracts/billing/index.ts';
import type { Language } from '../i18n/index.ts';

const LOCALE: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB' };

export const money = (cents: number, currency: string, lang: Language) => new Intl.NumberFormat(LOCALE[lang], { style: 'currency', currency }).format(cents / 100);

/** A calendar day (YYYY-MM-DD) as people say it. */
export const longDay = (day: string, lang: Language) => new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
export const shortDay = (day: string, lang: Language) => new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
export const monthName = (month: string, lang: Language) =>
  new Intl.DateTimeFormat(LOCALE[lang], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));

/** This month and the 23 before it, newest first (YYYY-MM). */
export function recentMonths(now = new Date(), count = 24): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

/** "5th" / "5e": the rank of an act in the year. */
export function ordinal(n: number, lang: Language): string {
  if (lang === 'fr') return n === 1 ? '1er' : `${n}e`;
  const rem100 = n % 100;
  const suffix = rem100 >= 11 && rem100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** Why a line is not at the schedule's amount, or null. */
export function explanation(line: BillingLine, t: TFunction, lang: Language): string | null {
  if (line.explanation === 'cap_reached') {
    return t('explanation.cap_reached', { code: line.actCode, cap: line.yearlyCap ?? 0, rank: ordinal(line.yearlyRank ?? 0, lang), year: line.actDate.slice(0, 4) });
  }
  if (line.explanation === 'no_video') return t('explanation.no_video');
  return null;
}
