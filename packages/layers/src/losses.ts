/**
 * Keras 3 losses (keras/src/losses/losses.py) as classes whose `call(yTrue, yPred)` reduces the
 * per-sample losses of loss-functions.ts to a scalar ('sum_over_batch_size' by default), and the
 * registry behind `losses.get` and `compile({ loss })`.
 */
import { type Tensor, div, sum, Registry, configToOptions, isSerialized } from '@gradflow/autodiff';
import {
  checkBoolean,
  checkKeys,
  describe,
  fail,
  isPlainObject,
  toCamelCase,
  toSnakeCase,
  type TensorInput,
} from './util.js';
import {
  checkCategoricalLabels,
  checkProbabilityLabels,
  matchLabels,
  sparseLabels,
} from './labels.js';

import {
  type CrossentropyOptions,
  type LossFunction,
  type Reduction,
  type SparseCategoricalOptions,
  REDUCTIONS,
  binaryCrossentropy,
  categoricalCrossentropy,
  crossentropyOptions,
  meanAbsoluteError,
  meanSquaredError,
  sparseCategoricalCrossentropy,
} from './loss-functions.js';

export {
  type CrossentropyOptions,
  type LossFunction,
  type Reduction,
  type SparseCategoricalOptions,
  EPSILON,
  REDUCTIONS,
  binaryCrossentropy,
  categoricalCrossentropy,
  meanAbsoluteError,
  meanSquaredError,
  sparseCategoricalCrossentropy,
} from './loss-functions.js';

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
