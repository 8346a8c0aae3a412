/**
 * Keras 3 losses (keras/src/losses/losses.py). Each loss has a function form giving one loss per
 * sample (the mean over the last axis, as Keras's `mean_squared_error(y_true, y_pred)`), and a
 * class whose `call(yTrue, yPred)` reduces those to a scalar ('sum_over_batch_size' by default).
 *
 * Crossentropies on logits are computed stably: binary as softplus(x) - x·z (no log of a
 * sigmoid), categorical with logSoftmax (log-sum-exp, never log of a softmax). On probabilities
 * they follow Keras: predictions are clipped to [1e-7, 1 - 1e-7] before the log (and categorical
 * ones are first divided by their sum).
 */
import {
  type DType,
  type Tensor,
  abs,
  add,
  cast,
  div,
  equal,
  greater,
  less,
  logSoftmax,
  log,
  mean,
  mul,
  neg,
  reshape,
  softplus,
  square,
  sub,
  sum,
  tensor,
  where,
  Registry,
  configToOptions,
  isSerialized,
} from '@gradflow/autodiff';
import {
  checkBoolean,
  checkKeys,
  checkNumber,
  describe,
  fail,
  isPlainObject,
  toCamelCase,
  toSnakeCase,
  toTensor,
  type TensorInput,
} from './util.js';
import {
  checkCategoricalLabels,
  checkProbabilityLabels,
  matchLabels,
  sparseLabels,
} from './labels.js';

/** Keras's backend epsilon, used to clip probabilities away from 0 and 1. */
export const EPSILON = 1e-7;

/** A loss in function form: one value per sample (shape = labels' shape without the last axis). */
export type LossFunction = (yTrue: TensorInput, yPred: Tensor) => Tensor;

export type Reduction = 'sum_over_batch_size' | 'sum' | 'mean' | 'none';
export const REDUCTIONS: readonly Reduction[] = ['sum_over_batch_size', 'sum', 'mean', 'none'];

export interface CrossentropyOptions {
  /** Whether yPred are logits (any real number) rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** Blends the labels toward uniform: z (1 - s) + s / k (k = 2 for binary). Default 0. */
  labelSmoothing?: number;
}

function predictions(op: string, yPred: unknown): Tensor {
  const t = toTensor(op, 'yPred (predictions)', yPred);
  if (t.rank === 0)
    fail(op, 'yPred (predictions) must have at least one axis (a batch of samples), got a scalar');
  return t;
}

/** Labels as a tensor of yPred's dtype, matched to its shape (see `matchLabels`). */
function labels(op: string, yTrue: unknown, yPred: Tensor): Tensor {
  return matchLabels(op, toTensor(op, 'yTrue (labels)', yTrue, yPred.dtype), yPred.shape);
}

function crossentropyOptions(
  op: string,
  options: CrossentropyOptions | undefined,
): { fromLogits: boolean; labelSmoothing: number } {
  if (options === undefined) return { fromLogits: false, labelSmoothing: 0 };
  if (!isPlainObject(options))
    fail(op, `options must be an object such as { fromLogits: true }, got ${describe(options)}`);
  checkKeys(op, options, ['fromLogits', 'labelSmoothing']);
  return {
    fromLogits: checkBoolean(op, 'fromLogits', options.fromLogits ?? false),
    labelSmoothing: checkNumber(
      op,
      'labelSmoothing',
      options.labelSmoothing ?? 0,
      (v) => v >= 0 && v <= 1,
      'a number in [0, 1]',
    ),
  };
}

/** Clips probabilities to [eps, 1 - eps]; the gradient passes inside the interval (bounds included), as tf.clip_by_value. */
function clipProbabilities(p: Tensor): Tensor {
  const hi = 1 - EPSILON;
  return where(less(p, EPSILON), EPSILON, where(greater(p, hi), hi, p));
}

/** Mean over the last axis: one value per sample. */
function perSample(x: Tensor): Tensor {
  return mean(x, -1);
}

