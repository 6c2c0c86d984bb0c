import { describe, expect, it } from 'vitest';
import { clampView, FIT, MAX_SCALE, panBy, wheelFactor, zoomAt } from './zoom.ts';

const box = { width: 800, height: 600 };

describe('zoom and pan', () => {
  it('keeps the point under the cursor in place', () => {
    const v = zoomAt(FIT, 2, 200, 150, box);
    expect(v.scale).toBe(2);
    // The image point under (200,150) before: (200,150); after: x + 200*2 = 200.
    expect(v.x + 200 * v.scale).toBeCloseTo(200);
    expect(v.y + 150 * v.scale).toBeCloseTo(150);
  });
  it('never zooms out beyond fit nor in beyond the maximum', () => {
    expect(zoomAt(FIT, 0.5, 0, 0, box)).toEqual(FIT);
    expect(zoomAt(FIT, 100, 400, 300, box).scale).toBe(MAX_SCALE);
  });
  it('never pans past the edges', () => {
    const zoomed = zoomAt(FIT, 2, 400, 300, box);
    expect(panBy(zoomed, 10_000, 10_000, box)).toMatchObject({ x: 0, y: 0 });
    expect(panBy(zoomed, -10_000, -10_000, box)).toMatchObject({ x: -800, y: -600 });
    expect(panBy(FIT, 50, 50, box)).toEqual(FIT);
  });
  it('clamps a stored view to a smaller stage', () => {
    expect(clampView({ scale: 2, x: -1000, y: 0 }, box).x).toBe(-800);
  });
  it('turns wheel deltas into factors (down zooms out)', () => {
    expect(wheelFactor(-100, 0)).toBeGreaterThan(1);
    expect(wheelFactor(100, 0)).toBeLessThan(1);
    expect(wheelFactor(3, 1)).toBeCloseTo(wheelFactor(48, 0));
  });
});
