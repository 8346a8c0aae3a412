/*
 * The differentiated part of a training step, as a pure function of its arguments: what `jit`
 * compiles as it is. Everything the step reads is an argument (trainable weights, the other
 * weights, the batch, each layer's random noise), and everything it changes is an output (the
 * gradients, and the new values of non-trainable weights such as BatchNormalization's moving
 * statistics), applied outside by the trainer.
 */
import { type Tensor, valueAndGrad } from '@gradflow/autodiff';
import type { Loss } from '../losses.js';
import type { Optimizer } from '../optimizers/index.js';
import type { TensorInput } from '../util.js';

/** The loss of predictions as a scalar tensor (the mean if the loss's reduction is 'none'). */
export function scalarLoss(loss: Loss, y: TensorInput, yPred: Tensor): Tensor {
  const l = loss.call(y, yPred);
  return l.size === 1 ? l.reshape([]) : l.mean();
}

/** What a training step needs of a model: its forward pass on explicit parameters. */
export interface StepModel {
  forward(
    params: readonly (readonly Tensor[])[],
    x: Tensor,
    options?: { training?: boolean; noise?: readonly (Tensor | null)[] },
  ): { output: Tensor; layers?: readonly { updates?: Tensor[] }[] };
}

/**
 * Which weights the optimizer changes, per layer in weight order (`trainable`), and whether
 * each layer is trainable (BatchNormalization computes its updates only then). Plain booleans:
 * under jit they are static, part of the signature a compiled step is cached by.
 */
export interface StepLayout {
  readonly trainable: readonly (readonly boolean[])[];
  readonly layers: readonly boolean[];
}

/** What one training step computed. */
export interface StepResult {
  /** The batch's loss, a scalar. */
  loss: Tensor;
  /** Per layer, the gradient of each trainable weight (in weight order). */
  grads: Tensor[][];
  /** The predictions of the training pass. */
  yPred: Tensor;
  /** Per layer, new values of its non-trainable weights (BatchNormalization's moving statistics); [] for none. */
  updates: Tensor[][];
}

/**
 * (trainable weights, other weights, x, y, noise per layer, layout) => StepResult, where the
 * weights are split by `layout.trainable` and only the trainable ones are differentiated.
 */
export type TrainStep = (
  trainable: Tensor[][],
  fixed: Tensor[][],
  x: Tensor,
  y: Tensor,
  noise: (Tensor | null)[],
  layout: StepLayout,
) => StepResult;

/** Merges trainable and other weights back into one array per layer, as `layout` split them. */
export function mergeWeights(
  trainable: readonly (readonly Tensor[])[],
  fixed: readonly (readonly Tensor[])[],
  layout: StepLayout,
): Tensor[][] {
  return layout.trainable.map((mask, i) => {
    let a = 0;
    let b = 0;
    return mask.map((t) => (t ? trainable[i]![a++]! : fixed[i]![b++]!));
  });
}

/** Splits each layer's weights by `layout`: [trainable, other]. */
export function splitWeights(
  params: readonly (readonly Tensor[])[],
  layout: StepLayout,
): [Tensor[][], Tensor[][]] {
  const pick = (want: boolean) =>
    params.map((ws, i) => ws.filter((_, j) => layout.trainable[i]![j] === want));
  return [pick(true), pick(false)];
}

/** The training step of `model` under `loss` (the training pass: batch statistics, dropout). */
export function trainStep(model: StepModel, loss: Loss): TrainStep {
  const lossAndAux = (
    ...[trainable, fixed, x, y, noise, layout]: Parameters<TrainStep>
  ): [Tensor, { yPred: Tensor; updates: Tensor[][] }] => {
    const r = model.forward(mergeWeights(trainable, fixed, layout), x, { training: true, noise });
    const updates = (r.layers ?? []).map((l) => l.updates ?? []);
    return [scalarLoss(loss, y, r.output), { yPred: r.output, updates }];
  };
  const step = valueAndGrad(lossAndAux, 0, { hasAux: true });
  return (...args) => {
    const { value, grads, aux } = step(...args);
    return { loss: value, grads, yPred: aux.yPred, updates: aux.updates };
  };
}

/** What a training step with the optimizer's update computed. */
export interface UpdateResult {
  loss: Tensor;
  yPred: Tensor;
  updates: Tensor[][];
  /** The new trainable weights, flat (layer after layer, in weight order). */
  params: Tensor[];
  /** The optimizer's new state, per trainable weight. */
  slots: Tensor[][];
  /** The gradients the update used (what the check against eager compares). */
  grads: Tensor[][];
}

/**
 * The training step followed by the optimizer's update, still a pure function: the optimizer's
 * state and this step's scalars (learning rate, bias corrections) are arguments, computed
 * eagerly by `optimizer.begin`, and its new state is an output, stored by `optimizer.end`.
 */
export type UpdateStep = (
  ...args: [...Parameters<TrainStep>, slots: Tensor[][], scalars: Tensor[]]
) => UpdateResult;

export function updateStep(step: TrainStep, optimizer: Optimizer): UpdateStep {
  return (trainable, fixed, x, y, noise, layout, slots, scalars) => {
    const r = step(trainable, fixed, x, y, noise, layout);
    const next = optimizer.update(r.grads.flat(), trainable.flat(), slots, () => scalars);
    return { loss: r.loss, yPred: r.yPred, updates: r.updates, grads: r.grads, ...next };
  };
}
