/* Analytic references of the smooth activations: sigmoid and tanh families, gelu, silu, mish, ... */
import { type Params, type Spec, param } from './spec.js';
import {
  Phi,
  hyp,
  maxOf,
  phi,
  sech2,
  sig,
  sigp,
  sigpp,
  softplus,
  step,
  tanhShrink,
} from './math.js';

const exp = Math.exp;
const abs = Math.abs;
const INF = Infinity;
const glorot = 'glorot_uniform';
const he = 'he_normal';

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

/** gelu(x, { approximate: true }) = x sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3); relu beyond |x| = 100. */
const gu = (x: number) => GELU_C * (x + GELU_A * x * x * x);
const gu1 = (x: number) => GELU_C * (1 + 3 * GELU_A * x * x);
const gu2 = (x: number) => GELU_C * 6 * GELU_A * x;
const geluTanh = {
  f: (x: number) => x * sig(2 * gu(x)),
  df: (x: number) =>
    abs(x) > 100 ? step(x > 0) : sig(2 * gu(x)) + 2 * x * gu1(x) * sigp(2 * gu(x)),
  d2f: (x: number) =>
    abs(x) > 100
      ? 0
      : 4 * gu1(x) * sigp(2 * gu(x)) +
        x * (2 * gu2(x) * sigp(2 * gu(x)) + 4 * gu1(x) ** 2 * sigpp(2 * gu(x))),
};
const geluExact = {
  f: (x: number) => x * Phi(x),
  df: (x: number) => Phi(x) + x * phi(x),
  d2f: (x: number) => (phi(x) === 0 ? 0 : phi(x) * (2 - x * x)),
};
const gelu = (q: Params) => (q.approximate ? geluTanh : geluExact);

const siluDf = (x: number) => sig(x) + x * sigp(x);
const mishDf = (x: number) => Math.tanh(softplus(x)) + x * sech2(softplus(x)) * sig(x);

/** squareplus(x) = (x + sqrt(x^2 + b)) / 2, as b / (2 (sqrt(x^2 + b) - x)) for x < 0. */
const squareplus: Pick<Spec, 'f' | 'df' | 'd2f'> = {
  f: (x, q) => {
    const b = q.b!;
    const r = hyp(x, b);
    return x >= 0 ? x / 2 + r / 2 : b / (2 * (r - x));
  },
  df: (x, q) => {
    const b = q.b!;
    const r = hyp(x, b);
    return x >= 0 ? (1 + x / r) / 2 : b / (2 * r * (r - x));
  },
  d2f: (x, q) => {
    const r = hyp(x, q.b!);
    return q.b! / (2 * r * r * r);
  },
};

