// Prescription items in words: the product line for professionals, and plain
// sentences for the patient (how long, how many, renewals).
import type { TFunction } from 'i18next';
import { DOSAGE_FORM_LABELS, ROUTE_LABELS, type FormularyProduct, type PrescriptionItem } from '../../../contracts/prescriptions/index.ts';

type Lang = 'fr' | 'en';

export function productLine(p: Pick<FormularyProduct, 'name' | 'strength' | 'form'>, lang: Lang): string {
  const strength = p.strength && p.strength !== '—' ? ` ${p.strength}` : '';
  return `${p.name[lang]}${strength}, ${DOSAGE_FORM_LABELS[p.form][lang]}`;
}

export const routeLabel = (item: Pick<PrescriptionItem, 'route'>, lang: Lang) => ROUTE_LABELS[item.route][lang];

/** Plain sentences for the patient: how long, how much the pharmacy gives, whether it can be renewed. */
export function plainSentences(item: PrescriptionItem, t: TFunction<'prescriptions'>): string[] {
  return [
    t('plain.duration', { count: item.durationDays }),
    t('plain.quantity', { count: item.quantity }),
    item.renewals > 0 ? t('plain.renewals', { count: item.renewals }) : t('plain.noRenewal'),
  ];
}

export const longDate = (iso: string, lang: Lang) => new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
export const dateTime = (iso: string, lang: Lang) => new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));

/** Mantine paints an alert's title in the alert's colour, below AA on light backgrounds: use the text colour. */
export const READABLE_TITLE = { title: { color: 'var(--mantine-color-text)' } } as const;