/** mean((yPred - yTrue)², axis=-1). */
export function meanSquaredError(yTrue: TensorInput, yPred: Tensor): Tensor {
  const p = predictions('mean_squared_error', yPred);
  const y = labels('mean_squared_error', yTrue, p);
  return perSample(square(sub(p, y)));
}

/** mean(|yPred - yTrue|, axis=-1). */
export function meanAbsoluteError(yTrue: TensorInput, yPred: Tensor): Tensor {
  const p = predictions('mean_absolute_error', yPred);
  const y = labels('mean_absolute_error', yTrue, p);
  return perSample(abs(sub(p, y)));
}

/**
 * Binary crossentropy, averaged over the last axis. Labels z in [0, 1].
 * - logits x: softplus(x) - x·z, which equals -z log σ(x) - (1 - z) log(1 - σ(x)) and never
 *   takes the log of a rounded sigmoid; its gradient is σ(x) - z;
 * - probabilities p: -(z log p + (1 - z) log(1 - p)) with p clipped to [1e-7, 1 - 1e-7].
 */
export function binaryCrossentropy(
  yTrue: TensorInput,
  yPred: Tensor,
  options?: CrossentropyOptions,
): Tensor {
  const op = 'binary_crossentropy';
  const { fromLogits, labelSmoothing } = crossentropyOptions(op, options);
  const p = predictions(op, yPred);
  let z = labels(op, yTrue, p);
  checkProbabilityLabels(op, z);
  if (labelSmoothing > 0) z = add(mul(z, 1 - labelSmoothing), 0.5 * labelSmoothing);
  if (fromLogits) return perSample(sub(softplus(p), mul(p, z)));
  const q = clipProbabilities(p);
  return perSample(neg(add(mul(z, log(q)), mul(sub(1, z), log(sub(1, q))))));
}

/** -Σ_k y_k log p_k over the last axis. */
function crossentropyFromLogProbabilities(y: Tensor, logProb: Tensor): Tensor {
  return neg(sum(mul(y, logProb), -1));
}

/** log-probabilities along the last axis: logSoftmax of logits, or log of Keras's normalised and clipped probabilities. */
function logProbabilities(p: Tensor, fromLogits: boolean): Tensor {
  if (fromLogits) return logSoftmax(p, -1);
  return log(clipProbabilities(div(p, sum(p, -1, true))));
}

/**
 * Categorical crossentropy -Σ_k y_k log p_k over the last axis; labels are one-hot (or any
 * probability vectors) of yPred's shape. From logits: log p = logSoftmax(x) (log-sum-exp).
 */
export function categoricalCrossentropy(
  yTrue: TensorInput,
  yPred: Tensor,
  options?: CrossentropyOptions,
): Tensor {
  const op = 'categorical_crossentropy';
  const { fromLogits, labelSmoothing } = crossentropyOptions(op, options);
  const p = predictions(op, yPred);
  let y = toTensor(op, 'yTrue (labels)', yTrue, p.dtype);
  checkCategoricalLabels(op, y, p.shape);
  const k = p.shape[p.rank - 1]!;
  if (labelSmoothing > 0) y = add(mul(y, 1 - labelSmoothing), labelSmoothing / k);
  return crossentropyFromLogProbabilities(y, logProbabilities(p, fromLogits));
}

export interface SparseCategoricalOptions {
  fromLogits?: boolean;
}

/**
 * One-hot rows of `k` classes for integer labels (checked by `sparseLabels`): labels[..., None] ==
 * [0, 1, ..., k-1], composed of primitives so that under jit the labels stay an input of the
 * compiled program instead of being read once while tracing.
 */
function oneHot(labelsT: Tensor, k: number, dtype: DType): Tensor {
  const classes = tensor(Float64Array.from({ length: k }, (_, i) => i));
  return cast(equal(reshape(labelsT, [...labelsT.shape, 1]), classes), dtype);
}

/**
 * Categorical crossentropy with integer class labels: labels have yPred's shape without the
 * last axis (a trailing axis of size 1 is squeezed, as Keras does).
 */
