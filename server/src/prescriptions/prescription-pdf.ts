// The prescription as a PDF (pdf-lib), in the reader's language: the
// prescriber's name, identifier (RPPS or GMC) and service, the patient's name
// and birth date, the items, the date, and a QR code (qrcode -> PNG) carrying
// `<origin>/verify/<code>`: the prescription id and signature, no patient data.
// For the prescriber's service and the patient (appointment scope). Audited.
import QRCode from 'qrcode';
import { DOSAGE_FORM_LABELS, ROUTE_LABELS, type PrescriptionItem } from '../../../contracts/prescriptions/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/app-error.ts';
import { PdfWriter, type WriteOptions } from '../pdf/pdf-writer.ts';
import { encodeVerificationCode, verificationUrl } from './canonical.ts';
import { prescriptionsInScope } from './prescription-view.ts';
import './actions.ts';

export type PdfLang = 'fr' | 'en';

const TEXT = {
  en: {
    title: 'Prescription',
    patient: 'Patient',
    born: 'born',
    date: 'Date',
    items: 'Treatment',
    dosage: 'How to use',
    duration: 'Duration',
    days: (n: number) => (n === 1 ? '1 day' : `${n} days`),
    quantity: 'Quantity',
    renewals: 'Renewals',
    notRenewable: 'not renewable',
    verify: 'Scan this code, or open the address below, to check that this prescription is authentic and whether it has been dispensed.',
    reference: 'Prescription',
    signed: 'Signed electronically (Ed25519), key',
  },
  fr: {
    title: 'Ordonnance',
    patient: 'Patient',
    born: 'né(e) le',
    date: 'Date',
    items: 'Traitement',
    dosage: 'Posologie',
    duration: 'Durée',
    days: (n: number) => (n === 1 ? '1 jour' : `${n} jours`),
    quantity: 'Quantité',
    renewals: 'Renouvellements',
    notRenewable: 'non renouvelable',
    verify: 'Scannez ce code, ou ouvrez l’adresse ci-dessous, pour vérifier que cette ordonnance est authentique et si elle a été délivrée.',
    reference: 'Ordonnance',
    signed: 'Signée électroniquement (Ed25519), clé',
  },
} as const;

const ID_LABEL = { rpps: 'RPPS', gmc: 'GMC' } as const;

export function itemTitle(item: PrescriptionItem, lang: PdfLang): string {
  const strength = item.strength && item.strength !== '—' ? ` ${item.strength}` : '';
  return `${item.name[lang]}${strength}, ${DOSAGE_FORM_LABELS[item.form][lang]} (${ROUTE_LABELS[item.route][lang]})`;
}

export async function renderPrescriptionPdf(ctx: Ctx, prescriptionId: string, opts: { origin: string; lang?: PdfLang }): Promise<{ pdf: Uint8Array; lang: PdfLang }> {
  const actor = requireActor(ctx);
  assertCan(actor, 'prescription.read');
  const lang: PdfLang = opts.lang ?? actor.locale;
  return ctx.db.transaction().execute(async (trx) => {
    const row = await prescriptionsInScope(trx, actor)
      .innerJoin('patients', 'patients.id', 'prescriptions.patient_id')
      .innerJoin('appointments', 'appointments.id', 'prescriptions.appointment_id')
      .select(['patients.given_name', 'patients.family_name', 'patients.birth_date', 'appointments.time_zone'])
      .where('prescriptions.id', '=', prescriptionId)
      .executeTakeFirst();
    if (!row) throw notFound('prescription');
    await recordAudit(trx, ctx, { action: 'prescription.pdf', resourceType: 'prescription', resourceId: row.id, patientId: row.patient_id, details: { lang } });

    const t = TEXT[lang];
    const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
    const issued = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: row.time_zone }).format(row.issued_at);
    const birth = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${row.birth_date}T00:00:00Z`));
    const url = verificationUrl(opts.origin, encodeVerificationCode(row.id, row.signature));

    const w = await PdfWriter.create(`DermLink ${t.title}`, { margin: 56 });
    // Every line of the prescription stays one flowing line: typed line breaks become spaces.
    const text = (value: string, opts: WriteOptions = {}) => w.write(value, { ...opts, joinLines: true });
    text(row.prescriber_name, { font: w.bold, size: 13 });
    if (row.prescriber_professional_id) text(`${ID_LABEL[row.prescriber_professional_id_kind ?? 'rpps']} ${row.prescriber_professional_id}`, { size: 10 });
    text(row.service_name, { size: 10, gapAfter: 14 });
    text(t.title, { font: w.bold, size: 20, gapAfter: 6 });
    text(`${t.date}: ${issued}`, { size: 10 });
    text(`${t.patient}: ${row.given_name} ${row.family_name.toUpperCase()}, ${t.born} ${birth}`, { size: 11, font: w.bold, gapAfter: 10 });
    w.rule();
    row.items.forEach((item, i) => {
      text(`${i + 1}. ${itemTitle(item, lang)}`, { font: w.bold, size: 11, gapAfter: 2 });
      text(`${t.dosage}: ${item.dosage}`, { size: 10, indent: 14 });
      text(
        `${t.duration}: ${t.days(item.durationDays)} · ${t.quantity}: ${item.quantity} · ${t.renewals}: ${item.renewals > 0 ? item.renewals : t.notRenewable}`,
        { size: 10, indent: 14, gapAfter: 10 },
      );
    });
    w.rule();
    const png = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 4 });
    await w.squarePngWithCaptions(png, 120, [t.verify, url, `${t.reference} ${row.id}`, `${t.signed} ${row.signing_key_id}`]);
    return { pdf: await w.save(), lang };
  });
}
