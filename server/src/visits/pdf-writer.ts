// A flowing-text writer on A4 pages (pdf-lib) with the look of the
// tele-expertise report (cases/pdf-report.ts keeps its own private writer:
// same sizes, colours and margins here, so both reports read alike).
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

export class ReportWriter {
  doc: PDFDocument;
  font: PDFFont;
  bold: PDFFont;
  page!: PDFPage;
  y = 0;
  readonly margin = 50;
  readonly width = 595.28;
  readonly height = 841.89;
  supported: Set<number>;

  private constructor(doc: PDFDocument, font: PDFFont, bold: PDFFont) {
    this.doc = doc;
    this.font = font;
    this.bold = bold;
    this.supported = new Set(font.getCharacterSet());
    this.newPage();
  }

  static async create(title: string) {
    const doc = await PDFDocument.create();
    doc.setTitle(title);
    doc.setProducer('DermLink');
    doc.setCreator('DermLink');
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const bold = await doc.embedFont(StandardFonts.HelveticaBold);
    return new ReportWriter(doc, font, bold);
  }

  newPage() {
    this.page = this.doc.addPage([this.width, this.height]);
    this.y = this.height - this.margin;
  }

  /** Standard fonts cover WinAnsi only: replace what they cannot draw (accents fall back to the bare letter). */
  clean(text: string): string {
    let out = '';
    for (const ch of text.normalize('NFC').replace(/[\r\t]/g, ' ')) {
      const cp = ch.codePointAt(0)!;
      out += ch === '\n' || this.supported.has(cp) ? ch : this.supported.has(ch.normalize('NFD').codePointAt(0)!) ? ch.normalize('NFD')[0] : '?';
    }
    return out;
  }

  wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
    const lines: string[] = [];
    for (const paragraph of this.clean(text).split('\n')) {
      let line = '';
      for (const word of paragraph.split(/ +/)) {
        const candidate = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= maxWidth || !line) {
          line = candidate;
          // A single over-long word (a hash) is cut to fit.
          while (font.widthOfTextAtSize(line, size) > maxWidth && line.length > 1) {
            let cut = line.length - 1;
            while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > maxWidth) cut--;
            lines.push(line.slice(0, cut));
            line = line.slice(cut);
          }
        } else {
          lines.push(line);
          line = word;
        }
      }
      lines.push(line);
    }
    return lines;
  }

  write(text: string, opts: { font?: PDFFont; size?: number; gapAfter?: number; indent?: number; color?: [number, number, number] } = {}) {
    const font = opts.font ?? this.font;
    const size = opts.size ?? 10;
    const indent = opts.indent ?? 0;
    const lineHeight = size * 1.35;
    const [r, g, b] = opts.color ?? [0.1, 0.1, 0.1];
    for (const line of this.wrap(text, font, size, this.width - 2 * this.margin - indent)) {
      if (this.y - lineHeight < this.margin) this.newPage();
      this.y -= lineHeight;
      this.page.drawText(line, { x: this.margin + indent, y: this.y, size, font, color: rgb(r, g, b) });
    }
    this.y -= opts.gapAfter ?? 2;
  }

  title(text: string) {
    this.write(text, { font: this.bold, size: 18, gapAfter: 4 });
  }
  heading(text: string) {
    this.y -= 8;
    this.write(text, { font: this.bold, size: 13, gapAfter: 4, color: [0.05, 0.25, 0.45] });
  }
  emphasis(text: string) {
    this.write(text, { font: this.bold, size: 11, gapAfter: 4 });
  }
  field(label: string, value: string) {
    if (!value) return;
    this.write(`${label}:`, { font: this.bold, size: 10, gapAfter: 0 });
    this.write(value, { size: 10, indent: 12, gapAfter: 4 });
  }
  paragraph(text: string, indent = 0) {
    this.write(text, { size: 10, gapAfter: 4, indent });
  }
  small(text: string) {
    this.write(text, { size: 8, gapAfter: 4, color: [0.35, 0.35, 0.35] });
  }

  save() {
    return this.doc.save({ useObjectStreams: false });
  }
}
