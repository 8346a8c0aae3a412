import { GradflowError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import * as f from './functions.js';
import { softmax, logSoftmax } from '../ops.js';
import { Registry, toCamelCase } from '../registry.js';

export * from './functions.js';

export type Activation = (x: Tensor) => Tensor;

/** Keras 3 ids with Keras's default parameters. */
const builtins: Record<string, Activation> = {
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

/**
 * Built-in functions exported under their own names (`relu`, `leakyRelu`, ...), which compute
 * the same as the id's entry with Keras's defaults; passed as themselves (`activation: relu`)
 * they are serialized by that id.
 */
const named: Record<string, unknown> = {
  relu: f.relu,
  leaky_relu: f.leakyRelu,
  elu: f.elu,
  celu: f.celu,
  gelu: f.gelu,
  glu: f.glu,
  hard_shrink: f.hardShrink,
  soft_shrink: f.softShrink,
  threshold: f.threshold,
  squareplus: f.squareplus,
  softmax,
  log_softmax: logSoftmax,
  sparsemax: f.sparsemax,
};

const registry = new Registry<Activation>({
  kind: 'activation',
  hint: '(camelCase aliases such as leakyRelu also work; name your own with activations.register(id, fn))',
});
for (const [id, fn] of Object.entries(builtins)) {
  const alias = toCamelCase(id);
  registry.add(id, fn, {
    aliases: alias === id ? [] : [alias],
    equivalents: Object.hasOwn(named, id) ? [named[id]] : [],
  });
}

/** The activation registry: `get(id)` gives the function with Keras defaults, `list()` the ids. */
export const activations = {
  /** The ids: Keras 3's snake_case ones (aliases not included), then any registered with `register`. */
  list(): string[] {
    return registry.list();
  },
  /** The activation for a Keras id or TF.js alias; `null`/`undefined` give linear, as in Keras. */
  get(id: string | Activation | null | undefined): Activation {
    if (id === null || id === undefined) return f.linear;
    if (typeof id === 'function') return id;
    return registry.get(id, 'activations.get');
  },
  /** The canonical id for an id or alias (throws for unknown ids). */
  canonical(id: string): string {
    return registry.id(id, 'activations.get');
  },
  /**
   * Names a function of your own so that layers using it save and load by that id:
   * `activations.register('scaled_tanh', (x) => tanh(x).mul(1.7159))`. Built-in ids and aliases
   * cannot be replaced; registering an id again replaces your earlier function.
   */
  register(id: string, fn: Activation): void {
    const op = 'activations.register';
    if (typeof id !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.>-]*$/.test(id))
      throw new GradflowError(
        op,
        `id must be a non-empty string of letters, digits and _ (such as 'scaled_tanh'), got ${JSON.stringify(id) ?? String(id)}`,
      );
    if (typeof fn !== 'function')
      throw new GradflowError(
        op,
        `expects a function (x: Tensor) => Tensor for ${JSON.stringify(id)}, got ${typeof fn}`,
      );
    registry.add(id, fn, { builtin: false });
  },
  /**
   * The id a layer saves for an activation: the id of a built-in (passed as an id or as the
   * function itself, `relu`) or of a function named with `register`; undefined for anything else.
   */
  idOf(fn: string | Activation): string | undefined {
    if (typeof fn === 'string')
      return registry.has(fn) ? registry.id(fn, 'activations.idOf') : undefined;
    return registry.idOf(fn);
  },
};
