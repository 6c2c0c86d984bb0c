// Photo intake: checks an uploaded file, then makes the derivatives that are
// stored and shown. The only module that imports sharp.
//
// ingestImage(bytes):
//   1. refuses what is not a photo: type by magic bytes only (JPEG, PNG, WebP,
//      HEIC/HEIF, AVIF), hidden content (a ZIP or PDF riding along), more
//      than MAX_IMAGE_BYTES, more than MAX_IMAGE_PIXELS (read from the header
//      before anything is decoded), damaged or truncated files;
//   2. decodes (HEVC HEIC in a worker thread, everything else in libvips),
//      turns the pixels upright (EXIF orientation), flattens transparency;
//   3. makes, in parallel from that upright source, the full image, the
//      preview and the thumbnail (never enlarged), in sRGB with no metadata at
//      all (no EXIF, GPS, XMP, IPTC, ICC), plus a small greyscale copy for the
//      quality verdict (contracts/images/quality.ts) and a perceptual hash.
//      Cost: about that of a bare sharp pipeline making the same three files.
import sharp, { type Metadata, type ResizeOptions, type Sharp } from 'sharp';
import { ANALYSIS_LONG_EDGE, assessQuality, type QualityReport } from '../../../contracts/images/quality.ts';
import { sha256 } from '../crypto/envelope.ts';
import { AppError } from '../errors/app-error.ts';
import { decodeHeic } from './heic-decoder.ts';
import { differenceHash } from './perceptual-hash.ts';

export { hammingDistance } from './perceptual-hash.ts';

export type ImageType = 'jpeg' | 'png' | 'webp' | 'heic' | 'avif';

/** Largest upload accepted, in bytes (40 MiB). */
export const MAX_IMAGE_BYTES = 40 * 1024 * 1024;
/** Largest image accepted, in pixels (100 MP): far above any phone, far below a decompression bomb. */
export const MAX_IMAGE_PIXELS = 100_000_000;
/** Long edge of each derivative, in pixels (smaller photos keep their size). */
export const DERIVATIVE_LONG_EDGE = { full: 4096, preview: 1600, thumbnail: 320 } as const;

export interface ImageDerivative {
  bytes: Buffer;
  mimeType: 'image/jpeg' | 'image/webp';
  width: number;
  height: number;
  size: number;
  /** SHA-256 of bytes, lowercase hex. */
  sha256: string;
}

export interface IngestedImage {
  original: {
    type: ImageType;
    size: number;
    sha256: string;
    /** Upright size (after the EXIF orientation). */
    width: number;
    height: number;
  };
  /** High-quality JPEG for clinicians and referral exports. */
  full: ImageDerivative;
  /** JPEG for the case view and PDF reports (pdf-lib embeds JPEG, not WebP). */
  preview: ImageDerivative;
  /** WebP for lists. */
  thumbnail: ImageDerivative;
  /** 64-bit dHash, 16 hex digits; compare with hammingDistance. */
  perceptualHash: string;
  quality: QualityReport;
}

const MIME_TYPE: Record<ImageType, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
  avif: 'image/avif',
};

/** The MIME type of a detected image type. */
export function imageMimeType(type: ImageType): string {
  return MIME_TYPE[type];
}

// ---------------------------------------------------------------------------
// Type detection: magic bytes only; names and declared types are not trusted.

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis']);
const GENERIC_HEIF_BRANDS = new Set(['mif1', 'msf1', 'mif2', 'miaf']);

const ACCEPTED = 'Only photos in JPEG, PNG, WebP, HEIC/HEIF or AVIF are accepted.';

