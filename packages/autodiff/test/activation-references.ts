/*
 * Analytic values, first and second derivatives of every elementwise activation, written out
 * independently of the library, in float64, in forms that are themselves accurate over the whole
 * range (no 1 - s, 1 - tanh^2 or x + sqrt(x^2 + b) cancellation). At kinks they follow the
 * documented convention (relu'(0) = 0, ...). `scale` is the sum of the magnitudes of the terms
 * of a derivative, for the few derivatives that cross zero away from a kink: relative error is
 * measured against it there, since no method can give relative accuracy at a root.
 */
import { SELU_ALPHA, SELU_SCALE } from '../src/index.js';

export interface Reference {
  f: (x: number) => number;
  d1: (x: number) => number;
  d2: (x: number) => number;
  scale1?: (x: number) => number;
  scale2?: (x: number) => number;
  /** Points where the derivative is discontinuous and a convention decides (tested separately). */
  kinks?: number[];
}

const exp = Math.exp;
const abs = Math.abs;

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
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(exp(-x)) : Math.log1p(exp(x));
}
/** sqrt(x^2 + b) without overflow. */
function hyp(x: number, b: number): number {
  const a = abs(x);
  return a >= 1 ? a * Math.sqrt(1 + b / a / a) : Math.sqrt(a * a + b);
}

// erfc on [0, inf) by a continued fraction (x >= 2) and by the Taylor series of erf (x < 2):
// an implementation independent of the library's fdlibm port.
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
const Phi = (x: number) => 0.5 * refErfc(-x / Math.SQRT2);
const phi = (x: number) => exp(-(x * x) / 2) / Math.sqrt(2 * Math.PI);

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

const step = (c: boolean) => (c ? 1 : 0);
const zero = () => 0;