export const smooth: Record<string, Spec> = {
  sigmoid: {
    tex: String.raw`\sigma(x) = \frac{1}{1 + e^{-x}}`,
    dtex: String.raw`\sigma(x)\,(1 - \sigma(x))`,
    params: [],
    pairsWith: glorot,
    range: [0, 1],
    elementwise: true,
    f: sig,
    df: sigp,
    d2f: sigpp,
    kinks: [],
    maxDerivative: 0.25,
  },
  tanh: {
    tex: String.raw`\tanh x = \frac{e^x - e^{-x}}{e^x + e^{-x}}`,
    dtex: String.raw`1 - \tanh^2 x`,
    params: [],
    pairsWith: glorot,
    range: [-1, 1],
    elementwise: true,
    f: Math.tanh,
    df: sech2,
    d2f: (x) => -2 * Math.tanh(x) * sech2(x),
    kinks: [],
    maxDerivative: 1,
  },
  softsign: {
    tex: String.raw`\frac{x}{1 + |x|}`,
    dtex: String.raw`\frac{1}{(1 + |x|)^2}`,
    params: [],
    pairsWith: glorot,
    range: [-1, 1],
    elementwise: true,
    f: (x) => x / (1 + abs(x)),
    df: (x) => 1 / ((1 + abs(x)) * (1 + abs(x))),
    d2f: (x) => (-2 * Math.sign(x)) / (1 + abs(x)) ** 3,
    kinks: [0],
    maxDerivative: 1,
  },
  softplus: {
    tex: String.raw`\log(1 + e^x)`,
    dtex: String.raw`\sigma(x)`,
    params: [],
    pairsWith: he,
    range: [0, INF],
    elementwise: true,
    f: softplus,
    df: sig,
    d2f: sigp,
    kinks: [],
    maxDerivative: 1,
  },
  log_sigmoid: {
    tex: String.raw`\log \sigma(x) = -\operatorname{softplus}(-x)`,
    dtex: String.raw`\sigma(-x)`,
    params: [],
    pairsWith: glorot,
    range: [-INF, 0],
    elementwise: true,
    f: (x) => -softplus(-x),
    df: (x) => sig(-x),
    d2f: (x) => -sigp(x),
    kinks: [],
    maxDerivative: 1,
  },
  gelu: {
    tex: String.raw`x\,\Phi(x) = \frac{x}{2} \operatorname{erfc}\!\left(-\frac{x}{\sqrt{2}}\right)`,
    dtex: String.raw`\Phi(x) + x\,\varphi(x)`,
    params: [param('approximate', 0, 0, 1, 1)],
    pairsWith: he,
    range: [-0.17, INF],
    elementwise: true,
    f: (x, q) => gelu(q).f(x),
    df: (x, q) => gelu(q).df(x),
    d2f: (x, q) => gelu(q).d2f(x),
    kinks: [],
    maxDerivative: geluExact.df(Math.SQRT2), // f'' = φ(x)(2 - x²) vanishes at √2
  },
  silu: {
    tex: String.raw`x\,\sigma(x)`,
    dtex: String.raw`\sigma(x) + x\,\sigma(x)(1 - \sigma(x))`,
    params: [],
    pairsWith: he,
    range: [-0.2785, INF],
    elementwise: true,
    f: (x) => x * sig(x),
    df: siluDf,
    d2f: (x) => 2 * sigp(x) + x * sigpp(x),
    kinks: [],
    maxDerivative: maxOf(siluDf, 0, 6),
  },
  mish: {
    tex: String.raw`x \tanh(\operatorname{softplus}(x))`,
    dtex: String.raw`\tanh(\operatorname{sp}(x)) + x\,\operatorname{sech}^2(\operatorname{sp}(x))\,\sigma(x)`,
    params: [],
    pairsWith: he,
    range: [-0.3088, INF],
    elementwise: true,
    f: (x) => x * Math.tanh(softplus(x)),
    df: mishDf,
    d2f: (x) => {
      const t = Math.tanh(softplus(x));
      const s2 = sech2(softplus(x));
      return s2 === 0 ? 0 : s2 * (2 * sig(x) + x * (sigp(x) - 2 * t * sig(x) * sig(x)));
    },
    kinks: [],
    maxDerivative: maxOf(mishDf, 0, 6),
  },
  squareplus: {
    tex: String.raw`\frac{x + \sqrt{x^2 + b}}{2}`,
    dtex: String.raw`\frac{1}{2}\left(1 + \frac{x}{\sqrt{x^2 + b}}\right)`,
    params: [param('b', 4, 0, 10, 0.1)],
    pairsWith: he,
    range: [0, INF],
    elementwise: true,
    ...squareplus,
    kinks: [],
    maxDerivative: 1,
  },
  tanh_shrink: {
    tex: String.raw`x - \tanh x`,
    dtex: String.raw`\tanh^2 x`,
    params: [],
    pairsWith: glorot,
    range: [-INF, INF],
    elementwise: true,
    f: tanhShrink,
    df: (x) => Math.tanh(x) ** 2,
    d2f: (x) => 2 * Math.tanh(x) * sech2(x),
    kinks: [],
    maxDerivative: 1,
  },
  exponential: {
    tex: 'e^x',
    dtex: 'e^x',
    params: [],
    pairsWith: glorot,
    range: [0, INF],
    elementwise: true,
    f: exp,
    df: exp,
    d2f: exp,
    kinks: [],
  },
};
