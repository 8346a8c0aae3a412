/** Small helpers for the training view's SVG charts (pure, so they are tested without a DOM). */

export interface Box {
  /** Pixel x of value 0 and of xMax. */
  x0: number;
  x1: number;
  /** Pixel y of value 0 and of yMax (y1 < y0: SVG's y grows downward). */
  y0: number;
  y1: number;
  xMax: number;
  yMax: number;
}

/** An SVG path through the points (x[i], y[i]); non-finite values break the line. */
export function linePath(x: readonly number[], y: readonly number[], box: Box): string {
  const sx = (v: number) => box.x0 + ((box.x1 - box.x0) * v) / box.xMax;
  const sy = (v: number) => box.y0 + ((box.y1 - box.y0) * Math.min(v, box.yMax)) / box.yMax;
  let d = '';
  let pen = false;
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (!Number.isFinite(y[i]!) || !Number.isFinite(x[i]!)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${sx(x[i]!).toFixed(1)} ${sy(y[i]!).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** Position in [0, 1] of a gradient norm on a log scale from 1e-6 to 10 (0 and below at 0). */
export function logPosition(norm: number, lo = 1e-6, hi = 10): number {
  if (!(norm > 0)) return 0;
  const t = (Math.log10(norm) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
  return Math.min(1, Math.max(0, t));
}