export const references: Record<string, Reference> = {
  relu: { f: (x) => (x > 0 ? x : 0), d1: (x) => step(x > 0), d2: zero, kinks: [0] },
  leaky_relu: {
    f: (x) => (x > 0 ? x : 0.2 * x),
    d1: (x) => (x > 0 ? 1 : 0.2),
    d2: zero,
    kinks: [0],
  },
  relu6: {
    f: (x) => Math.min(Math.max(x, 0), 6),
    d1: (x) => step(x > 0 && x < 6),
    d2: zero,
    kinks: [0, 6],
  },
  elu: {
    f: (x) => (x > 0 ? x : Math.expm1(x)),
    d1: (x) => (x > 0 ? 1 : exp(x)),
    d2: (x) => (x > 0 ? 0 : exp(x)),
    kinks: [0],
  },
  selu: {
    f: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
    d1: (x) => SELU_SCALE * (x > 0 ? 1 : SELU_ALPHA * exp(x)),
    d2: (x) => (x > 0 ? 0 : SELU_SCALE * SELU_ALPHA * exp(x)),
    kinks: [0],
  },
  celu: {
    f: (x) => (x > 0 ? x : Math.expm1(x)),
    d1: (x) => (x > 0 ? 1 : exp(x)),
    d2: (x) => (x > 0 ? 0 : exp(x)),
    kinks: [0],
  },
  gelu: {
    f: (x) => x * Phi(x),
    d1: (x) => Phi(x) + x * phi(x),
    d2: (x) => (phi(x) === 0 ? 0 : phi(x) * (2 - x * x)),
    scale1: (x) => Phi(x) + abs(x) * phi(x),
    scale2: (x) => (phi(x) === 0 ? 0 : phi(x) * (2 + x * x)),
  },
  sigmoid: { f: sig, d1: sigp, d2: sigpp },
  hard_sigmoid: {
    f: (x) => Math.min(Math.max(x + 3, 0), 6) / 6,
    d1: (x) => step(x > -3 && x < 3) / 6,
    d2: zero,
    kinks: [-3, 3],
  },
  tanh: { f: Math.tanh, d1: sech2, d2: (x) => -2 * Math.tanh(x) * sech2(x) },
  softsign: {
    f: (x) => x / (1 + abs(x)),
    d1: (x) => 1 / ((1 + abs(x)) * (1 + abs(x))),
    d2: (x) => (-2 * Math.sign(x)) / (1 + abs(x)) ** 3,
    kinks: [0],
  },
  softplus: { f: softplus, d1: sig, d2: sigp },
  log_sigmoid: { f: (x) => -softplus(-x), d1: (x) => sig(-x), d2: (x) => -sigp(x) },
  silu: {
    f: (x) => x * sig(x),
    d1: (x) => sig(x) + x * sigp(x),
    d2: (x) => 2 * sigp(x) + x * sigpp(x),
    scale1: (x) => sig(x) + abs(x * sigp(x)),
    scale2: (x) => 2 * sigp(x) + abs(x * sigpp(x)),
  },
  hard_silu: {
    f: (x) => x * (Math.min(Math.max(x + 3, 0), 6) / 6),
    d1: (x) => (x <= -3 ? 0 : x >= 3 ? 1 : (2 * x + 3) / 6),
    d2: (x) => (x > -3 && x < 3 ? 1 / 3 : 0),
    scale1: (x) => (x <= -3 ? 0 : x >= 3 ? 1 : (2 * abs(x) + 3) / 6),
    kinks: [-3, 3],
  },
  hard_tanh: {
    f: (x) => Math.min(Math.max(x, -1), 1),
    d1: (x) => step(x > -1 && x < 1),
    d2: zero,
    kinks: [-1, 1],
  },
  hard_shrink: {
    f: (x) => (abs(x) > 0.5 ? x : 0),
    d1: (x) => step(abs(x) > 0.5),
    d2: zero,
    kinks: [-0.5, 0.5],
  },
  soft_shrink: {
    f: (x) => (x > 0.5 ? x - 0.5 : x < -0.5 ? x + 0.5 : 0),
    d1: (x) => step(abs(x) > 0.5),
    d2: zero,
    kinks: [-0.5, 0.5],
  },
  tanh_shrink: {
    f: (x) => {
      if (abs(x) >= 0.1) return x - Math.tanh(x);
      // x - tanh x by its Taylor series, nine terms
      const c = [
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
      const x2 = x * x;
      let s = 0;
      for (let k = c.length - 1; k >= 0; k--) s = s * x2 + c[k]!;
      return s * x * x2;
    },
    d1: (x) => Math.tanh(x) ** 2,
    d2: (x) => 2 * Math.tanh(x) * sech2(x),
  },
  threshold: { f: (x) => (x > 0 ? x : 0), d1: (x) => step(x > 0), d2: zero, kinks: [0] },
  sparse_plus: {
    f: (x) => (x <= -1 ? 0 : x < 1 ? ((x + 1) * (x + 1)) / 4 : x),
    d1: (x) => (x <= -1 ? 0 : x < 1 ? (x + 1) / 2 : 1),
    d2: (x) => (x > -1 && x < 1 ? 0.5 : 0),
    kinks: [-1, 1],
  },
  sparse_sigmoid: {
    f: (x) => (x <= -1 ? 0 : x < 1 ? (x + 1) / 2 : 1),
    d1: (x) => (x > -1 && x < 1 ? 0.5 : 0),
    d2: zero,
    kinks: [-1, 1],
  },
  squareplus: {
    f: (x) => {
      const r = hyp(x, 4);
      return x >= 0 ? x / 2 + r / 2 : 4 / (2 * (r - x));
    },
    d1: (x) => {
      const r = hyp(x, 4);
      return x >= 0 ? (1 + x / r) / 2 : 4 / (2 * r * (r - x));
    },
    d2: (x) => {
      const r = hyp(x, 4);
      return 4 / (2 * r * r * r);
    },
  },
  mish: {
    f: (x) => x * Math.tanh(softplus(x)),
    d1: (x) => Math.tanh(softplus(x)) + x * sech2(softplus(x)) * sig(x),
    d2: (x) => {
      const t = Math.tanh(softplus(x));
      const s2 = sech2(softplus(x));
      return s2 === 0 ? 0 : s2 * (2 * sig(x) + x * (sigp(x) - 2 * t * sig(x) * sig(x)));
    },
    scale1: (x) => abs(Math.tanh(softplus(x))) + abs(x * sech2(softplus(x)) * sig(x)),
    scale2: (x) => {
      const t = Math.tanh(softplus(x));
      const s2 = sech2(softplus(x));
      return s2 === 0 ? 0 : s2 * (2 * sig(x) + abs(x) * (sigp(x) + 2 * abs(t) * sig(x) * sig(x)));
    },
  },
  exponential: { f: exp, d1: exp, d2: exp },
  linear: { f: (x) => x, d1: () => 1, d2: zero },
};

/** gelu(x, { approximate: true }) = x sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3). */
export const geluApproximate: Reference = (() => {
  const u = (x: number) => GELU_C * (x + GELU_A * x * x * x);
  const u1 = (x: number) => GELU_C * (1 + 3 * GELU_A * x * x);
  const u2 = (x: number) => GELU_C * 6 * GELU_A * x;
  return {
    f: (x) => x * sig(2 * u(x)),
    d1: (x) => (abs(x) > 100 ? step(x > 0) : sig(2 * u(x)) + 2 * x * u1(x) * sigp(2 * u(x))),
    d2: (x) =>
      abs(x) > 100
        ? 0
        : 4 * u1(x) * sigp(2 * u(x)) +
          x * (2 * u2(x) * sigp(2 * u(x)) + 4 * u1(x) ** 2 * sigpp(2 * u(x))),
    scale1: (x) => (abs(x) > 100 ? 1 : sig(2 * u(x)) + abs(2 * x * u1(x) * sigp(2 * u(x)))),
    scale2: (x) =>
      abs(x) > 100
        ? 0
        : 4 * u1(x) * sigp(2 * u(x)) +
          abs(x) * (abs(2 * u2(x) * sigp(2 * u(x))) + abs(4 * u1(x) ** 2 * sigpp(2 * u(x)))),
  };
})();
