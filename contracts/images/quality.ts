// Photo quality checks shared by the browser (instant feedback while the
// patient is still there) and the server (the verdict that is stored). Pure
// TypeScript on an 8-bit greyscale image: no DOM, no Node APIs. Both sides
// first shrink the photo so its long edge is ANALYSIS_LONG_EDGE, so that the
// numbers, which depend on scale, agree.
//
// The thresholds are starting points measured on the test fixtures (camera
// and phone photos, and blurred or darkened copies), not clinically
// validated: adjust them here, in one place.

/** Long edge, in pixels, of the greyscale image the metrics are computed on. */
export const ANALYSIS_LONG_EDGE = 1024;

/** Usual teledermatology floor: at least 1024x768 (either orientation). */
export const RESOLUTION_FLOOR = { longEdge: 1024, shortEdge: 768 } as const;
/** Below this, no retake advice makes sense any more: the picture cannot be used. */
export const RESOLUTION_UNUSABLE = { longEdge: 480, shortEdge: 360 } as const;

/** Sharpness is measured on a grid of tiles; the sharpest share of them counts (the subject, not a plain background). */
export const SHARPNESS_GRID = 8;
export const SHARPEST_TILE_SHARE = 0.25;
/** Below this sharpness (variance of the Laplacian), the photo is blurred: retake. */
export const BLURRED_SHARPNESS = 40;
/** Below this, nothing is recognisable. */
export const UNUSABLE_SHARPNESS = 6;

/** Luminance at or below which a pixel counts as underexposed. */
export const DARK_LEVEL = 35;
/** Luminance at or above which a pixel counts as overexposed. */
export const BRIGHT_LEVEL = 235;
/** Luminance at or above which a pixel counts as clipped (glare, flash reflection). */
export const GLARE_LEVEL = 250;
/** Share of underexposed pixels from which the photo is too dark: retake. */
export const TOO_DARK_SHARE = 0.5;
/** Share of overexposed pixels from which the photo is too bright: retake. */
export const TOO_BRIGHT_SHARE = 0.5;
/** Share of under- or overexposed pixels from which the photo is unusable. */
export const UNUSABLE_EXPOSURE_SHARE = 0.95;
/** Share of clipped pixels from which the photo shows glare: retake. */
export const GLARE_SHARE = 0.05;

export type QualityVerdict = 'good' | 'retake' | 'unusable';
export type QualityReason = 'blurred' | 'too_dark' | 'too_bright' | 'glare' | 'low_resolution';

export interface QualityMetrics {
  /** Variance of the Laplacian in the sharpest tiles of the analysis image; higher is sharper. */
  sharpness: number;
  /** Mean luminance, 0-255. */
  meanLuminance: number;
  /** Shares (0-1) of pixels at or below DARK_LEVEL, at or above BRIGHT_LEVEL, at or above GLARE_LEVEL. */
  underexposedShare: number;
  overexposedShare: number;
  glareShare: number;
  /** Size of the photo itself (upright), not of the analysis image. */
  width: number;
  height: number;
  meetsResolutionFloor: boolean;
}

export interface QualityReport {
  verdict: QualityVerdict;
  /** Empty when the verdict is 'good'. */
  reasons: QualityReason[];
  metrics: QualityMetrics;
}

export interface GreyImage {
  /** One byte per pixel, row by row. */
  pixels: Uint8Array;
  width: number;
  height: number;
}

/** The size to shrink a photo to before analysis (never enlarged). */
export function analysisSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, ANALYSIS_LONG_EDGE / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Variance of the 4-neighbour Laplacian, computed per tile of a grid; returns
 * the mean over the sharpest SHARPEST_TILE_SHARE of the tiles.
 */