export function sparseCategoricalCrossentropy(
  yTrue: TensorInput,
  yPred: Tensor,
  options?: SparseCategoricalOptions,
): Tensor {
  const op = 'sparse_categorical_crossentropy';
  if (options !== undefined) {
    if (!isPlainObject(options))
      fail(op, `options must be an object such as { fromLogits: true }, got ${describe(options)}`);
    checkKeys(op, options, ['fromLogits']);
  }
  const fromLogits = checkBoolean(op, 'fromLogits', options?.fromLogits ?? false);
  const p = predictions(op, yPred);
  const y = sparseLabels(op, toTensor(op, 'yTrue (labels)', yTrue, 'float64'), p.shape);
  const k = p.shape[p.rank - 1]!;
  return crossentropyFromLogProbabilities(oneHot(y, k, p.dtype), logProbabilities(p, fromLogits));
}

function reduce(values: Tensor, reduction: Reduction): Tensor {
  switch (reduction) {
    case 'none':
      return values;
    case 'sum':
      return sum(values);
    case 'sum_over_batch_size':
    case 'mean':
      return values.size === 0 ? sum(values) : div(sum(values), values.size);
  }
}

export interface LossOptions {
  /** How per-sample losses become the result: 'sum_over_batch_size' (default, the mean), 'sum', 'mean' or 'none'. */
  reduction?: Reduction;
  /** The name shown in logs (default the snake_case id). */
  name?: string;
}

/**
 * A loss object, as Keras's `Loss`: `call(yTrue, yPred)` gives the reduced loss (a scalar
 * unless reduction is 'none'). Usable on its own or as `compile({ loss })`.
 */
export abstract class Loss {
  abstract readonly className: string;
  readonly name: string;
  readonly reduction: Reduction;

  protected constructor(op: string, defaultName: string, options: LossOptions) {
    const reduction = options.reduction ?? 'sum_over_batch_size';
    if (!REDUCTIONS.includes(reduction))
      fail(
        op,
        `unknown reduction ${describe(reduction)}; valid reductions: ${REDUCTIONS.join(', ')}`,
      );
    if (options.name !== undefined && (typeof options.name !== 'string' || options.name === ''))
      fail(op, `name must be a non-empty string, got ${describe(options.name)}`);
    this.reduction = reduction;
    this.name = options.name ?? defaultName;
  }

  /** The per-sample losses (one per sample, before reduction). */
  abstract perSample(yTrue: TensorInput, yPred: Tensor): Tensor;

  /**
   * Checks labels against predictions of shape `predShape` (shape and values, such as class
   * indices in range) without computing the loss; throws what the loss itself would throw. A
   * loss given as a function cannot be checked ahead and accepts anything here.
   */
  checkLabels(_yTrue: Tensor, _predShape: readonly number[]): void {}

  /** The reduced loss. */
  call(yTrue: TensorInput, yPred: Tensor): Tensor {
    return reduce(this.perSample(yTrue, yPred), this.reduction);
  }

  /** Keras's get_config. */
  getConfig(): Record<string, unknown> {
    return { name: this.name, reduction: this.reduction };
  }
}

const LOSS_KEYS = ['reduction', 'name'];

function lossOptions<T extends object>(op: string, o: T | undefined, extra: readonly string[]): T {
  if (o === undefined) return {} as T;
  if (!isPlainObject(o)) fail(op, `options must be an object, got ${describe(o)}`);
  checkKeys(op, o, [...extra, ...LOSS_KEYS]);
  return o;
}

/** Mean squared error (Keras `MeanSquaredError`). */
export class MeanSquaredError extends Loss {
  readonly className = 'MeanSquaredError';
  constructor(options?: LossOptions) {
    super('MeanSquaredError', 'mean_squared_error', lossOptions('MeanSquaredError', options, []));
  }
  perSample(yTrue: TensorInput, yPred: Tensor): Tensor {
    return meanSquaredError(yTrue, yPred);
  }
  override checkLabels(yTrue: Tensor, predShape: readonly number[]): void {
    matchLabels('mean_squared_error', yTrue, predShape);
  }
}

