/**
 * Metrics reported by fit/evaluate, as Keras's compile(metrics=[...]): each gives one value per
 * sample for a batch, and the epoch's value is the mean over all samples seen (Keras's
 * MeanMetricWrapper). They are plain numbers, never differentiated.
 */
import type { Tensor } from '@gradflow/autodiff';
import {
  BinaryCrossentropy,
  CategoricalCrossentropy,
  type Loss,
  SparseCategoricalCrossentropy,
  binaryCrossentropy,
  categoricalCrossentropy,
  meanAbsoluteError,
  meanSquaredError,
  sparseCategoricalCrossentropy,
} from './losses.js';
import { describe, fail, fmtShape } from './util.js';

/** A metric function: one value per sample (a tensor or numbers). */
export type MetricFunction = (yTrue: Tensor, yPred: Tensor) => Tensor | ArrayLike<number>;

/** What `compile({ metrics })` accepts for each metric. */
export type MetricIdentifier = string | MetricFunction;

/** A resolved metric: the name used in logs and history, and its per-sample function. */
export interface Metric {
  readonly name: string;
  readonly fn: MetricFunction;
}

function rows(t: Tensor): { data: Float32Array | Float64Array; n: number; k: number } {
  const k = t.rank === 0 ? 1 : t.shape[t.rank - 1]!;
  return { data: t.data(), n: k === 0 ? 0 : t.size / k, k };
}

function argmaxRows(t: Tensor): Int32Array {
  const { data, n, k } = rows(t);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (data[i * k + j]! > data[i * k + best]!) best = j;
    out[i] = best;
  }
  return out;
}

function sameShape(op: string, yTrue: Tensor, yPred: Tensor): Tensor {
  let y = yTrue;
  if (y.rank === yPred.rank - 1 && yPred.shape[yPred.rank - 1] === 1)
    y = y.reshape([...y.shape, 1]);
  if (y.rank !== yPred.rank || y.shape.some((d, i) => d !== yPred.shape[i])) {
    fail(
      op,
      `labels of shape ${fmtShape(yTrue.shape)} do not match predictions of shape ${fmtShape(yPred.shape)}`,
    );
  }
  return y;
}

/** Fraction of entries where (yPred > threshold) equals the label, per sample (Keras binary_accuracy). */
export function binaryAccuracy(yTrue: Tensor, yPred: Tensor, threshold = 0.5): Float64Array {
  const y = sameShape('binary_accuracy', yTrue, yPred);
  const { data: p, n, k } = rows(yPred);
  const t = y.data();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let hits = 0;
    for (let j = 0; j < k; j++) if ((p[i * k + j]! > threshold ? 1 : 0) === t[i * k + j]) hits++;
    out[i] = hits / k;
  }
  return out;
}

/** 1 where argmax(yTrue) equals argmax(yPred), per sample (Keras categorical_accuracy). */
export function categoricalAccuracy(yTrue: Tensor, yPred: Tensor): Float64Array {
  sameShape('categorical_accuracy', yTrue, yPred);
  const a = argmaxRows(yTrue);
  const b = argmaxRows(yPred);
  return Float64Array.from(a, (v, i) => (v === b[i] ? 1 : 0));
}

/** 1 where the integer label equals argmax(yPred), per sample (Keras sparse_categorical_accuracy). */
export function sparseCategoricalAccuracy(yTrue: Tensor, yPred: Tensor): Float64Array {
  const b = argmaxRows(yPred);
  const t = yTrue.data();
  if (t.length !== b.length) {
    fail(
      'sparse_categorical_accuracy',
      `labels of shape ${fmtShape(yTrue.shape)} do not match predictions of shape ${fmtShape(yPred.shape)}; need one integer label per row`,
    );
  }
  return Float64Array.from(b, (v, i) => (v === t[i] ? 1 : 0));
}

const FUNCTIONS: Record<string, MetricFunction> = {
  binary_accuracy: (y, p) => binaryAccuracy(y, p),
  categorical_accuracy: categoricalAccuracy,
  sparse_categorical_accuracy: sparseCategoricalAccuracy,
  mean_squared_error: meanSquaredError,
  mse: meanSquaredError,
  mean_absolute_error: meanAbsoluteError,
  mae: meanAbsoluteError,
  binary_crossentropy: (y, p) => binaryCrossentropy(y, p),
  categorical_crossentropy: (y, p) => categoricalCrossentropy(y, p),
  sparse_categorical_crossentropy: (y, p) => sparseCategoricalCrossentropy(y, p),
};

