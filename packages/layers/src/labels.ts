/*
 * Checks of labels against the shape of the predictions, without computing a loss: the loss
 * functions call them on their arguments, and the trainer and gradientFlow call them (through
 * `Loss.checkLabels`) on the labels and the model's output shape before any forward pass.
 */
import type { Tensor } from '@gradflow/autodiff';
import { fail, fmtShape } from './util.js';

/**
 * Labels brought to the predictions' rank as Keras does (squeeze_or_expand_to_same_rank: [n]
 * labels with [n, 1] predictions become [n, 1]), and then required to have exactly that shape:
 * Keras would broadcast [n, 2] against [n, 1] silently.
 */
export function matchLabels(op: string, yTrue: Tensor, predShape: readonly number[]): Tensor {
  let y = yTrue;
  const rank = predShape.length;
  if (y.rank === rank + 1 && y.shape[y.rank - 1] === 1)
    y = y.reshape(y.shape.slice(0, -1) as number[]);
  else if (rank === y.rank + 1 && predShape[rank - 1] === 1) y = y.reshape([...y.shape, 1]);
  if (y.rank !== rank || y.shape.some((d, i) => d !== predShape[i])) {
    fail(
      op,
      `labels (yTrue) of shape ${fmtShape(y.shape)} do not match predictions (yPred) of shape ${fmtShape(predShape)}; they must have the same shape`,
    );
  }
  return y;
}

/** Labels that must be probabilities in [0, 1] (binary and categorical crossentropy). */
export function checkProbabilityLabels(op: string, y: Tensor): void {
  const d = y.data();
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (!(v >= 0 && v <= 1)) {
      fail(
        op,
        `labels must be probabilities in [0, 1]; got ${v} at flat index ${i}${op === 'binary_crossentropy' ? '' : ' (for integer class indices use sparse_categorical_crossentropy)'}`,
      );
    }
  }
}

/** One-hot (or probability) labels of exactly the predictions' shape, with a hint for class indices. */
export function checkCategoricalLabels(op: string, y: Tensor, predShape: readonly number[]): void {
  const rank = predShape.length;
  if (y.rank !== rank || y.shape.some((d, i) => d !== predShape[i])) {
    const hint =
      y.rank === rank - 1 || (y.rank === rank && y.shape[y.rank - 1] === 1)
        ? '; these look like integer class indices: use sparse_categorical_crossentropy, or one-hot encode them'
        : '';
    fail(
      op,
      `labels (yTrue) of shape ${fmtShape(y.shape)} do not match predictions (yPred) of shape ${fmtShape(predShape)}; they must have the same shape (one-hot labels)${hint}`,
    );
  }
  checkProbabilityLabels(op, y);
}

/**
 * Integer class labels: the predictions' shape without the last axis (a trailing axis of size 1
 * is squeezed, as Keras does), every value an integer in [0, classes). Returns the squeezed labels.
 */
export function sparseLabels(op: string, yTrue: Tensor, predShape: readonly number[]): Tensor {
  let y = yTrue;
  const rank = predShape.length;
  if (y.rank === rank && y.shape[y.rank - 1] === 1) y = y.reshape(y.shape.slice(0, -1) as number[]);
  const want = predShape.slice(0, -1);
  if (y.rank !== want.length || y.shape.some((d, i) => d !== want[i])) {
    const hint =
      y.rank === rank ? '; these look like one-hot labels: use categorical_crossentropy' : '';
    fail(
      op,
      `labels (yTrue) of shape ${fmtShape(y.shape)} do not match predictions (yPred) of shape ${fmtShape(predShape)}; labels must have the predictions' shape without the last axis, ${fmtShape(want)} (or ${fmtShape([...want, 1])})${hint}`,
    );
  }
  const k = predShape[rank - 1]!;
  const d = y.data();
  for (let i = 0; i < d.length; i++) {
    const c = d[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= k) {
      fail(
        op,
        `labels must be integer class indices in [0, ${k}) for predictions with ${k} classes; got ${c} at flat index ${i}${Number.isInteger(c) ? '' : ' (for one-hot or probability labels use categorical_crossentropy)'}`,
      );
    }
  }
  return y;
}
