import { GradflowError } from '../../errors.js';
import type { ActivationInfo } from './types.js';
import type { Params, Spec } from './spec.js';
import { piecewise } from './piecewise.js';
import { smooth } from './smooth.js';

export type { ActivationInfo, ActivationParam } from './types.js';

const INF = Infinity;
const glorot = 'glorot_uniform';

/** The activations that mix elements along an axis: formulas only, no scalar references. */
const vector: Record<string, Spec> = {
  softmax: {
    tex: String.raw`\frac{e^{x_i}}{\sum_j e^{x_j}}`,
    dtex: String.raw`\frac{\partial s_i}{\partial x_j} = s_i(\delta_{ij} - s_j)`,
    params: [],
    pairsWith: glorot,
    range: [0, 1],
    elementwise: false,
    kinks: [],
  },
  log_softmax: {
    tex: String.raw`x_i - \log \sum_j e^{x_j}`,
    dtex: String.raw`\frac{\partial y_i}{\partial x_j} = \delta_{ij} - s_j`,
    params: [],
    pairsWith: glorot,
    range: [-INF, 0],
    elementwise: false,
    kinks: [],
  },
  glu: {
    tex: String.raw`a \otimes \sigma(b), \quad [a, b] = x`,
    dtex: String.raw`\frac{\partial}{\partial a} = \sigma(b), \quad \frac{\partial}{\partial b} = a\,\sigma(b)(1 - \sigma(b))`,
    params: [],
    pairsWith: glorot,
    range: [-INF, INF],
    elementwise: false,
    kinks: [],
  },
  sparsemax: {
    tex: String.raw`\max(x_i - \tau, 0), \quad \textstyle\sum_i \max(x_i - \tau, 0) = 1`,
    dtex: String.raw`\operatorname{diag}(m) - \frac{m m^\top}{|S|}`,
    params: [],
    pairsWith: glorot,
    range: [0, 1],
    elementwise: false,
    kinks: [],
  },
};

const specs: Record<string, Spec> = {
  ...piecewise,
  ...smooth,
  swish: smooth.silu!,
  hard_swish: piecewise.hard_silu!,
  ...vector,
};

/** Wraps a reference so that missing parameters take their defaults and NaN gives NaN. */
function withDefaults(
  fn: ((x: number, q: Params) => number) | undefined,
  defaults: Params,
): ((x: number, p?: Record<string, number>) => number) | undefined {
  if (fn === undefined) return undefined;
  return (x, p) =>
    Number.isNaN(x) ? NaN : fn(x, p === undefined ? defaults : { ...defaults, ...p });
}

const infos = new Map<string, ActivationInfo>();
for (const [id, s] of Object.entries(specs)) {
  const defaults = Object.fromEntries(s.params.map((p) => [p.name, p.default]));
  const info: ActivationInfo = {
    id,
    tex: s.tex,
    dtex: s.dtex,
    params: s.params.map((p) => ({ ...p })),
    pairsWith: s.pairsWith,
    range: s.range,
    elementwise: s.elementwise,
    kinks: s.kinks,
  };
  const f = withDefaults(s.f, defaults);
  const df = withDefaults(s.df, defaults);
  const d2f = withDefaults(s.d2f, defaults);
  if (f) info.f = f;
  if (df) info.df = df;
  if (d2f) info.d2f = d2f;
  if (s.maxDerivative !== undefined) info.maxDerivative = s.maxDerivative;
  infos.set(id, Object.freeze(info));
}

/** leakyRelu -> leaky_relu: the TF.js camelCase aliases spelled as Keras ids. */
const snake = (id: string) => id.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * What is known about an activation: formulas (KaTeX), parameters, the initializer it pairs with,
 * its range, and float64 analytic references of f, f' and f'' that take the parameters. Accepts
 * Keras ids and their camelCase aliases (`leakyRelu`).
 */
export function activationInfo(id: string): ActivationInfo {
  const info = typeof id === 'string' ? (infos.get(id) ?? infos.get(snake(id))) : undefined;
  if (info === undefined) {
    throw new GradflowError(
      'activationInfo',
      `unknown activation ${JSON.stringify(id)}; valid ids: ${[...infos.keys()].join(', ')} (camelCase aliases such as leakyRelu also work)`,
    );
  }
  return info;
}
