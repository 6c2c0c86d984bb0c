import { describe, expect, it } from 'vitest';
import {
  encodeWithinBudget,
  isHeic,
  JPEG_QUALITY_STEPS,
  MAX_SEND_BYTES,
  nextQuality,
  shouldSendOriginal,
  TARGET_LONG_EDGE,
  targetSize,
} from './downsize.ts';

describe('targetSize', () => {
  it('brings a 12 MP landscape photo to a 2048 px long edge, keeping the ratio', () => {
    expect(targetSize(4032, 3024)).toEqual({ width: 2048, height: 1536, scaled: true });
  });
  it('does the same for a portrait photo', () => {
    expect(targetSize(3000, 4000)).toEqual({ width: 1536, height: 2048, scaled: true });
  });
  it('never enlarges a smaller photo', () => {
    expect(targetSize(1600, 1200)).toEqual({ width: 1600, height: 1200, scaled: false });
    expect(targetSize(640, 480)).toEqual({ width: 640, height: 480, scaled: false });
  });
  it('leaves a photo exactly at the target alone', () => {
    expect(targetSize(TARGET_LONG_EDGE, 1000)).toEqual({ width: TARGET_LONG_EDGE, height: 1000, scaled: false });
  });
  it('keeps the long edge exactly at the target for awkward ratios', () => {
    const size = targetSize(4097, 4095);
    expect(Math.max(size.width, size.height)).toBe(TARGET_LONG_EDGE);
    expect(size.height).toBe(2047);
  });
  it('keeps very narrow images at least one pixel wide', () => {
    expect(targetSize(10000, 1)).toEqual({ width: 2048, height: 1, scaled: true });
  });
  it('refuses an empty size', () => {
    expect(() => targetSize(0, 100)).toThrow(RangeError);
  });
});

describe('quality steps', () => {
  it('start at 0.9 and go down', () => {
    expect(JPEG_QUALITY_STEPS[0]).toBe(0.9);
    expect([...JPEG_QUALITY_STEPS].sort((a, b) => b - a)).toEqual([...JPEG_QUALITY_STEPS]);
    expect(nextQuality(0.9)).toBe(0.85);
    expect(nextQuality(JPEG_QUALITY_STEPS.at(-1)!)).toBeNull();
    expect(nextQuality(0.87)).toBe(0.85);
  });

  it('encodes once when the first quality fits the budget', async () => {
    const tried: number[] = [];
    const out = await encodeWithinBudget(async (q) => {
      tried.push(q);
      return { size: 2_000_000 };
    });
    expect(tried).toEqual([0.9]);
    expect(out).toMatchObject({ quality: 0.9, attempts: 1 });
  });

  it('lowers the quality stepwise only while above 5 MB', async () => {
    const sizes: Record<number, number> = { 0.9: 7e6, 0.85: 6e6, 0.8: 4.9e6 };
    const tried: number[] = [];
    const out = await encodeWithinBudget(async (q) => {
      tried.push(q);
      return { size: sizes[q] ?? 1e6 };
    });
    expect(tried).toEqual([0.9, 0.85, 0.8]);
    expect(out.quality).toBe(0.8);
    expect(out.result.size).toBeLessThanOrEqual(MAX_SEND_BYTES);
  });

  it('returns the last attempt when nothing fits', async () => {
    const out = await encodeWithinBudget(async () => ({ size: 9e6 }));
    expect(out.quality).toBe(JPEG_QUALITY_STEPS.at(-1));
    expect(out.attempts).toBe(JPEG_QUALITY_STEPS.length);
  });
});

describe('shouldSendOriginal', () => {
  const small = { scaled: false, originalType: 'image/jpeg', originalBytes: 900_000, encodedBytes: 1_100_000 };
  it('sends a small JPEG unchanged when re-encoding would not make it smaller', () => {
    expect(shouldSendOriginal(small)).toBe(true);
  });
  it('sends the re-encoded copy when it is smaller', () => {
    expect(shouldSendOriginal({ ...small, encodedBytes: 800_000 })).toBe(false);
  });
  it('never sends an original that had to be resized', () => {
    expect(shouldSendOriginal({ ...small, scaled: true })).toBe(false);
  });
  it('never sends an original above the budget', () => {
    expect(shouldSendOriginal({ ...small, originalBytes: 6e6, encodedBytes: 7e6 })).toBe(false);
  });
  it('never sends formats the viewer cannot show (BMP, TIFF)', () => {
    expect(shouldSendOriginal({ ...small, originalType: 'image/bmp' })).toBe(false);
  });
});

describe('isHeic', () => {
  it('recognises HEIC and HEIF by type or name', () => {
    expect(isHeic('image/heic')).toBe(true);
    expect(isHeic('image/HEIF')).toBe(true);
    expect(isHeic('', 'IMG_0001.HEIC')).toBe(true);
    expect(isHeic('image/jpeg', 'a.jpg')).toBe(false);
  });
});
