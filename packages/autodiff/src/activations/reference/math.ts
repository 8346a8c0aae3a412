/*
 * Float64 building blocks of the analytic activation references, written independently of the
 * library's primitives and kernels, in forms that stay accurate over the whole range (no 1 - s,
 * 1 - tanh^2 or x + sqrt(x^2 + b) cancellation).
 */

const exp = Math.exp;
const abs = Math.abs;

/** The logistic sigmoid, without overflow for either sign. */
export function sig(x: number): number {
  return x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x));
}
/** sigmoid'(x) = e^-|x| / (1 + e^-|x|)^2 */
export function sigp(x: number): number {
  const e = exp(-abs(x));
  return e / ((1 + e) * (1 + e));
}
/** sigmoid''(x) = sigmoid'(x) (1 - 2 sigmoid(x)) = -sigmoid'(x) tanh(x/2) */
export function sigpp(x: number): number {
  return -sigp(x) * Math.tanh(x / 2);
}
/** sech^2(x) = 4 e^-2|x| / (1 + e^-2|x|)^2 */
export function sech2(x: number): number {
  const e = exp(-2 * abs(x));
  return (4 * e) / ((1 + e) * (1 + e));
}
/** log(1 + e^x) without overflow or cancellation. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(exp(-x)) : Math.log1p(exp(x));
}
/** sqrt(x^2 + b) without overflow. */
export function hyp(x: number, b: number): number {
  const a = abs(x);
  return a >= 1 ? a * Math.sqrt(1 + b / a / a) : Math.sqrt(a * a + b);
}

/**
 * erfc on [0, inf) by a continued fraction (x >= 2) and by the Taylor series of erf (x < 2):
 * an implementation independent of the library's fdlibm port.
 */
export function refErfc(x: number): number {
  if (x < 0) return 2 - refErfc(-x);
  if (x < 2) {
    let term = x;
    let s = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      const add = term / (2 * n + 1);
      s += add;
      if (abs(add) < 1e-18 * abs(s)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * s;
  }
  // Lentz's continued fraction: erfc(x) = e^-x^2/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
  let f = x;
  let C = x;
  let D = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    D = x + a * D;
    C = x + a / C;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (abs(delta - 1) < 1e-16) break;
  }
  return exp(-x * x) / Math.sqrt(Math.PI) / f;
}
/** The standard normal CDF and PDF. */
export const Phi = (x: number): number => 0.5 * refErfc(-x / Math.SQRT2);
export const phi = (x: number): number => exp(-(x * x) / 2) / Math.sqrt(2 * Math.PI);

// x - tanh x by its Taylor series (nine terms), for |x| < 0.1 where the difference cancels
const TANH_SHRINK = [
  1 / 3,
  -2 / 15,
  17 / 315,
  -62 / 2835,
  1382 / 155925,
  -21844 / 6081075,
  929569 / 638512875,
  -6404582 / 10854718875,
  443861162 / 1856156927625,
];
/** x - tanh(x), accurate near 0. */
export function tanhShrink(x: number): number {
  if (abs(x) >= 0.1) return x - Math.tanh(x);
  const x2 = x * x;
  let s = 0;
  for (let k = TANH_SHRINK.length - 1; k >= 0; k--) s = s * x2 + TANH_SHRINK[k]!;
  return s * x * x2;
}

/** max |g| on [lo, hi] for a unimodal |g|, by golden-section search (for maxDerivative). */
export function maxOf(g: (x: number) => number, lo: number, hi: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  for (let i = 0; i < 200; i++) {
    const c = b - r * (b - a);
    const d = a + r * (b - a);
    if (abs(g(c)) > abs(g(d))) b = d;
    else a = c;
  }
  return abs(g((a + b) / 2));
}

export const step = (c: boolean): number => (c ? 1 : 0);
export const zero = (): number => 0;
