// Words of the statement's CSV and PDF, in the reader's language (the web app
// has the same in web/src/i18n/locales/*/billing.json).
import type { BillingLine } from '../../../contracts/billing/index.ts';

export type Lang = 'fr' | 'en';

const ordinal = (n: number, lang: Lang) => {
  if (lang === 'fr') return n === 1 ? '1er' : `${n}e`;
  const rem100 = n % 100;
  const suffix = rem100 >= 11 && rem100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
};

/** Why a line's amount is not the schedule's, in plain words. */
export function explanationText(line: Pick<BillingLine, 'explanation' | 'actCode' | 'yearlyRank' | 'yearlyCap' | 'actDate'>, lang: Lang): string {
  if (line.explanation === 'cap_reached') {
    const year = line.actDate.slice(0, 4);
    const rank = ordinal(line.yearlyRank ?? 0, lang);
    return lang === 'fr'
      ? `${line.actCode} limité à ${line.yearlyCap} par patient et par an ; c'est le ${rank} en ${year}`
      : `${line.actCode} limited to ${line.yearlyCap} per patient per year; this is the ${rank} in ${year}`;
  }
  if (line.explanation === 'no_video') {
    return lang === 'fr' ? "Aucune connexion vidéo enregistrée : la téléconsultation n'est facturable qu'en vidéo" : 'No video connection recorded: a teleconsultation is billable by video only';
  }
  return '';
}

export const STATEMENT_TEXT = {
  en: {
    title: 'Monthly billing statement',
    clinician: 'Clinician',
    month: 'Month',
    generated: 'Generated on',
    date: 'Date',
    act: 'Act',
    patient: 'Patient',
    amount: 'Amount',
    insurer: 'Insurer',
    patientShare: 'Patient',
    payment: 'Payment',
    totals: 'Totals',
    lines: 'acts',
    due: 'Patient shares still due',
    noLines: 'No billed act this month.',
    coordinated: 'coordinated pathway',
    uncoordinated: 'outside the coordinated pathway',
    status: { not_due: 'nothing to pay', due: 'due', paid: 'paid' },
    via: { online: 'online', practice: 'at the practice' },
    practiceNote: 'Patient shares are paid at the practice.',
    onlineNote: 'Patients can pay their share online.',
  },
  fr: {
    title: 'Relevé mensuel de facturation',
    clinician: 'Praticien',
    month: 'Mois',
    generated: 'Édité le',
    date: 'Date',
    act: 'Acte',
    patient: 'Patient',
    amount: 'Montant',
    insurer: 'Assurance maladie',
    patientShare: 'Patient',
    payment: 'Paiement',
    totals: 'Totaux',
    lines: 'actes',
    due: 'Parts patient restant dues',
    noLines: 'Aucun acte facturé ce mois-ci.',
    coordinated: 'parcours de soins coordonné',
    uncoordinated: 'hors parcours de soins coordonné',
    status: { not_due: 'rien à payer', due: 'dû', paid: 'payé' },
    via: { online: 'en ligne', practice: 'au cabinet' },
    practiceNote: 'Les parts patient sont réglées au cabinet.',
    onlineNote: 'Les patients peuvent régler leur part en ligne.',
  },
} as const;

export function money(cents: number, currency: string, lang: Lang): string {
  // Narrow no-break spaces are outside the PDF's standard fonts: plain spaces.
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency }).format(cents / 100).replace(/[\u202f\u00a0]/g, ' ');
}
