/*
 * The one validator of inputs and labels, shared by the trainer (fit, evaluate, predict,
 * trainOnBatch) and gradientFlow: same checks, same messages. Labels are checked directly
 * against the model's output shape by the loss (`Loss.checkLabels`), before any forward pass.
 */
import type { DType, Tensor } from '@gradflow/autodiff';
import type { BatchShape } from '../layers/layer.js';
import type { Loss } from '../losses.js';
import { fail, firstNonFinite, fmtShape, toTensor, type TensorInput } from '../util.js';

/** What the validator needs of a model. */
export interface DataModel {
  readonly name: string;
  readonly dtype: DType;
  readonly layers: readonly unknown[];
  readonly inputShape: BatchShape | null;
  readonly outputShape: BatchShape;
  build(inputShape: readonly (number | null)[]): void;
}

function checkFinite(op: string, name: string, t: Tensor): void {
  const bad = firstNonFinite(t);
  if (bad >= 0)
    fail(op, `${name} contains a non-finite value (${t.data()[bad]}) at flat index ${bad}`);
}

/**
 * Model inputs as a tensor of the model's dtype: a batch axis and a feature axis, finite, and of
 * the model's input shape. A model whose input shape is still unknown is built from x's shape.
 */
export function checkInputs(op: string, model: DataModel, x: TensorInput): Tensor {
  if (model.layers.length === 0)
    fail(op, `model ${JSON.stringify(model.name)} has no layers; add some first`);
  const xs = toTensor(op, 'x', x, model.dtype);
  if (xs.rank < 2)
    fail(
      op,
      `x must have a batch axis and a feature axis (shape [samples, ...features]), got shape ${fmtShape(xs.shape)}`,
    );
  checkFinite(op, 'x', xs);
  const want = model.inputShape;
  if (want === null) model.build([null, ...xs.shape.slice(1)]);
  else if (want.length !== xs.rank || want.some((d, i) => i > 0 && d !== null && d !== xs.shape[i]))
    fail(
      op,
      `x has shape ${fmtShape(xs.shape)} but model ${JSON.stringify(model.name)} expects inputs of shape ${fmtShape(want)}`,
    );
  return xs;
}

/**
 * Inputs and labels, checked against each other, the model and the loss: as many labels as
 * samples, at least one sample, finite labels, and labels the loss accepts for predictions of
 * the model's output shape (shape, class indices in range, probabilities in [0, 1]).
 */
export function checkData(
  op: string,
  model: DataModel,
  loss: Loss | null,
  x: TensorInput,
  y: TensorInput,
): { x: Tensor; y: Tensor } {
  const xs = checkInputs(op, model, x);
  const ys = toTensor(op, 'y', y, model.dtype);
  if (ys.rank < 1) fail(op, `y must have a batch axis (one label per sample), got a scalar`);
  if (ys.shape[0] !== xs.shape[0])
    fail(
      op,
      `x and y must have the same number of samples; x has ${xs.shape[0]} (shape ${fmtShape(xs.shape)}) and y has ${ys.shape[0]} (shape ${fmtShape(ys.shape)})`,
    );
  if (xs.shape[0] === 0) fail(op, 'x and y are empty (0 samples)');
  checkFinite(op, 'y', ys);
  if (loss !== null) {
    const out = model.outputShape;
    try {
      loss.checkLabels(ys, [xs.shape[0]!, ...(out.slice(1) as number[])]);
    } catch (e) {
      fail(
        op,
        `y (shape ${fmtShape(ys.shape)}) does not suit the model's output ${fmtShape(out)} and the loss ${loss.name}: ${(e as Error).message}`,
      );
    }
  }
  return { x: xs, y: ys };
}
