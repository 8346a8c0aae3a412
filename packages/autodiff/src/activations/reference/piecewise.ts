/* Analytic references of the piecewise activations: the relu and elu families, hard_*, shrinks. */
import { SELU_ALPHA, SELU_SCALE } from '../functions.js';
import { type Params, type Spec, param } from './spec.js';
import { step, zero } from './math.js';

const exp = Math.exp;
const abs = Math.abs;
const INF = Infinity;
const clip = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi);
const glorot = 'glorot_uniform';
const he = 'he_normal';

/** x for x > 0, else scale·α(e^(x/c) - 1): elu (scale = c = 1), selu (scale λ), celu (c = α). */
function eluFamily(
  alpha: (q: Params) => number,
  scale: number,
  c: (q: Params) => number,
): Pick<Spec, 'f' | 'df' | 'd2f'> {
  return {
    f: (x, q) => scale * (x > 0 ? x : alpha(q) * Math.expm1(x / c(q))),
    df: (x, q) => scale * (x > 0 ? 1 : (alpha(q) / c(q)) * exp(x / c(q))),
    d2f: (x, q) => (x > 0 ? 0 : (scale * alpha(q) * exp(x / c(q))) / (c(q) * c(q))),
  };
}
const one = () => 1;

/** relu with Keras's options: negativeSlope below threshold, and an optional maxValue (not a slider). */
function reluF(x: number, q: Params): number {
  const t = q.threshold!;
  let y = x > t ? x : 0;
  if (q.maxValue !== undefined) y = clip(y, 0, q.maxValue);
  return y - q.negativeSlope! * (x < t ? t - x : 0);
}
function reluDf(x: number, q: Params): number {
  const t = q.threshold!;
  const m = q.maxValue;
  const above = x > t ? (m === undefined ? 1 : step(x > 0 && x < m)) : 0;
  return above + (x < t ? q.negativeSlope! : 0);
}

