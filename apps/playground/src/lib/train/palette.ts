/**
 * The decision boundary's diverging palette: orange for class 0, blue for class 1 (the
 * TensorFlow Playground's pair, which survives colour blindness), white at probability 0.5. The
 * background is a lighter blend so the data points drawn on top stay visible.
 */
export const CLASS_COLOURS = { 0: [232, 113, 10], 1: [25, 103, 210] } as const;

/** How far the background goes toward the class colour at probability 0 or 1. */
export const BACKGROUND_STRENGTH = 0.7;

/** RGB of a probability p of class 1 (clamped to [0, 1]; NaN is grey). */
export function probabilityColour(p: number): [number, number, number] {
  if (Number.isNaN(p)) return [160, 160, 160];
  const t = 2 * Math.min(1, Math.max(0, p)) - 1;
  const [r, g, b] = CLASS_COLOURS[t < 0 ? 0 : 1];
  const s = Math.abs(t) * BACKGROUND_STRENGTH;
  return [
    Math.round(255 + (r - 255) * s),
    Math.round(255 + (g - 255) * s),
    Math.round(255 + (b - 255) * s),
  ];
}

/** Fills RGBA pixels (one per grid cell) from probabilities. */
export function paintGrid(grid: ArrayLike<number>, out: Uint8ClampedArray): void {
  for (let i = 0; i < grid.length; i++) {
    const [r, g, b] = probabilityColour(grid[i]!);
    out[4 * i] = r;
    out[4 * i + 1] = g;
    out[4 * i + 2] = b;
    out[4 * i + 3] = 255;
  }
}
