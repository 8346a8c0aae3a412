/** Scales for the training view's charts (pure, so they are tested without a DOM). */

/** Position in [0, 1] of a gradient norm on a log scale from 1e-6 to 10 (0 and below at 0). */
export function logPosition(norm: number, lo = 1e-6, hi = 10): number {
  if (!(norm > 0)) return 0;
  const t = (Math.log10(norm) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
  return Math.min(1, Math.max(0, t));
}
