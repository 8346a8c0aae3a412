/**
 * The function forms of the Keras 3 losses: one loss per sample (the mean over the last axis, as
 * Keras's `mean_squared_error(y_true, y_pred)`); losses.ts wraps them in classes that reduce.
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
} from '@gradflow/autodiff';
import {
  checkBoolean,
  checkKeys,
  checkNumber,
  describe,
  fail,
  isPlainObject,
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

export function crossentropyOptions(
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