/** Mean absolute error (Keras `MeanAbsoluteError`). */
export class MeanAbsoluteError extends Loss {
  readonly className = 'MeanAbsoluteError';
  constructor(options?: LossOptions) {
    super(
      'MeanAbsoluteError',
      'mean_absolute_error',
      lossOptions('MeanAbsoluteError', options, []),
    );
  }
  perSample(yTrue: TensorInput, yPred: Tensor): Tensor {
    return meanAbsoluteError(yTrue, yPred);
  }
  override checkLabels(yTrue: Tensor, predShape: readonly number[]): void {
    matchLabels('mean_absolute_error', yTrue, predShape);
  }
}

/** The crossentropies that take `fromLogits` and `labelSmoothing`, with their Keras config keys. */
abstract class SmoothedCrossentropy extends Loss {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  protected constructor(
    className: string,
    id: string,
    options: (CrossentropyOptions & LossOptions) | undefined,
  ) {
    const o = lossOptions(className, options, ['fromLogits', 'labelSmoothing']);
    super(className, id, o);
    ({ fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing } = crossentropyOptions(
      className,
      {
        fromLogits: o.fromLogits,
        labelSmoothing: o.labelSmoothing,
      },
    ));
  }
  protected get options(): { fromLogits: boolean; labelSmoothing: number } {
    return { fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing };
  }
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      from_logits: this.fromLogits,
      label_smoothing: this.labelSmoothing,
    };
  }
}

/** Binary crossentropy (Keras `BinaryCrossentropy`), with `fromLogits` and `labelSmoothing`. */
export class BinaryCrossentropy extends SmoothedCrossentropy {
  readonly className = 'BinaryCrossentropy';
  constructor(options?: CrossentropyOptions & LossOptions) {
    super('BinaryCrossentropy', 'binary_crossentropy', options);
  }
  perSample(yTrue: TensorInput, yPred: Tensor): Tensor {
    return binaryCrossentropy(yTrue, yPred, this.options);
  }
  override checkLabels(yTrue: Tensor, predShape: readonly number[]): void {
    checkProbabilityLabels(
      'binary_crossentropy',
      matchLabels('binary_crossentropy', yTrue, predShape),
    );
  }
}

/** Categorical crossentropy with one-hot labels (Keras `CategoricalCrossentropy`). */
export class CategoricalCrossentropy extends SmoothedCrossentropy {
  readonly className = 'CategoricalCrossentropy';
  constructor(options?: CrossentropyOptions & LossOptions) {
    super('CategoricalCrossentropy', 'categorical_crossentropy', options);
  }
  perSample(yTrue: TensorInput, yPred: Tensor): Tensor {
    return categoricalCrossentropy(yTrue, yPred, this.options);
  }
  override checkLabels(yTrue: Tensor, predShape: readonly number[]): void {
    checkCategoricalLabels('categorical_crossentropy', yTrue, predShape);
  }
}

/** Categorical crossentropy with integer labels (Keras `SparseCategoricalCrossentropy`). */
export class SparseCategoricalCrossentropy extends Loss {
  readonly className = 'SparseCategoricalCrossentropy';
  readonly fromLogits: boolean;
  constructor(options?: SparseCategoricalOptions & LossOptions) {
    const o = lossOptions('SparseCategoricalCrossentropy', options, ['fromLogits']);
    super('SparseCategoricalCrossentropy', 'sparse_categorical_crossentropy', o);
    this.fromLogits = checkBoolean(
      'SparseCategoricalCrossentropy',
      'fromLogits',
      o.fromLogits ?? false,
    );
  }
  perSample(yTrue: TensorInput, yPred: Tensor): Tensor {
    return sparseCategoricalCrossentropy(yTrue, yPred, { fromLogits: this.fromLogits });
  }
  override checkLabels(yTrue: Tensor, predShape: readonly number[]): void {
    sparseLabels('sparse_categorical_crossentropy', yTrue, predShape);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), from_logits: this.fromLogits };
  }
}

