// Pure zoom-and-pan arithmetic of the viewer (tested in Node): the image layer
// is scaled from its top-left corner and translated; zooming keeps the point
// under the cursor (or between two fingers) where it is; panning never shows
// beyond the image's edges.
export interface View {
  scale: number;
  x: number;
  y: number;
}
export interface Box {
  width: number;
  height: number;
}

export const MIN_SCALE = 1;
export const MAX_SCALE = 8;
export const KEY_ZOOM_STEP = 1.25;
/** Share of the stage moved by one arrow key press when zoomed. */
export const KEY_PAN_SHARE = 0.1;
/** From this zoom the full-size variant is loaded instead of the preview. */
export const FULL_VARIANT_FROM_SCALE = 1.5;

export const FIT: View = { scale: 1, x: 0, y: 0 };

export function clampView(view: View, box: Box): View {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale));
  const minX = box.width - box.width * scale;
  const minY = box.height - box.height * scale;
  return { scale, x: Math.min(0, Math.max(minX, view.x)), y: Math.min(0, Math.max(minY, view.y)) };
}

/** Zooms by `factor` around the point (px, py) of the stage. */
export function zoomAt(view: View, factor: number, px: number, py: number, box: Box): View {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  const ratio = scale / view.scale;
  return clampView({ scale, x: px - (px - view.x) * ratio, y: py - (py - view.y) * ratio }, box);
}

export function panBy(view: View, dx: number, dy: number, box: Box): View {
  return clampView({ ...view, x: view.x + dx, y: view.y + dy }, box);
}

/** Wheel delta to a zoom factor (pixels, lines or pages). */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.exp(-pixels * 0.0015);
}
