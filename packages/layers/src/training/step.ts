/*
 * The differentiated part of a training step, as a pure function of (params, x, y): what `jit`
 * can compile as it is (`jit(gradStep(model, loss))`).
 */
import { type Tensor, valueAndGrad } from '@gradflow/autodiff';
import type { Loss } from '../losses.js';
import type { TensorInput } from '../util.js';

/**
 * valueAndGrad of a function returning `[value, aux]`: `{ value, grads, aux }`, aux being
 * whatever the function computed alongside the value (predictions, per-layer activations). The
 * one place that knows how the auxiliary value leaves the differentiated function.
 */
export function valueAndGradWithAux<A extends unknown[], Aux>(
  f: (...args: A) => [Tensor, Aux],
  argnums: number | number[] = 0,
): (...args: A) => { value: Tensor; grads: unknown; aux: Aux } {
  let aux: Aux | undefined;
  const vg = valueAndGrad((...args: A) => {
    const [value, a] = f(...args);
    aux = a;
    return value;
  }, argnums);
  return (...args: A) => {
    const { value, grads } = vg(...args) as { value: Tensor; grads: unknown };
    return { value, grads, aux: aux as Aux };
  };
}

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
    options?: { training?: boolean },
  ): { output: Tensor; layers?: readonly { updates?: Tensor[] }[] };
}

/** What a training pass produced besides the loss: predictions and each layer's state updates. */
export interface StepAux {
  yPred: Tensor;
  /** Per layer, new values of its non-trainable weights (BatchNormalization's moving statistics). */
  updates: (Tensor[] | undefined)[];
}

/** One batch's loss, its gradient with respect to every parameter, the predictions and state updates. */
export type GradStep = (
  params: Tensor[][],
  x: Tensor,
  y: Tensor,
) => { value: Tensor; grads: Tensor[][]; aux: StepAux };

/**
 * The gradient step of `model` under `loss`, on the training pass (batch statistics, dropout):
 * (params, x, y) => { value, grads, aux: { yPred, updates } }.
 */
export function gradStep(model: StepModel, loss: Loss): GradStep {
  return valueAndGradWithAux((params: Tensor[][], x: Tensor, y: Tensor): [Tensor, StepAux] => {
    const r = model.forward(params, x, { training: true });
    const updates = (r.layers ?? []).map((l) => l.updates);
    return [scalarLoss(loss, y, r.output), { yPred: r.output, updates }];
  }) as GradStep;
}
