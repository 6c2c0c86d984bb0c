// Pure sizing rules for photos before upload (no DOM): the target size, the
// JPEG quality steps, and whether the original may be sent unchanged.
// Driven by prepare.ts (browser) and unit-tested in Node.

/** Long edge kept when the original is larger: enough for zoom, well above the 1024x768 floor. */
export const TARGET_LONG_EDGE = 2048;
/** Referral systems cap attachments at 5 MB per image (NHS e-RS): stay under it. */
export const MAX_SEND_BYTES = 5 * 1024 * 1024;
/** JPEG qualities tried in order; the next one only when the photo is still above MAX_SEND_BYTES. */
export const JPEG_QUALITY_STEPS: readonly number[] = [0.9, 0.85, 0.8, 0.75, 0.7, 0.6];
/** Types the browser-side re-encoding treats as faithful to send as they are (when small). */
export const SENDABLE_ORIGINAL_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/webp'];

export interface Size {
  width: number;
  height: number;
}

/** The upright size to send: long edge TARGET_LONG_EDGE when larger, never enlarged. */
export function targetSize(width: number, height: number, longEdge = TARGET_LONG_EDGE): Size & { scaled: boolean } {
  if (!(width > 0 && height > 0)) throw new RangeError(`Invalid image size ${width}x${height}`);
  const long = Math.max(width, height);
  if (long <= longEdge) return { width, height, scaled: false };
  const scale = longEdge / long;
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  // Rounding must not push the long edge past the target.
  return width >= height ? { width: longEdge, height: h, scaled: true } : { width: w, height: longEdge, scaled: true };
}

/** The quality that follows `quality` in JPEG_QUALITY_STEPS, or null when none is left. */
export function nextQuality(quality: number): number | null {
  const index = JPEG_QUALITY_STEPS.indexOf(quality);
  if (index < 0) return JPEG_QUALITY_STEPS.find((q) => q < quality) ?? null;
  return JPEG_QUALITY_STEPS[index + 1] ?? null;
}

/**
 * Encodes at the first quality step, then lower ones while the result is above
 * `maxBytes`. Returns the last attempt (even when still too large: the server
 * has its own, larger, cap).
 */
export async function encodeWithinBudget<T extends { size: number }>(
  encode: (quality: number) => Promise<T>,
  maxBytes = MAX_SEND_BYTES,
): Promise<{ result: T; quality: number; attempts: number }> {
  let quality = JPEG_QUALITY_STEPS[0]!;
  let attempts = 0;
  for (;;) {
    const result = await encode(quality);
    attempts++;
    const next = nextQuality(quality);
    if (result.size <= maxBytes || next === null) return { result, quality, attempts };
    quality = next;
  }
}

/**
 * Send the original bytes unchanged only when no resizing was needed, the
 * browser can show the format, it fits the budget, and the re-encoded copy is
 * not smaller (re-encoding it would only lose quality).
 */
export function shouldSendOriginal(input: {
  scaled: boolean;
  originalType: string;
  originalBytes: number;
  encodedBytes: number;
  maxBytes?: number;
}): boolean {
  const maxBytes = input.maxBytes ?? MAX_SEND_BYTES;
  return (
    !input.scaled &&
    SENDABLE_ORIGINAL_TYPES.includes(input.originalType.toLowerCase()) &&
    input.originalBytes <= maxBytes &&
    input.originalBytes <= input.encodedBytes
  );
}

/** True for names or types of HEIC/HEIF photos (iPhone), which most browsers cannot decode. */
export function isHeic(type: string, name = ''): boolean {
  return /^image\/hei[cf](-sequence)?$/i.test(type) || /\.hei[cf]$/i.test(name);
}