/** The image type from the first bytes; AppError 'image_unsupported_type' for anything else, saying what it looks like. */
export function detectImageType(bytes: Uint8Array): ImageType {
  if (bytes.length === 0) throw unsupported('The file is empty.');
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (ascii(bytes, 4, 8) === 'ftyp') {
    const brands = ftypBrands(bytes);
    const major = brands[0] ?? '';
    if (AVIF_BRANDS.has(major)) return 'avif';
    if (HEIC_BRANDS.has(major)) return 'heic';
    if (GENERIC_HEIF_BRANDS.has(major)) {
      if (brands.some((b) => HEIC_BRANDS.has(b))) return 'heic';
      if (brands.some((b) => AVIF_BRANDS.has(b))) return 'avif';
      return 'heic';
    }
    throw unsupported(`This is a video or another ISO media file (brand "${major.trim()}"), not a photo. ${ACCEPTED}`);
  }
  throw unsupported(`${describeOtherType(bytes)} ${ACCEPTED}`);
}

function describeOtherType(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (head.startsWith('%pdf')) return 'This is a PDF document, not a photo.';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return 'This is a ZIP archive (or an Office document), not a photo.';
  }
  if (head.includes('<svg')) return 'SVG drawings are not accepted: they can carry scripts.';
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || /<(head|body|script)[\s>]/.test(head)) {
    return 'This is a web page (HTML), not a photo.';
  }
  if (head.startsWith('<')) return 'This is an XML or markup document, not a photo.';
  if (ascii(bytes, 0, 4) === 'GIF8') return 'GIF images are not accepted.';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return 'TIFF and camera RAW files are not accepted; export the photo as JPEG.';
  }
  if (ascii(bytes, 0, 2) === 'BM') return 'BMP images are not accepted.';
  return 'The file type is not recognised.';
}

// ---------------------------------------------------------------------------
// File structure. A file that is a valid image and also another format (a
// polyglot) is refused, even though the derivatives would not carry it,
// because the original may be kept and downloaded. A HEIF whose boxes are cut off is refused as
// incomplete.

const ZIP_LOCAL_FILE = [0x50, 0x4b, 0x03, 0x04];
const ZIP_END_OF_DIRECTORY = [0x50, 0x4b, 0x05, 0x06];
// A ZIP reader looks for its end record in the last 64 KiB + 22 bytes.
const ZIP_END_SEARCH_BYTES = 65_557;

function checkFileStructure(bytes: Uint8Array, type: ImageType): void {
  const hidden = 'The photo file carries other hidden content';
  const retry = 'export the photo again from the camera or gallery.';
  // PDF readers look for their header anywhere in the first kilobyte.
  if (indexOfBytes(bytes.subarray(0, 1024), asciiBytes('%PDF-')) >= 0) {
    throw unsupported(`${hidden} (a PDF document); ${retry}`);
  }
  if (containsZipEndRecord(bytes.subarray(Math.max(0, bytes.length - ZIP_END_SEARCH_BYTES)))) {
    throw unsupported(`${hidden} (a ZIP archive); ${retry}`);
  }
  const end = imageEnd(bytes, type);
  if (end === undefined && (type === 'heic' || type === 'avif')) {
    // libheif decodes what it has and fills the rest: a cut-off box is the only sign of a truncated file.
    throw new AppError('image_corrupt', 'The photo is incomplete (the file was cut off); take or export it again.');
  }
  if (end === undefined || end >= bytes.length) return;
  const kind = dangerousTrailer(bytes.subarray(end));
  if (kind) throw unsupported(`${hidden} after the image (${kind}); ${retry}`);
}

/**
 * What is appended after the end of the image, if it is something other than
 * what cameras append: padding, further JPEG images (MPF: depth maps, HDR gain
 * maps), an MP4 video (motion photos), vendor binary trailers.
 */
function dangerousTrailer(trailer: Uint8Array): string | undefined {
  if (containsZipLocalHeader(trailer)) return 'a ZIP archive';
  let start = 0;
  while (start < trailer.length && (trailer[start] === 0x00 || trailer[start] === 0xff)) start++;
  const rest = trailer.subarray(start);
  if (rest.length === 0) return undefined;
  if (startsWith(trailer.subarray(Math.max(0, start - 1)), [0xff, 0xd8, 0xff])) return undefined;
  if (ascii(rest, 4, 8) === 'ftyp') return undefined;
  const head = new TextDecoder('latin1').decode(rest.subarray(0, 16)).trimStart();
  if (head.startsWith('<')) return 'markup or a script';
  if (head.startsWith('%PDF')) return 'a PDF document';
  if (head.startsWith('#!') || head.startsWith('MZ') || head.startsWith('\x7fELF')) return 'a program';
  if (head.startsWith('Rar!') || head.startsWith('7z\xbc\xaf') || head.startsWith('\x1f\x8b')) return 'an archive';
  if (isPlainText(rest.subarray(0, 256))) return 'text, possibly a script';
  return undefined;
}

