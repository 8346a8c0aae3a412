import { GradflowError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import * as f from './functions.js';
import { softmax, logSoftmax } from '../ops.js';

export * from './functions.js';

export type Activation = (x: Tensor) => Tensor;

/** Keras 3 ids with Keras's default parameters. */
const registry: Record<string, Activation> = {
  relu: (x) => f.relu(x),
  leaky_relu: (x) => f.leakyRelu(x),
  relu6: f.relu6,
  elu: (x) => f.elu(x),
  selu: f.selu,
  celu: (x) => f.celu(x),
  gelu: (x) => f.gelu(x),
  glu: (x) => f.glu(x),
  sigmoid: f.sigmoid,
  hard_sigmoid: f.hardSigmoid,
  tanh: f.tanh,
  softsign: f.softsign,
  softplus: f.softplus,
  log_sigmoid: f.logSigmoid,
  silu: f.silu,
  swish: f.silu,
  hard_silu: f.hardSilu,
  hard_swish: f.hardSilu,
  hard_tanh: f.hardTanh,
  hard_shrink: (x) => f.hardShrink(x),
  soft_shrink: (x) => f.softShrink(x),
  tanh_shrink: f.tanhShrink,
  threshold: (x) => f.threshold(x),
  sparse_plus: f.sparsePlus,
  sparse_sigmoid: f.sparseSigmoid,
  squareplus: (x) => f.squareplus(x),
  mish: f.mish,
  exponential: f.exponential,
  linear: f.linear,
  softmax: (x) => softmax(x),
  log_softmax: (x) => logSoftmax(x),
  sparsemax: (x) => f.sparsemax(x),
};

/** TF.js-style camelCase spellings, accepted as aliases. */
const aliases: Record<string, string> = {
  leakyRelu: 'leaky_relu',
  hardSigmoid: 'hard_sigmoid',
  logSigmoid: 'log_sigmoid',
  hardSilu: 'hard_silu',
  hardSwish: 'hard_swish',
  hardTanh: 'hard_tanh',
  hardShrink: 'hard_shrink',
  softShrink: 'soft_shrink',
  tanhShrink: 'tanh_shrink',
  sparsePlus: 'sparse_plus',
  sparseSigmoid: 'sparse_sigmoid',
  logSoftmax: 'log_softmax',
};

/** The activation registry: `get(id)` gives the function with Keras defaults, `list()` the ids. */
export const activations = {
  /** The Keras 3 ids, snake_case (aliases not included). */
  list(): string[] {
    return Object.keys(registry);
  },
  /** The activation for a Keras id or TF.js alias; `null`/`undefined` give linear, as in Keras. */
  get(id: string | Activation | null | undefined): Activation {
    if (id === null || id === undefined) return f.linear;
    if (typeof id === 'function') return id;
    const key =
      typeof id === 'string' ? (Object.hasOwn(registry, id) ? id : aliases[id]) : undefined;
    if (key === undefined || !Object.hasOwn(registry, key)) {
      throw new GradflowError(
        'activations.get',
        `unknown activation ${JSON.stringify(id)}; valid ids: ${Object.keys(registry).join(', ')} (camelCase aliases such as leakyRelu also work)`,
      );
    }
    return registry[key]!;
  },
  /** The canonical Keras id for an id or alias (throws for unknown ids). */
  canonical(id: string): string {
    activations.get(id);
    return Object.hasOwn(registry, id) ? id : aliases[id]!;
  },
};