/** The metric ids `compile` accepts. */
export function list(): string[] {
  return ['accuracy', 'acc', ...Object.keys(FUNCTIONS)];
}

/**
 * Resolves a metric. 'accuracy' / 'acc' become binary, sparse categorical or categorical
 * accuracy by the shapes of labels and predictions, as Keras decides: binary for one output per
 * sample, sparse when labels lack the class axis (or have it of size 1), categorical otherwise.
 * With a binary crossentropy on logits, binary accuracy thresholds at 0 (sigmoid 0.5) rather
 * than Keras's 0.5 on the raw logits. For a crossentropy metric, `fromLogits` follows the loss.
 */
export function resolve(
  identifier: MetricIdentifier,
  context: { loss: Loss; yTrue: Tensor; yPred: Tensor },
): Metric {
  const op = 'compile';
  if (typeof identifier === 'function')
    return { name: identifier.name || 'metric', fn: identifier };
  if (typeof identifier !== 'string')
    fail(
      op,
      `metrics must be ids or functions, got ${describe(identifier)}; valid ids: ${list().join(', ')}`,
    );
  const { loss, yTrue, yPred } = context;
  const logits =
    (loss instanceof BinaryCrossentropy ||
      loss instanceof CategoricalCrossentropy ||
      loss instanceof SparseCategoricalCrossentropy) &&
    loss.fromLogits;
  if (identifier === 'accuracy' || identifier === 'acc') {
    const k = yPred.shape[yPred.rank - 1];
    if (k === 1) {
      const threshold = logits && loss instanceof BinaryCrossentropy ? 0 : 0.5;
      return { name: identifier, fn: (y, p) => binaryAccuracy(y, p, threshold) };
    }
    const sparse =
      yTrue.rank === yPred.rank - 1 ||
      (yTrue.rank === yPred.rank && yTrue.shape[yTrue.rank - 1] === 1);
    return { name: identifier, fn: sparse ? sparseCategoricalAccuracy : categoricalAccuracy };
  }
  if (identifier === 'binary_accuracy' && logits && loss instanceof BinaryCrossentropy)
    return { name: identifier, fn: (y, p) => binaryAccuracy(y, p, 0) };
  if (logits && identifier === 'binary_crossentropy')
    return { name: identifier, fn: (y, p) => binaryCrossentropy(y, p, { fromLogits: true }) };
  if (logits && identifier === 'categorical_crossentropy')
    return { name: identifier, fn: (y, p) => categoricalCrossentropy(y, p, { fromLogits: true }) };
  if (logits && identifier === 'sparse_categorical_crossentropy')
    return {
      name: identifier,
      fn: (y, p) => sparseCategoricalCrossentropy(y, p, { fromLogits: true }),
    };
  const fn = Object.hasOwn(FUNCTIONS, identifier) ? FUNCTIONS[identifier] : undefined;
  if (fn === undefined)
    fail(op, `unknown metric ${JSON.stringify(identifier)}; valid ids: ${list().join(', ')}`);
  return { name: identifier, fn };
}

/** Checks metric identifiers early (at compile), before shapes are known. */
export function validateIdentifier(identifier: unknown): void {
  if (typeof identifier === 'function') return;
  if (typeof identifier !== 'string' || !list().includes(identifier)) {
    fail(
      'compile',
      `unknown metric ${describe(identifier)}; valid ids: ${list().join(', ')} (or a function (yTrue, yPred) => per-sample values)`,
    );
  }
}

/** Sum of a metric's per-sample values and how many there were. */
export function sumValues(values: Tensor | ArrayLike<number>): { sum: number; count: number } {
  const d: ArrayLike<number> =
    'shape' in values && typeof (values as Tensor).data === 'function'
      ? (values as Tensor).data()
      : (values as ArrayLike<number>);
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i]!;
  return { sum: s, count: d.length };
}
