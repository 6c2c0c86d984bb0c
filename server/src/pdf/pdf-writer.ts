// The one owner of pdf-lib for DermLink's documents (case report, visit report,
// prescription): flowing text on A4 portrait pages with the standard Helvetica
// fonts, wrapped to the margins, a new page when one is full, and the shared
// look (title, headings, label/value fields, small print, rules, images).
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

type Colour = [number, number, number];

export interface WriteOptions {
  font?: PDFFont;
  size?: number;
  gapAfter?: number;
  /** Added to the left edge (the margin, or `x`). */
  indent?: number;
  /** Left edge of the text; the margin by default. The right edge is always the margin. */
  x?: number;
  color?: Colour;
  /** Line breaks in the text become spaces instead of starting a new line. */
  joinLines?: boolean;
}

const TEXT_COLOUR: Colour = [0.1, 0.1, 0.1];
const HEADING_COLOUR: Colour = [0.05, 0.25, 0.45];
const SMALL_COLOUR: Colour = [0.35, 0.35, 0.35];
const A4: [number, number] = [595.28, 841.89];

export class PdfWriter {
  readonly doc: PDFDocument;
  readonly font: PDFFont;
  readonly bold: PDFFont;
  page!: PDFPage;
  y = 0;
  readonly margin: number;
  readonly width = A4[0];
  readonly height = A4[1];
  readonly #supported: Set<number>;

  private constructor(doc: PDFDocument, font: PDFFont, bold: PDFFont, margin: number) {
    this.doc = doc;
    this.font = font;
    this.bold = bold;
    this.margin = margin;
    this.#supported = new Set(font.getCharacterSet());
    this.newPage();
  }

  /** `documentTitle` is the PDF's metadata title; `margin` in points (50 by default). */
  static async create(documentTitle: string, opts: { margin?: number } = {}) {
    const doc = await PDFDocument.create();
    doc.setTitle(documentTitle);
    doc.setProducer('DermLink');
    doc.setCreator('DermLink');
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const bold = await doc.embedFont(StandardFonts.HelveticaBold);
    return new PdfWriter(doc, font, bold, opts.margin ?? 50);
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
      out += ch === '\n' || this.#supported.has(cp) ? ch : this.#supported.has(ch.normalize('NFD').codePointAt(0)!) ? ch.normalize('NFD')[0] : '?';
    }
    return out;
  }

  wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
    const lines: string[] = [];
    for (const paragraph of this.clean(text).split('\n')) {
      let line = '';
      for (const word of paragraph.split(/ +/)) {
        const candidate = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= maxWidth || !line) line = candidate;
        else {
          lines.push(line);
          line = word;
        }
        // A single over-long word (a hash, an address) is cut to fit.
        while (font.widthOfTextAtSize(line, size) > maxWidth && line.length > 1) {
          let cut = line.length - 1;
          while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > maxWidth) cut--;
          lines.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      }
      lines.push(line);
    }
    return lines;
  }

  write(text: string, opts: WriteOptions = {}) {
    const font = opts.font ?? this.font;
    const size = opts.size ?? 10;
    const x = (opts.x ?? this.margin) + (opts.indent ?? 0);
    const lineHeight = size * 1.35;
    const [r, g, b] = opts.color ?? TEXT_COLOUR;
    for (const line of this.wrap(opts.joinLines ? text.replace(/\n/g, ' ') : text, font, size, this.width - this.margin - x)) {
      if (this.y - lineHeight < this.margin) this.newPage();
      this.y -= lineHeight;
      this.page.drawText(line, { x, y: this.y, size, font, color: rgb(r, g, b) });
    }
    this.y -= opts.gapAfter ?? 2;
  }

  title(text: string) {
    this.write(text, { font: this.bold, size: 18, gapAfter: 4 });
  }
  heading(text: string) {
    this.y -= 8;
    this.write(text, { font: this.bold, size: 13, gapAfter: 4, color: HEADING_COLOUR });
  }
  emphasis(text: string) {
    this.write(text, { font: this.bold, size: 11, gapAfter: 4 });
  }
  /** A bold label, its value indented below; nothing when the value is empty. */
  field(label: string, value: string) {
    if (!value) return;
    this.write(`${label}:`, { font: this.bold, size: 10, gapAfter: 0 });
    this.write(value, { size: 10, indent: 12, gapAfter: 4 });
  }
  paragraph(text: string, indent = 0) {
    this.write(text, { size: 10, gapAfter: 4, indent });
  }
  small(text: string) {
    this.write(text, { size: 8, gapAfter: 4, color: SMALL_COLOUR });
  }

  /** A thin grey line across the page. */
  rule() {
    this.y -= 4;
    this.page.drawLine({ start: { x: this.margin, y: this.y }, end: { x: this.width - this.margin, y: this.y }, thickness: 0.5, color: rgb(0.6, 0.6, 0.6) });
    this.y -= 10;
  }

  /** A JPEG at most 200 x 200 points, its caption below. */
  async image(jpeg: Uint8Array, caption: string) {
    const img = await this.doc.embedJpg(jpeg);
    const scale = Math.min(1, 200 / img.width, 200 / img.height);
    const h = img.height * scale;
    if (this.y - h - 20 < this.margin) this.newPage();
    this.y -= h;
    this.page.drawImage(img, { x: this.margin, y: this.y, width: img.width * scale, height: h });
    this.write(caption, { size: 8, gapAfter: 8 });
  }

  /** A square PNG (a QR code) of `side` points at the margin, the captions beside it (the first one larger). */
  async squarePngWithCaptions(png: Uint8Array, side: number, captions: string[]) {
    const image = await this.doc.embedPng(png);
    if (this.y - side < this.margin) this.newPage();
    const top = this.y;
    this.page.drawImage(image, { x: this.margin, y: top - side, width: side, height: side });
    const x = this.margin + side + 16;
    this.y = top - 4;
    captions.forEach((caption, i) => this.write(caption, { x, size: i === 0 ? 9 : 8, gapAfter: 4, joinLines: true }));
    this.y = Math.min(this.y, top - side - 8);
  }

  save() {
    return this.doc.save({ useObjectStreams: false });
  }
}