export const piecewise: Record<string, Spec> = {
  relu: {
    tex: String.raw`\max(x, 0)`,
    dtex: String.raw`\begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}`,
    params: [param('negativeSlope', 0, 0, 1, 0.01), param('threshold', 0, -3, 3, 0.1)],
    pairsWith: he,
    range: [0, INF],
    elementwise: true,
    f: reluF,
    df: reluDf,
    d2f: zero,
    kinks: [0],
    maxDerivative: 1,
  },
  leaky_relu: {
    tex: String.raw`\begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases}`,
    dtex: String.raw`\begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}`,
    params: [param('negativeSlope', 0.2, 0, 1, 0.01)],
    pairsWith: he,
    range: [-INF, INF],
    elementwise: true,
    f: (x, q) => (x > 0 ? x : q.negativeSlope! * x),
    df: (x, q) => (x > 0 ? 1 : q.negativeSlope!),
    d2f: zero,
    kinks: [0],
    maxDerivative: 1,
  },
  relu6: {
    tex: String.raw`\min(\max(x, 0), 6)`,
    dtex: String.raw`\begin{cases} 1 & 0 < x < 6 \\ 0 & \text{otherwise} \end{cases}`,
    params: [],
    pairsWith: he,
    range: [0, 6],
    elementwise: true,
    f: (x) => clip(x, 0, 6),
    df: (x) => step(x > 0 && x < 6),
    d2f: zero,
    kinks: [0, 6],
    maxDerivative: 1,
  },
  elu: {
    tex: String.raw`\begin{cases} x & x > 0 \\ \alpha (e^x - 1) & x \le 0 \end{cases}`,
    dtex: String.raw`\begin{cases} 1 & x > 0 \\ \alpha e^x & x \le 0 \end{cases}`,
    params: [param('alpha', 1, 0, 3, 0.05)],
    pairsWith: he,
    range: [-1, INF],
    elementwise: true,
    ...eluFamily((q) => q.alpha!, 1, one),
    kinks: [0],
    maxDerivative: 1,
  },
  selu: {
    tex: String.raw`\lambda \begin{cases} x & x > 0 \\ \alpha (e^x - 1) & x \le 0 \end{cases}`,
    dtex: String.raw`\lambda \begin{cases} 1 & x > 0 \\ \alpha e^x & x \le 0 \end{cases}`,
    params: [],
    pairsWith: 'lecun_normal',
    range: [-SELU_SCALE * SELU_ALPHA, INF],
    elementwise: true,
    ...eluFamily(() => SELU_ALPHA, SELU_SCALE, one),
    kinks: [0],
    maxDerivative: SELU_SCALE * SELU_ALPHA,
  },
  celu: {
    tex: String.raw`\begin{cases} x & x > 0 \\ \alpha (e^{x/\alpha} - 1) & x \le 0 \end{cases}`,
    dtex: String.raw`\begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}`,
    params: [param('alpha', 1, 0.1, 3, 0.05)],
    pairsWith: he,
    range: [-1, INF],
    elementwise: true,
    ...eluFamily(
      (q) => q.alpha!,
      1,
      (q) => q.alpha!,
    ),
    kinks: [0],
    maxDerivative: 1,
  },
  hard_sigmoid: {
    tex: String.raw`\frac{\operatorname{relu6}(x + 3)}{6}`,
    dtex: String.raw`\begin{cases} \tfrac{1}{6} & -3 < x < 3 \\ 0 & \text{otherwise} \end{cases}`,
    params: [],
    pairsWith: glorot,
    range: [0, 1],
    elementwise: true,
    f: (x) => clip(x + 3, 0, 6) / 6,
    df: (x) => step(x > -3 && x < 3) / 6,
    d2f: zero,
    kinks: [-3, 3],
    maxDerivative: 1 / 6,
  },
  hard_silu: {
    tex: String.raw`x \, \frac{\operatorname{relu6}(x + 3)}{6}`,
    dtex: String.raw`\begin{cases} 0 & x \le -3 \\ \tfrac{2x + 3}{6} & -3 < x < 3 \\ 1 & x \ge 3 \end{cases}`,
    params: [],
    pairsWith: he,
    range: [-0.375, INF],
    elementwise: true,
    f: (x) => x * (clip(x + 3, 0, 6) / 6),
    df: (x) => (x <= -3 ? 0 : x >= 3 ? 1 : (2 * x + 3) / 6),
    d2f: (x) => (x > -3 && x < 3 ? 1 / 3 : 0),
    kinks: [-3, 3],
    maxDerivative: 1.5,
  },
  hard_tanh: {
    tex: String.raw`\min(\max(x, -1), 1)`,
    dtex: String.raw`\begin{cases} 1 & -1 < x < 1 \\ 0 & \text{otherwise} \end{cases}`,
    params: [],
    pairsWith: glorot,
    range: [-1, 1],
    elementwise: true,
    f: (x) => clip(x, -1, 1),
    df: (x) => step(x > -1 && x < 1),
    d2f: zero,
    kinks: [-1, 1],
    maxDerivative: 1,
  },
  hard_shrink: {
    tex: String.raw`\begin{cases} x & |x| > t \\ 0 & |x| \le t \end{cases}`,
    dtex: String.raw`\begin{cases} 1 & |x| > t \\ 0 & |x| \le t \end{cases}`,
    params: [param('threshold', 0.5, 0, 3, 0.05)],
    pairsWith: glorot,
    range: [-INF, INF],
    elementwise: true,
    f: (x, q) => (abs(x) > q.threshold! ? x : 0),
    df: (x, q) => step(abs(x) > q.threshold!),
    d2f: zero,
    kinks: [-0.5, 0.5],
    maxDerivative: 1,
  },
  soft_shrink: {
    tex: String.raw`\begin{cases} x - t & x > t \\ x + t & x < -t \\ 0 & \text{otherwise} \end{cases}`,
    dtex: String.raw`\begin{cases} 1 & |x| > t \\ 0 & |x| \le t \end{cases}`,
    params: [param('threshold', 0.5, 0, 3, 0.05)],
    pairsWith: glorot,
    range: [-INF, INF],
    elementwise: true,
    f: (x, q) => {
      const t = q.threshold!;
      return x > t ? x - t : x < -t ? x + t : 0;
    },
    df: (x, q) => step(abs(x) > q.threshold!),
    d2f: zero,
    kinks: [-0.5, 0.5],
    maxDerivative: 1,
  },
  threshold: {
    tex: String.raw`\begin{cases} x & x > t \\ v & x \le t \end{cases}`,
    dtex: String.raw`\begin{cases} 1 & x > t \\ 0 & x \le t \end{cases}`,
    params: [param('threshold', 0, -3, 3, 0.1), param('defaultValue', 0, -3, 3, 0.1)],
    pairsWith: he,
    range: [0, INF],
    elementwise: true,
    f: (x, q) => (x > q.threshold! ? x : q.defaultValue!),
    df: (x, q) => step(x > q.threshold!),
    d2f: zero,
    kinks: [0],
    maxDerivative: 1,
  },
  sparse_plus: {
    tex: String.raw`\begin{cases} 0 & x \le -1 \\ \tfrac{(x + 1)^2}{4} & -1 < x < 1 \\ x & x \ge 1 \end{cases}`,
    dtex: String.raw`\begin{cases} 0 & x \le -1 \\ \tfrac{x + 1}{2} & -1 < x < 1 \\ 1 & x \ge 1 \end{cases}`,
    params: [],
    pairsWith: he,
    range: [0, INF],
    elementwise: true,
    f: (x) => (x <= -1 ? 0 : x < 1 ? ((x + 1) * (x + 1)) / 4 : x),
    df: (x) => (x <= -1 ? 0 : x < 1 ? (x + 1) / 2 : 1),
    d2f: (x) => (x > -1 && x < 1 ? 0.5 : 0),
    kinks: [-1, 1],
    maxDerivative: 1,
  },
  sparse_sigmoid: {
    tex: String.raw`\begin{cases} 0 & x \le -1 \\ \tfrac{x + 1}{2} & -1 < x < 1 \\ 1 & x \ge 1 \end{cases}`,
    dtex: String.raw`\begin{cases} \tfrac{1}{2} & -1 < x < 1 \\ 0 & \text{otherwise} \end{cases}`,
    params: [],
    pairsWith: glorot,
    range: [0, 1],
    elementwise: true,
    f: (x) => (x <= -1 ? 0 : x < 1 ? (x + 1) / 2 : 1),
    df: (x) => (x > -1 && x < 1 ? 0.5 : 0),
    d2f: zero,
    kinks: [-1, 1],
    maxDerivative: 0.5,
  },
  linear: {
    tex: 'x',
    dtex: '1',
    params: [],
    pairsWith: glorot,
    range: [-INF, INF],
    elementwise: true,
    f: (x) => x,
    df: one,
    d2f: zero,
    kinks: [],
    maxDerivative: 1,
  },
};