export function laplacianSharpness(image: GreyImage): number {
  const { pixels, width, height } = image;
  if (width < 3 || height < 3) return 0;
  const grid = Math.max(1, Math.min(SHARPNESS_GRID, Math.floor(width / 8), Math.floor(height / 8)));
  const tileCount = grid * grid;
  const sums = new Float64Array(tileCount);
  const squares = new Float64Array(tileCount);
  const counts = new Float64Array(tileCount);
  const tileColumn = new Int32Array(width);
  for (let x = 0; x < width; x++) tileColumn[x] = Math.min(grid - 1, Math.floor((x * grid) / width));
  for (let y = 1; y < height - 1; y++) {
    const tileRow = Math.min(grid - 1, Math.floor((y * grid) / height)) * grid;
    const row = y * width;
    for (let x = 1; x < width - 1; x++) {
      const i = row + x;
      const laplacian = pixels[i - 1]! + pixels[i + 1]! + pixels[i - width]! + pixels[i + width]! - 4 * pixels[i]!;
      const tile = tileRow + tileColumn[x]!;
      sums[tile]! += laplacian;
      squares[tile]! += laplacian * laplacian;
      counts[tile]! += 1;
    }
  }
  const variances: number[] = [];
  for (let t = 0; t < tileCount; t++) {
    const n = counts[t]!;
    if (n > 0) {
      const mean = sums[t]! / n;
      variances.push(squares[t]! / n - mean * mean);
    }
  }
  variances.sort((a, b) => b - a);
  const kept = variances.slice(0, Math.max(1, Math.round(variances.length * SHARPEST_TILE_SHARE)));
  return kept.reduce((total, v) => total + v, 0) / kept.length;
}

/** Mean luminance and the shares of dark, bright and clipped pixels. */
export function exposureMetrics(image: GreyImage): {
  meanLuminance: number;
  underexposedShare: number;
  overexposedShare: number;
  glareShare: number;
} {
  const { pixels } = image;
  const total = pixels.length;
  if (total === 0) return { meanLuminance: 0, underexposedShare: 0, overexposedShare: 0, glareShare: 0 };
  let sum = 0;
  let dark = 0;
  let bright = 0;
  let clipped = 0;
  for (let i = 0; i < total; i++) {
    const value = pixels[i]!;
    sum += value;
    if (value <= DARK_LEVEL) dark++;
    else if (value >= BRIGHT_LEVEL) {
      bright++;
      if (value >= GLARE_LEVEL) clipped++;
    }
  }
  return {
    meanLuminance: sum / total,
    underexposedShare: dark / total,
    overexposedShare: bright / total,
    glareShare: clipped / total,
  };
}

/**
 * Verdict on a photo from its analysis image (see ANALYSIS_LONG_EDGE) and its
 * own upright size.
 */
export function assessQuality(analysis: GreyImage, photoSize: { width: number; height: number }): QualityReport {
  const sharpness = laplacianSharpness(analysis);
  const exposure = exposureMetrics(analysis);
  const longEdge = Math.max(photoSize.width, photoSize.height);
  const shortEdge = Math.min(photoSize.width, photoSize.height);
  const meetsResolutionFloor = longEdge >= RESOLUTION_FLOOR.longEdge && shortEdge >= RESOLUTION_FLOOR.shortEdge;

  const reasons: QualityReason[] = [];
  let unusable = false;
  if (!meetsResolutionFloor) {
    reasons.push('low_resolution');
    unusable ||= longEdge < RESOLUTION_UNUSABLE.longEdge || shortEdge < RESOLUTION_UNUSABLE.shortEdge;
  }
  if (sharpness < BLURRED_SHARPNESS) {
    reasons.push('blurred');
    unusable ||= sharpness < UNUSABLE_SHARPNESS;
  }
  if (exposure.underexposedShare >= TOO_DARK_SHARE) {
    reasons.push('too_dark');
    unusable ||= exposure.underexposedShare >= UNUSABLE_EXPOSURE_SHARE;
  }
  if (exposure.overexposedShare >= TOO_BRIGHT_SHARE) {
    reasons.push('too_bright');
    unusable ||= exposure.overexposedShare >= UNUSABLE_EXPOSURE_SHARE;
  } else if (exposure.glareShare >= GLARE_SHARE) {
    // An overall too bright photo is clipped everywhere; glare means bright spots on a correct exposure.
    reasons.push('glare');
  }

  const verdict: QualityVerdict = unusable ? 'unusable' : reasons.length > 0 ? 'retake' : 'good';
  return {
    verdict,
    reasons,
    metrics: { sharpness, ...exposure, width: photoSize.width, height: photoSize.height, meetsResolutionFloor },
  };
}
