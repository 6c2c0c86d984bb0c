import { describe, expect, it } from 'vitest';
import {
  ANALYSIS_LONG_EDGE,
  BLURRED_SHARPNESS,
  analysisSize,
  assessQuality,
  exposureMetrics,
  laplacianSharpness,
  type GreyImage,
} from './quality.ts';

const WIDTH = 640;
const HEIGHT = 480;
const PHOTO = { width: 4032, height: 3024 };

/** Deterministic texture: mid-grey values with fine detail (a seeded LCG, no Math.random). */
function texture(width = WIDTH, height = HEIGHT, base = 128, spread = 80): GreyImage {
  let seed = 12345;
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    pixels[i] = Math.max(0, Math.min(255, base - spread / 2 + ((seed >>> 16) % spread)));
  }
  return { pixels, width, height };
}

/** Repeated box blur: close to a Gaussian blur, like an out-of-focus photo. */
function blur(image: GreyImage, radius: number, passes = 3): GreyImage {
  let current = image.pixels;
  const { width, height } = image;
  for (let pass = 0; pass < passes; pass++) {
    const next = new Uint8Array(current.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let sum = 0;
        let count = 0;
        for (let dy = -radius; dy <= radius; dy++) {
          for (let dx = -radius; dx <= radius; dx++) {
            const sx = x + dx;
            const sy = y + dy;
            if (sx >= 0 && sx < width && sy >= 0 && sy < height) {
              sum += current[sy * width + sx]!;
              count++;
            }
          }
        }
        next[y * width + x] = Math.round(sum / count);
      }
    }
    current = next;
  }
  return { pixels: current, width, height };
}

function uniform(value: number, width = WIDTH, height = HEIGHT): GreyImage {
  return { pixels: new Uint8Array(width * height).fill(value), width, height };
}

describe('sharpness', () => {
  it('scores a detailed image far above its blurred copy', () => {
    const sharp = texture();
    const blurred = blur(sharp, 2);
    expect(laplacianSharpness(sharp)).toBeGreaterThan(10 * BLURRED_SHARPNESS);
    expect(laplacianSharpness(blurred)).toBeLessThan(BLURRED_SHARPNESS);
    expect(assessQuality(sharp, PHOTO)).toMatchObject({ verdict: 'good', reasons: [] });
    expect(assessQuality(blurred, PHOTO).reasons).toEqual(['blurred']);
  });

  it('judges by the sharpest part, so a plain background does not count as blur', () => {
    const detailed = texture();
    const mostlyPlain = uniform(128);
    // Detail in the top-left quarter only: the subject on a plain sheet.
    for (let y = 0; y < HEIGHT / 2; y++) {
      for (let x = 0; x < WIDTH / 2; x++) mostlyPlain.pixels[y * WIDTH + x] = detailed.pixels[y * WIDTH + x]!;
    }
    expect(assessQuality(mostlyPlain, PHOTO).reasons).not.toContain('blurred');
  });

  it('calls a flat image unusable', () => {
    expect(laplacianSharpness(uniform(128))).toBe(0);
    expect(assessQuality(uniform(128), PHOTO).verdict).toBe('unusable');
  });

  it('handles images too small to measure', () => {
    expect(laplacianSharpness(uniform(128, 2, 2))).toBe(0);
  });
});

describe('exposure and glare', () => {
  it('flags a dark photo and a bright photo, not a well-exposed one', () => {
    const dark = texture(WIDTH, HEIGHT, 25, 30);
    const bright = texture(WIDTH, HEIGHT, 240, 20);
    expect(exposureMetrics(dark).underexposedShare).toBeGreaterThan(0.5);
    expect(assessQuality(dark, PHOTO)).toMatchObject({ verdict: 'retake', reasons: ['too_dark'] });
    expect(assessQuality(bright, PHOTO)).toMatchObject({ verdict: 'retake', reasons: ['too_bright'] });
    const normal = exposureMetrics(texture());
    expect(normal.underexposedShare).toBe(0);
    expect(normal.overexposedShare).toBe(0);
    expect(normal.meanLuminance).toBeGreaterThan(100);
    expect(normal.meanLuminance).toBeLessThan(160);
  });

  it('calls an all-black or all-white frame unusable', () => {
    expect(assessQuality(texture(WIDTH, HEIGHT, 5, 10), PHOTO).verdict).toBe('unusable');
    expect(assessQuality(uniform(255), PHOTO)).toMatchObject({ verdict: 'unusable', reasons: ['blurred', 'too_bright'] });
  });

  it('flags glare: a clipped highlight on an otherwise correct exposure', () => {
    const withGlare = texture();
    for (let y = 100; y < 200; y++) for (let x = 100; x < 300; x++) withGlare.pixels[y * WIDTH + x] = 255;
    const report = assessQuality(withGlare, PHOTO);
    expect(report.metrics.glareShare).toBeCloseTo((100 * 200) / (WIDTH * HEIGHT), 5);
    expect(report).toMatchObject({ verdict: 'retake', reasons: ['glare'] });
  });
});

describe('resolution', () => {
  it('checks the photo size against the 1024x768 floor in either orientation', () => {
    const image = texture();
    expect(assessQuality(image, { width: 1024, height: 768 }).metrics.meetsResolutionFloor).toBe(true);
    expect(assessQuality(image, { width: 768, height: 1024 }).reasons).toEqual([]);
    expect(assessQuality(image, { width: 1000, height: 750 })).toMatchObject({ verdict: 'retake', reasons: ['low_resolution'] });
    expect(assessQuality(image, { width: 320, height: 240 })).toMatchObject({ verdict: 'unusable', reasons: ['low_resolution'] });
  });

  it('says how far to shrink a photo before analysis, never enlarging', () => {
    expect(analysisSize(4032, 3024)).toEqual({ width: ANALYSIS_LONG_EDGE, height: 768 });
    expect(analysisSize(3024, 4032)).toEqual({ width: 768, height: ANALYSIS_LONG_EDGE });
    expect(analysisSize(640, 480)).toEqual({ width: 640, height: 480 });
  });
});