/** Plain text has no NUL byte and hardly any control bytes; vendor trailers are binary records. */
function isPlainText(sample: Uint8Array): boolean {
  if (sample.length < 16) return false;
  let printable = 0;
  for (const byte of sample) {
    if (byte === 0x00) return false;
    if ((byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d) printable++;
  }
  return printable / sample.length > 0.95;
}

// The ZIP signatures are checked with a few header fields, so that compressed
// image data that happens to contain the four signature bytes is not refused.

/** A local file header: a small "version needed", a known compression method and a sane name length. */
function containsZipLocalHeader(bytes: Uint8Array): boolean {
  for (let i = indexOfBytes(bytes, ZIP_LOCAL_FILE); i >= 0; i = indexOfBytes(bytes, ZIP_LOCAL_FILE, i + 1)) {
    if (i + 30 > bytes.length) return false;
    const versionNeeded = readUint16LE(bytes, i + 4);
    const method = readUint16LE(bytes, i + 8);
    const nameLength = readUint16LE(bytes, i + 26);
    if (versionNeeded <= 63 && [0, 8, 9, 12, 14, 93, 95, 98, 99].includes(method) && nameLength > 0 && nameLength <= 1024) return true;
  }
  return false;
}

/** An end-of-central-directory record of a single-disk archive whose directory lies before it. */
function containsZipEndRecord(bytes: Uint8Array): boolean {
  for (let i = indexOfBytes(bytes, ZIP_END_OF_DIRECTORY); i >= 0; i = indexOfBytes(bytes, ZIP_END_OF_DIRECTORY, i + 1)) {
    if (i + 22 > bytes.length) return false;
    const disk = readUint16LE(bytes, i + 4);
    const directoryDisk = readUint16LE(bytes, i + 6);
    const entriesOnDisk = readUint16LE(bytes, i + 8);
    const entries = readUint16LE(bytes, i + 10);
    const commentLength = readUint16LE(bytes, i + 20);
    if (disk === 0 && directoryDisk === 0 && entriesOnDisk === entries && i + 22 + commentLength <= bytes.length) return true;
  }
  return false;
}

/** Offset just after the image's own data; undefined when the structure cannot be followed (the decoder then judges). */
function imageEnd(bytes: Uint8Array, type: ImageType): number | undefined {
  switch (type) {
    case 'jpeg':
      return jpegEnd(bytes);
    case 'png':
      return pngEnd(bytes);
    case 'webp': {
      const riffSize = readUint32LE(bytes, 4);
      return 8 + riffSize + (riffSize % 2);
    }
    case 'heic':
    case 'avif':
      return isoBoxesEnd(bytes);
  }
}

/** Follows JPEG segments and entropy-coded data up to the first EOI marker. */
function jpegEnd(bytes: Uint8Array): number | undefined {
  let i = 2;
  while (i + 1 < bytes.length) {
    if (bytes[i] !== 0xff) {
      // Skip stray bytes before a marker, as libjpeg does.
      i = bytes.indexOf(0xff, i);
      if (i < 0) return undefined;
      continue;
    }
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i += 1;
    } else if (marker === 0xd9) {
      return i + 2;
    } else if (marker === 0x00 || marker === 0x01 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
    } else {
      if (i + 3 >= bytes.length) return undefined;
      const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
      if (length < 2) return undefined;
      i += 2 + length;
      if (marker === 0xda) {
        // Entropy-coded data: runs to the next marker that is neither a stuffed 0xFF00 nor a restart.
        for (;;) {
          i = bytes.indexOf(0xff, i);
          if (i < 0 || i + 1 >= bytes.length) return undefined;
          const next = bytes[i + 1]!;
          if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) i += 2;
          else if (next === 0xff) i += 1;
          else break;
        }
      }
    }
  }
  return undefined;
}

