import type { Answer } from './cases/types.js';

/**
 * Error of `got` against the float64 `ref`: the largest |got - ref| / (|ref| + rms(ref)) over
 * all elements of all parts, i.e. the relative error with a floor at the part's typical
 * magnitude, so that elements that happen to be near zero (a sum of random signs) do not
 * dominate. NaN where `got` has a NaN that `ref` does not, or the wrong length.
 */
export function relativeError(got: Answer, ref: Answer): number {
  if (got.length !== ref.length) return NaN;
  let worst = 0;
  for (let p = 0; p < ref.length; p++) {
    const g = got[p];
    const r = ref[p];
    if (g.length !== r.length) return NaN;
    let sq = 0;
    for (let i = 0; i < r.length; i++) sq += r[i] * r[i];
    const floor = Math.sqrt(sq / Math.max(1, r.length)) || Number.MIN_VALUE;
    for (let i = 0; i < r.length; i++) {
      const e = Math.abs(g[i] - r[i]) / (Math.abs(r[i]) + floor);
      if (!(e <= worst)) {
        if (Number.isNaN(e)) return NaN;
        worst = e;
      }
    }
  }
  return worst;
}
