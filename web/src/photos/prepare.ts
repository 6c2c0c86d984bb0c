// Turns a photo (camera capture or picked file) into what is uploaded: upright
// (EXIF orientation honoured), long edge at most 2048 px, JPEG under 5 MB, and
// the quality verdict of contracts/images/quality.ts computed on a 1024 px
// greyscale copy. Runs in quality.worker.ts (off the main thread) or in a page
// (benchmarks, browsers without workers): it needs createImageBitmap and
// OffscreenCanvas, nothing else. Undecodable photos (HEIC in most browsers)
// are passed through unchanged with no analysis: the server checks them.
import { analysisSize, assessQuality, type GreyImage, type QualityReport } from '../../../contracts/images/quality.ts';
import { encodeWithinBudget, shouldSendOriginal, targetSize } from './downsize.ts';

export interface PreparedPhoto {
  /** What to upload. */
  blob: Blob;
  /** Upright size of what is uploaded; null when the browser could not decode the photo. */
  width: number | null;
  height: number | null;
  /** The browser-side quality verdict; null when the photo could not be decoded here. */
  analysis: QualityReport | null;
  /** 'encoded': resized/re-encoded JPEG; 'original': the bytes as given. */
  source: 'encoded' | 'original';
  /** JPEG quality used, when encoded. */
  quality: number | null;
  originalBytes: number;
  /** Upright size of the original, when decodable. */
  originalWidth: number | null;
  originalHeight: number | null;
  /** Time spent, in milliseconds (analysis, then everything). */
  analysisMs: number | null;
  totalMs: number;
}

/** Reads the RGBA pixels of a bitmap drawn at `size` into 8-bit luminance. */
function toGrey(bitmap: ImageBitmap, size: { width: number; height: number }): GreyImage {
  const canvas = new OffscreenCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas unavailable');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, size.width, size.height);
  const rgba = ctx.getImageData(0, 0, size.width, size.height).data;
  const pixels = new Uint8Array(size.width * size.height);
  for (let i = 0, p = 0; p < pixels.length; i += 4, p++) {
    // Rec. 709 luma on the sRGB values, as the server's greyscale conversion.
    pixels[p] = Math.round(0.2126 * rgba[i]! + 0.7152 * rgba[i + 1]! + 0.0722 * rgba[i + 2]!);
  }
  return { pixels, width: size.width, height: size.height };
}

/** Decodes a photo upright, or null when this browser cannot decode it. */
async function decode(file: Blob): Promise<ImageBitmap | null> {
  try {
    return await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return null;
  }
}

/** Quality verdict only (quick): used to answer within a second, before the encoding. */
export function analyse(bitmap: ImageBitmap): QualityReport {
  const grey = toGrey(bitmap, analysisSize(bitmap.width, bitmap.height));
  return assessQuality(grey, { width: bitmap.width, height: bitmap.height });
}

async function encode(bitmap: ImageBitmap, width: number, height: number, quality: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas unavailable');
  ctx.drawImage(bitmap, 0, 0, width, height);
  return canvas.convertToBlob({ type: 'image/jpeg', quality });
}

export interface PrepareOptions {
  /** Called with the verdict as soon as it is known, before the (slower) encoding. */
  onAnalysis?: (analysis: QualityReport) => void;
}

/**
 * Prepares one photo for upload. Never enlarges; resizes to a 2048 px long
 * edge when larger; re-encodes as JPEG 0.9 (lower steps only above 5 MB); sends
 * the original unchanged only when it is small and no smaller faithful copy exists.
 */
export async function prepareForUpload(file: Blob, options: PrepareOptions = {}): Promise<PreparedPhoto> {
  const started = performance.now();
  const bitmap = await decode(file);
  if (!bitmap) {
    return {
      blob: file,
      width: null,
      height: null,
      analysis: null,
      source: 'original',
      quality: null,
      originalBytes: file.size,
      originalWidth: null,
      originalHeight: null,
      analysisMs: null,
      totalMs: performance.now() - started,
    };
  }
  try {
    const originalWidth = bitmap.width;
    const originalHeight = bitmap.height;
    const analysis = analyse(bitmap);
    const analysisMs = performance.now() - started;
    options.onAnalysis?.(analysis);

    const target = targetSize(originalWidth, originalHeight);
    // A high-quality resize first (better than one canvas draw for large reductions).
    const source = target.scaled
      ? await createImageBitmap(bitmap, { resizeWidth: target.width, resizeHeight: target.height, resizeQuality: 'high' })
      : bitmap;
    try {
      const { result, quality } = await encodeWithinBudget((q) => encode(source, target.width, target.height, q));
      const keepOriginal = shouldSendOriginal({ scaled: target.scaled, originalType: file.type, originalBytes: file.size, encodedBytes: result.size });
      return {
        blob: keepOriginal ? file : result,
        width: target.width,
        height: target.height,
        analysis,
        source: keepOriginal ? 'original' : 'encoded',
        quality: keepOriginal ? null : quality,
        originalBytes: file.size,
        originalWidth,
        originalHeight,
        analysisMs,
        totalMs: performance.now() - started,
      };
    } finally {
      if (source !== bitmap) source.close();
    }
  } finally {
    bitmap.close();
  }
}