function pngEnd(bytes: Uint8Array): number | undefined {
  let i = 8;
  while (i + 12 <= bytes.length) {
    const length = readUint32BE(bytes, i);
    const type = ascii(bytes, i + 4, i + 8);
    i += 12 + length;
    if (type === 'IEND') return i;
  }
  return undefined;
}

function isoBoxesEnd(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i + 8 <= bytes.length) {
    const size32 = readUint32BE(bytes, i);
    if (!/^[\x20-\x7e]{4}$/.test(ascii(bytes, i + 4, i + 8))) return i;
    if (size32 === 0) return bytes.length;
    const size = size32 === 1 && i + 16 <= bytes.length ? readUint32BE(bytes, i + 8) * 2 ** 32 + readUint32BE(bytes, i + 12) : size32;
    if (size < 8 || i + size > bytes.length) return undefined;
    i += size;
  }
  return i;
}

// ---------------------------------------------------------------------------
// Ingestion.

/** Checks a photo and makes its derivatives, hash and quality verdict. Throws AppError image_* when refused. */
export async function ingestImage(bytes: Uint8Array): Promise<IngestedImage> {
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new AppError(
      'image_too_large',
      `The photo is ${(bytes.length / 1024 / 1024).toFixed(1)} MiB; the limit is ${MAX_IMAGE_BYTES / 1024 / 1024} MiB.`,
    );
  }
  const type = detectImageType(bytes);
  checkFileStructure(bytes, type);

  const header = await readHeader(bytes);
  if (header.width * header.height > MAX_IMAGE_PIXELS) {
    throw new AppError(
      'image_too_many_pixels',
      `The photo is ${header.width}x${header.height} pixels; the limit is ${MAX_IMAGE_PIXELS / 1_000_000} megapixels.`,
    );
  }

  const upright = await openUpright(bytes, header);
  try {
    // Two decodes at most, run in parallel: the full image from the source, and
    // everything small from one raw preview-sized copy (shrink-on-load makes
    // that decode cheap), so the thumbnail and the analysis cost no decode.
    // The quality and hash arithmetic overlaps the full image's encoding.
    const [full, small] = await Promise.all([
      encode(upright().resize(fitWithin(DERIVATIVE_LONG_EDGE.full)).jpeg({ quality: 90 }), 'image/jpeg'),
      derivePreviewAndAnalysis(upright, header),
    ]);
    return {
      original: { type, size: bytes.length, sha256: sha256(bytes), width: header.width, height: header.height },
      full,
      ...small,
    };
  } catch (error) {
    throw decodeError(error);
  }
}

async function derivePreviewAndAnalysis(
  upright: () => Sharp,
  header: Header,
): Promise<Pick<IngestedImage, 'preview' | 'thumbnail' | 'perceptualHash' | 'quality'>> {
  const { data, info } = await upright()
    .resize(fitWithin(DERIVATIVE_LONG_EDGE.preview))
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const fromPreview = () => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  const [preview, thumbnail, analysis] = await Promise.all([
    encode(fromPreview().jpeg({ quality: 82 }), 'image/jpeg'),
    encode(fromPreview().resize(fitWithin(DERIVATIVE_LONG_EDGE.thumbnail)).webp({ quality: 75, effort: 3 }), 'image/webp'),
    fromPreview()
      .resize(fitWithin(ANALYSIS_LONG_EDGE))
      .greyscale()
      .toColourspace('b-w')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true }),
  ]);
  if (analysis.info.channels !== 1) {
    throw new AppError('internal', `The analysis image has ${analysis.info.channels} channels instead of 1.`);
  }
  const grey = { pixels: analysis.data, width: analysis.info.width, height: analysis.info.height };
  return {
    preview,
    thumbnail,
    perceptualHash: differenceHash(grey),
    quality: assessQuality(grey, { width: header.width, height: header.height }),
  };
}

function fitWithin(longEdge: number): ResizeOptions {
  return { width: longEdge, height: longEdge, fit: 'inside', withoutEnlargement: true };
}

