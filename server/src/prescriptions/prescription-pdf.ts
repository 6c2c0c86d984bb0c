// The prescription as a PDF (pdf-lib), in the reader's language: the
// prescriber's name, identifier (RPPS or GMC) and service, the patient's name
// and birth date, the items, the date, and a QR code (qrcode -> PNG) carrying
// `<origin>/verify/<code>`: the prescription id and signature, no patient data.
// For the prescriber's service and the patient (appointment scope). Audited.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { DOSAGE_FORM_LABELS, ROUTE_LABELS, type PrescriptionItem } from '../../../contracts/prescriptions/index.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/app-error.ts';
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

    const w = await Writer.create(t.title);
    w.text(row.prescriber_name, { font: w.bold, size: 13 });
    if (row.prescriber_professional_id) w.text(`${ID_LABEL[row.prescriber_professional_id_kind ?? 'rpps']} ${row.prescriber_professional_id}`, { size: 10 });
    w.text(row.service_name, { size: 10, gapAfter: 14 });
    w.text(t.title, { font: w.bold, size: 20, gapAfter: 6 });
    w.text(`${t.date}: ${issued}`, { size: 10 });
    w.text(`${t.patient}: ${row.given_name} ${row.family_name.toUpperCase()}, ${t.born} ${birth}`, { size: 11, font: w.bold, gapAfter: 10 });
    w.rule();
    row.items.forEach((item, i) => {
      w.text(`${i + 1}. ${itemTitle(item, lang)}`, { font: w.bold, size: 11, gapAfter: 2 });
      w.text(`${t.dosage}: ${item.dosage}`, { size: 10, indent: 14 });
      w.text(
        `${t.duration}: ${t.days(item.durationDays)} · ${t.quantity}: ${item.quantity} · ${t.renewals}: ${item.renewals > 0 ? item.renewals : t.notRenewable}`,
        { size: 10, indent: 14, gapAfter: 10 },
      );
    });
    w.rule();
    const png = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 4 });
    await w.qr(png, [t.verify, url, `${t.reference} ${row.id}`, `${t.signed} ${row.signing_key_id}`]);
    return { pdf: await w.doc.save({ useObjectStreams: false }), lang };
  });
}

/** Flowing text on A4 pages, standard fonts (WinAnsi): what they cannot draw is replaced. */
class Writer {
  doc: PDFDocument;
  font: PDFFont;
  bold: PDFFont;
  page!: PDFPage;
  y = 0;
  readonly margin = 56;
  readonly width = 595.28;
  readonly height = 841.89;
  private supported: Set<number>;

  private constructor(doc: PDFDocument, font: PDFFont, bold: PDFFont) {
    this.doc = doc;
    this.font = font;
    this.bold = bold;
    this.supported = new Set(font.getCharacterSet());
    this.newPage();
  }

  static async create(title: string) {
    const doc = await PDFDocument.create();
    doc.setTitle(`DermLink ${title}`);
    doc.setProducer('DermLink');
    doc.setCreator('DermLink');
    return new Writer(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  }

  newPage() {
    this.page = this.doc.addPage([this.width, this.height]);
    this.y = this.height - this.margin;
  }

  private clean(text: string): string {
    let out = '';
    for (const ch of text.normalize('NFC').replace(/[\r\n\t]/g, ' ')) {
      const base = ch.normalize('NFD')[0]!;
      out += this.supported.has(ch.codePointAt(0)!) ? ch : this.supported.has(base.codePointAt(0)!) ? base : '?';
    }
    return out;
  }

  private lines(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
    const out: string[] = [];
    let line = '';
    for (const word of this.clean(text).split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= maxWidth || !line) line = candidate;
      else {
        out.push(line);
        line = word;
      }
      // A long address is cut where it must.
      while (font.widthOfTextAtSize(line, size) > maxWidth && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > maxWidth) cut--;
        out.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    out.push(line);
    return out;
  }

  text(value: string, opts: { font?: PDFFont; size?: number; indent?: number; gapAfter?: number; maxWidth?: number; x?: number } = {}) {
    const font = opts.font ?? this.font;
    const size = opts.size ?? 10;
    const x = (opts.x ?? this.margin) + (opts.indent ?? 0);
    const lineHeight = size * 1.35;
    for (const line of this.lines(value, font, size, opts.maxWidth ?? this.width - this.margin - x)) {
      if (this.y - lineHeight < this.margin) this.newPage();
      this.y -= lineHeight;
      this.page.drawText(line, { x, y: this.y, size, font, color: rgb(0.1, 0.1, 0.1) });
    }
    this.y -= opts.gapAfter ?? 2;
  }

  rule() {
    this.y -= 4;
    this.page.drawLine({ start: { x: this.margin, y: this.y }, end: { x: this.width - this.margin, y: this.y }, thickness: 0.5, color: rgb(0.6, 0.6, 0.6) });
    this.y -= 10;
  }

  async qr(png: Uint8Array, captions: string[]) {
    const image = await this.doc.embedPng(png);
    const side = 120;
    if (this.y - side < this.margin) this.newPage();
    const top = this.y;
    this.page.drawImage(image, { x: this.margin, y: top - side, width: side, height: side });
    const x = this.margin + side + 16;
    this.y = top - 4;
    captions.forEach((caption, i) => this.text(caption, { x, size: i === 0 ? 9 : 8, gapAfter: 4 }));
    this.y = Math.min(this.y, top - side - 8);
  }
}