/** A user function (yTrue, yPred) => per-sample losses (or an already reduced scalar), as a Loss. */
export class LossFunctionWrapper extends Loss {
  readonly className = 'LossFunctionWrapper';
  readonly fn: LossFunction;
  constructor(fn: LossFunction, options?: LossOptions) {
    if (typeof fn !== 'function')
      fail(
        'LossFunctionWrapper',
        `expected a function (yTrue, yPred) => Tensor, got ${describe(fn)}`,
      );
    super(
      'LossFunctionWrapper',
      fn.name || 'loss',
      lossOptions('LossFunctionWrapper', options, []),
    );
    this.fn = fn;
  }
  perSample(yTrue: TensorInput, yPred: Tensor): Tensor {
    const out: unknown = this.fn(yTrue, yPred);
    if (out === null || typeof out !== 'object' || !('shape' in out))
      fail(this.name, `the loss function must return a Tensor, got ${describe(out)}`);
    return out as Tensor;
  }
}

const CLASSES = {
  MeanSquaredError,
  MeanAbsoluteError,
  BinaryCrossentropy,
  CategoricalCrossentropy,
  SparseCategoricalCrossentropy,
} as const;

/**
 * Keras ids, with camelCase aliases, class names and Keras 3's short aliases (mse, MSE, mae, MAE,
 * bce, BCE).
 */
const registry = new Registry<(typeof CLASSES)[keyof typeof CLASSES]>({
  kind: 'loss',
  module: 'keras.losses',
  hint: '(also mse, mae, bce, camelCase aliases and class names)',
});
const SHORT: Record<string, string[]> = {
  MeanSquaredError: ['mse', 'MSE'],
  MeanAbsoluteError: ['mae', 'MAE'],
  BinaryCrossentropy: ['bce', 'BCE'],
};
for (const [c, Cls] of Object.entries(CLASSES)) {
  const id = toSnakeCase(c);
  registry.add(id, Cls, { aliases: [toCamelCase(id), c, ...(SHORT[c] ?? [])] });
}

/** What `losses.get` and `compile({ loss })` accept. */
export type LossIdentifier =
  string | Loss | LossFunction | { class_name: string; config?: Record<string, unknown> };

/**
 * The loss for an identifier: a Keras id or alias ('mean_squared_error', 'mse',
 * 'binary_crossentropy', 'sparseCategoricalCrossentropy', 'BinaryCrossentropy'), a Loss, a
 * function (yTrue, yPred) => Tensor, or a serialized `{ class_name, config }`.
 */
export function get(identifier: LossIdentifier): Loss {
  const op = 'losses.get';
  if (identifier instanceof Loss) return identifier;
  if (typeof identifier === 'function') return new LossFunctionWrapper(identifier);
  if (typeof identifier === 'string') return new (registry.get(identifier, op))();
  if (isSerialized(identifier)) {
    const Cls = registry.get(identifier.class_name, op);
    const config = identifier.config ?? {};
    if (!isPlainObject(config)) fail(op, `config must be an object, got ${describe(config)}`);
    return new Cls(configToOptions(config, Object.keys(config)) as never);
  }
  fail(
    op,
    `cannot interpret ${describe(identifier)} as a loss; pass an id such as 'mean_squared_error', a Loss or a function (yTrue, yPred) => Tensor`,
  );
}

/** Keras's serialized form of a loss object. */
export function serialize(loss: Loss): {
  module: string;
  class_name: string;
  config: Record<string, unknown>;
  registered_name: null;
} {
  if (!(loss instanceof Loss)) fail('losses.serialize', `expected a Loss, got ${describe(loss)}`);
  return registry.serialize(loss.className, loss.getConfig());
}

/** The snake_case ids. */
export function list(): string[] {
  return registry.list();
}

// Keras's snake_case function names, for code ported from Python.
export {
  meanSquaredError as mean_squared_error,
  meanAbsoluteError as mean_absolute_error,
  binaryCrossentropy as binary_crossentropy,
  categoricalCrossentropy as categorical_crossentropy,
  sparseCategoricalCrossentropy as sparse_categorical_crossentropy,
};