interface Header {
  /** Upright size. */
  width: number;
  height: number;
  hasAlpha: boolean;
  /** HEVC-coded HEIF, which the prebuilt libvips cannot decode. */
  needsHeicDecoder: boolean;
}

async function readHeader(bytes: Uint8Array): Promise<Header> {
  let metadata: Metadata;
  try {
    // Reads the header only: nothing is decoded yet, whatever the declared size.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new AppError('image_corrupt', 'The photo is damaged: its header cannot be read.', { cause: error });
  }
  const { width, height } = metadata.autoOrient;
  if (!width || !height) throw new AppError('image_corrupt', 'The photo is damaged: it declares no size.');
  return { width, height, hasAlpha: metadata.hasAlpha, needsHeicDecoder: metadata.format === 'heif' && metadata.compression === 'hevc' };
}

/**
 * One decoded, upright, opaque source for every derivative, as a factory of
 * fresh pipelines over the same input buffer. Not `Sharp.clone()`: it deep-copies
 * the options, input buffer included (structuredClone), synchronously on the
 * event loop: ~400 ms per clone for a 12-megapixel HEIC decoded to 48 MB of RGBA.
 */
async function openUpright(bytes: Uint8Array, header: Header): Promise<() => Sharp> {
  let open: () => Sharp;
  if (header.needsHeicDecoder) {
    // libheif applies the HEIF rotation and mirror itself: the pixels come back upright.
    const decoded = await decodeHeic(bytes, MAX_IMAGE_PIXELS);
    open = () =>
      sharp(decoded.rgba, {
        raw: { width: decoded.width, height: decoded.height, channels: 4 },
        limitInputPixels: MAX_IMAGE_PIXELS,
      });
  } else {
    open = () => sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'truncated' }).autoOrient();
  }
  // JPEG has no transparency; white is what a transparent PNG looks like on the page.
  if (header.hasAlpha || header.needsHeicDecoder) return () => open().flatten({ background: '#ffffff' });
  return open;
}

async function encode(pipeline: Sharp, mimeType: ImageDerivative['mimeType']): Promise<ImageDerivative> {
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  return { bytes: data, mimeType, width: info.width, height: info.height, size: data.length, sha256: sha256(data) };
}

function decodeError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) {
    return new AppError('image_too_many_pixels', `The photo has more than ${MAX_IMAGE_PIXELS / 1_000_000} megapixels.`, { cause: error });
  }
  return new AppError('image_corrupt', 'The photo is damaged or incomplete and cannot be read; take or export it again.', {
    cause: error,
  });
}

// ---------------------------------------------------------------------------
// Byte helpers.

function unsupported(detail: string): AppError {
  return new AppError('image_unsupported_type', detail);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((byte, i) => bytes[i] === byte);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));
}

function asciiBytes(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

function readUint32BE(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) >>> 0) + (bytes[offset + 1]! << 16) + (bytes[offset + 2]! << 8) + bytes[offset + 3]!;
}

function readUint32LE(bytes: Uint8Array, offset: number): number {
  return bytes[offset]! + (bytes[offset + 1]! << 8) + (bytes[offset + 2]! << 16) + ((bytes[offset + 3]! << 24) >>> 0);
}

function readUint16LE(bytes: Uint8Array, offset: number): number {
  return bytes[offset]! + (bytes[offset + 1]! << 8);
}

function indexOfBytes(haystack: Uint8Array, needle: readonly number[], from = 0): number {
  const first = needle[0]!;
  for (let i = haystack.indexOf(first, from); i >= 0 && i + needle.length <= haystack.length; i = haystack.indexOf(first, i + 1)) {
    if (needle.every((byte, k) => haystack[i + k] === byte)) return i;
  }
  return -1;
}

function ftypBrands(bytes: Uint8Array): string[] {
  const boxSize = Math.min(readUint32BE(bytes, 0), bytes.length, 4096);
  const brands = [ascii(bytes, 8, 12)];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(ascii(bytes, offset, offset + 4));
  return brands;
}
