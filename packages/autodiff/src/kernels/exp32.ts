import type { TypedArray } from '../dtype.js';

/*
 * exp and expm1 into float32 outputs, about twice as fast as Math.exp and Math.expm1 (which V8
 * runs as calls into C) and rounded exactly as Math.fround(Math.exp(x)) and
 * Math.fround(Math.expm1(x)) are. For each element an approximation y with a relative error
 * below 2^-44 is kept only when y (1 - 2^-40) and y (1 + 2^-40) round to the same float32: the
 * exact value and Math's result (within a double ulp of it) lie in that interval, and rounding
 * is monotonic, so they round to that float32 too. The few other elements (about one in 2^15,
 * plus NaN and x outside (-103, 88)) are recomputed with Math in a second pass, which keeps the
 * call out of the hot loop. tooling/bench checks this against Math on every float32 input
 * (`pnpm --filter @gradflow/bench verify:exp32`) and on a sample in its tests.
 *
 * exp(x) = 2^(n/32) exp(r): n = round(32 x / ln 2), r = x - n ln2/32 with |r| <= ln2/64, the
 * scale read from two tables, exp(r) from its Taylor polynomial of degree 6 (truncation below
 * 2^-58). ln2/32 is split Cody-Waite style (fdlibm's ln2_hi, ln2_lo over 32) so that
 * n ln2_hi / 32 is exact.
 */
const INV_LN2_32 = 32 / Math.LN2;
const LN2_HI_32 = 6.9314718036912381649e-1 / 32;
const LN2_LO_32 = 1.90821492927058770002e-10 / 32;
/** Adding and subtracting 1.5 * 2^52 rounds a double below 2^51 in magnitude to an integer (ties to even); Math.round is much slower in V8. */
const SHIFTER = 6755399441055744;
const WIDEN_DOWN = 1 - 2 ** -40;
const WIDEN_UP = 1 + 2 ** -40;
const LO = -103;
const HI = 88;

/** 2^k for k in [-160, 160], at index k + 160 (built by exact doubling and halving). */
const POW2 = new Float64Array(321);
POW2[160] = 1;
for (let k = 1; k <= 160; k++) {
  POW2[160 + k] = POW2[159 + k]! * 2;
  POW2[160 - k] = POW2[161 - k]! / 2;
}

/** 2^(j/32) for j in [0, 32), to within a double ulp. */
const POW2_FRAC = Float64Array.from({ length: 32 }, (_, j) => 2 ** (j / 32));

/** exp(x) to a relative error below 2^-48, for LO <= x <= HI. */
function expApprox(x: number): number {
  const n = x * INV_LN2_32 + SHIFTER - SHIFTER;
  const r = x - n * LN2_HI_32 - n * LN2_LO_32;
  const p = 1 + r * (1 + r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720))))));
  const i = n | 0;
  return POW2[(i >> 5) + 160]! * POW2_FRAC[i & 31]! * p;
}

/** Indices of the elements a block leaves to the second pass. */
const redo = new Int32Array(4096);

/** o[k] = fround(Math.exp(x[k + d])) for start <= k < end. */
export function expIntoFloat32(
  o: Float32Array,
  x: TypedArray,
  start: number,
  end: number,
  d = 0,
): void {
  for (let b = start; b < end; b += redo.length) {
    const e = Math.min(end, b + redo.length);
    let m = 0;
    for (let k = b; k < e; k++) {
      const v = x[k + d]!;
      const y = expApprox(v > LO ? (v < HI ? v : HI) : LO);
      const lo = Math.fround(y * WIDEN_DOWN);
      o[k] = lo;
      if (lo !== Math.fround(y * WIDEN_UP) || !(v > LO && v < HI)) redo[m++] = k;
    }
    for (let t = 0; t < m; t++) o[redo[t]!] = Math.exp(x[redo[t]! + d]!);
  }
}

/**
 * o[k] = fround(Math.expm1(x[k + d])) for start <= k < end. |x| < 1/16: the Taylor series of
 * degree 8 (truncation below 2^-50 relative); otherwise exp(x) - 1, where |e^x - 1| > 0.06
 * keeps the relative error below 2^-44.
 */
export function expm1IntoFloat32(
  o: Float32Array,
  x: TypedArray,
  start: number,
  end: number,
  d = 0,
): void {
  for (let b = start; b < end; b += redo.length) {
    const e = Math.min(end, b + redo.length);
    let m = 0;
    for (let k = b; k < e; k++) {
      const v = x[k + d]!;
      const y =
        v > -0.0625 && v < 0.0625
          ? v *
            (1 +
              v *
                (1 / 2 +
                  v *
                    (1 / 6 +
                      v *
                        (1 / 24 +
                          v * (1 / 120 + v * (1 / 720 + v * (1 / 5040 + v * (1 / 40320))))))))
          : expApprox(v > LO ? (v < HI ? v : HI) : LO) - 1;
      const lo = Math.fround(y * WIDEN_DOWN);
      o[k] = lo;
      if (lo !== Math.fround(y * WIDEN_UP) || !(v > LO && v < HI)) redo[m++] = k;
    }
    for (let t = 0; t < m; t++) o[redo[t]!] = Math.expm1(x[redo[t]! + d]!);
  }
}
