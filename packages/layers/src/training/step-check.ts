/*
 * The check of a compiled training step against the same step run eagerly: equal up to the
 * WebAssembly backend's rounding, or the compiled program read something while tracing that it
 * should have taken as an argument.
 */
import type { Tensor } from '@gradflow/autodiff';

/**
 * Relative tolerance: the WebAssembly backend's float32 exp, log and erf are within a few ulps of
 * the eager kernels, which a step can amplify a little (measured: below 1e-6 of the largest
 * value); a value read while tracing is wrong by far more.
 */
const TOLERANCE = { float32: 1e-3, float64: 1e-9 };

/** The largest |x| over tensors' finite elements. */
function largest(ts: readonly Tensor[]): number {
  let m = 0;
  for (const t of ts)
    for (const v of t.data()) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}

/** The largest |a - b| over two tensors' elements (0 when equal, NaNs and infinities alike). */
function difference(a: Tensor, b: Tensor): number {
  if (a.size !== b.size) return Infinity;
  const x = a.data();
  const y = b.data();
  let worst = 0;
  for (let i = 0; i < y.length; i++) {
    const u = x[i]!;
    const v = y[i]!;
    if (u === v || (Number.isNaN(u) && Number.isNaN(v))) continue;
    worst = Math.max(worst, Math.abs(u - v));
  }
  return Number.isNaN(worst) ? Infinity : worst;
}

/** A group of results to compare: its name, the compiled and the eager tensors. */
export type Group = readonly [what: string, got: readonly Tensor[], want: readonly Tensor[]];

/**
 * Where compiled results differ from eager ones, or null. Each group is compared relative to its
 * largest value: a gradient that is rounding noise (a bias before
 * BatchNormalization) is judged against the others, not against itself.
 */
export function disagreement(groups: readonly Group[]): string | null {
  for (const [what, a, b] of groups) {
    if (a.length !== b.length) return `${what} differ in number from the eager step's`;
    const scale = largest(b) || 1;
    for (let i = 0; i < b.length; i++) {
      const d = difference(a[i]!, b[i]!) / scale;
      if (d > TOLERANCE[b[i]!.dtype])
        return `${what} differ from the eager step's by ${d.toPrecision(3)} (relative to the largest)`;
    }
  }
  return null;
}
