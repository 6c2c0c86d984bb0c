// The statement as a PDF (pdf-lib, A4 landscape): a header, one table row per
// line (with the cap or video explanation under it), and the totals.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Statement } from '../../../contracts/billing/index.ts';
import { explanationText, money, STATEMENT_TEXT, type Lang } from './statement-text.ts';

const WIDTH = 841.89;
const HEIGHT = 595.28;
const MARGIN = 40;

interface Column {
  title: string;
  width: number;
  align?: 'right';
}

export async function statementPdf(statement: Statement, lang: Lang, generatedAt: Date, timeZone: string): Promise<Uint8Array> {
  const t = STATEMENT_TEXT[lang];
  const doc = await PDFDocument.create();
  doc.setTitle(`DermLink ${t.title} ${statement.month}`);
  doc.setProducer('DermLink');
  doc.setCreator('DermLink');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const supported = new Set(font.getCharacterSet());
  // Standard fonts draw WinAnsi only: letters outside it lose their accent, or become "?".
  const clean = (text: string) =>
    [...text.normalize('NFC')].map((ch) => (supported.has(ch.codePointAt(0)!) ? ch : supported.has(ch.normalize('NFD').codePointAt(0)!) ? ch.normalize('NFD')[0] : '?')).join('');

  let page: PDFPage = doc.addPage([WIDTH, HEIGHT]);
  let y = HEIGHT - MARGIN;
  const text = (s: string, x: number, size: number, f: PDFFont = font, color = rgb(0.1, 0.1, 0.1)) => page.drawText(clean(s), { x, y, size, font: f, color });
  const fit = (s: string, width: number, size: number, f: PDFFont) => {
    let out = clean(s);
    while (out.length > 1 && f.widthOfTextAtSize(out, size) > width - 6) out = `${out.slice(0, -2)}…`.replace(/……$/, '…');
    return out;
  };

  const monthLabel = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${statement.month}-01T00:00:00Z`));
  const day = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'short', timeZone: 'UTC' });
  const stamp = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone });

  y -= 18;
  text(t.title, MARGIN, 18, bold);
  y -= 20;
  text(`${t.clinician}: ${statement.clinician.name}    ${t.month}: ${monthLabel}`, MARGIN, 11);
  y -= 14;
  text(`DermLink · ${t.generated} ${stamp.format(generatedAt)} · ${statement.paymentMode === 'online' ? t.onlineNote : t.practiceNote}`, MARGIN, 8, font, rgb(0.35, 0.35, 0.35));
  y -= 22;

  const columns: Column[] = [
    { title: t.date, width: 70 },
    { title: t.act, width: 220 },
    { title: t.patient, width: 170 },
    { title: t.amount, width: 75, align: 'right' },
    { title: t.insurer, width: 95, align: 'right' },
    { title: t.patientShare, width: 75, align: 'right' },
    { title: t.payment, width: 56 },
  ];
  const row = (cells: string[], f: PDFFont, size: number) => {
    let x = MARGIN;
    cells.forEach((cell, i) => {
      const col = columns[i]!;
      const s = fit(cell, col.width, size, f);
      const dx = col.align === 'right' ? col.width - 6 - f.widthOfTextAtSize(s, size) : 0;
      page.drawText(s, { x: x + dx, y, size, font: f, color: rgb(0.1, 0.1, 0.1) });
      x += col.width;
    });
  };
  const header = () => {
    row(columns.map((c) => c.title), bold, 9);
    y -= 5;
    page.drawLine({ start: { x: MARGIN, y }, end: { x: WIDTH - MARGIN, y }, thickness: 0.6, color: rgb(0.5, 0.5, 0.5) });
    y -= 13;
  };
  const room = (needed: number) => {
    if (y - needed < MARGIN) {
      page = doc.addPage([WIDTH, HEIGHT]);
      y = HEIGHT - MARGIN - 12;
      header();
    }
  };

  header();
  if (statement.lines.length === 0) {
    text(t.noLines, MARGIN, 10);
    y -= 16;
  }
  for (const l of statement.lines) {
    const note = explanationText(l, lang);
    room(note ? 28 : 16);
    const label = `${l.actCode} · ${lang === 'fr' ? l.labelFr : l.labelEn}`;
    const payment = l.paymentStatus === 'paid' && l.paidVia ? `${t.status.paid} (${t.via[l.paidVia]})` : t.status[l.paymentStatus];
    row(
      [
        day.format(new Date(`${l.actDate}T00:00:00Z`)),
        label,
        l.patient.name,
        money(l.amountCents, l.currency, lang),
        `${money(l.insurerAmountCents, l.currency, lang)} (${l.insurerSharePercent}%)`,
        money(l.patientAmountCents, l.currency, lang),
        payment,
      ],
      font,
      9,
    );
    y -= 11;
    const pathway = l.source === 'visit' ? (l.coordinated ? t.coordinated : t.uncoordinated) : '';
    const small = [note, pathway].filter(Boolean).join(' · ');
    if (small) {
      text(small, MARGIN + columns[0]!.width, 7.5, font, rgb(0.35, 0.35, 0.35));
      y -= 11;
    }
    y -= 3;
  }

  room(20 + 16 * statement.totals.length);
  y -= 4;
  page.drawLine({ start: { x: MARGIN, y: y + 10 }, end: { x: WIDTH - MARGIN, y: y + 10 }, thickness: 0.6, color: rgb(0.5, 0.5, 0.5) });
  for (const total of statement.totals) {
    row(
      [
        t.totals,
        `${total.count} ${t.lines}`,
        total.patientDueCents > 0 ? `${t.due}: ${money(total.patientDueCents, total.currency, lang)}` : '',
        money(total.amountCents, total.currency, lang),
        money(total.insurerCents, total.currency, lang),
        money(total.patientCents, total.currency, lang),
        '',
      ],
      bold,
      9,
    );
    y -= 16;
  }
  return doc.save({ useObjectStreams: false });
}
