/**
 * The functional core of a Sequential model: the forward pass on explicit parameters (which
 * `grad` differentiates, and the training step compiles), and the zero probes that expose each
 * layer's pre-activation and output to the gradient.
 */
import { type DType, type Tensor, zeros } from '@gradflow/autodiff';
import type { BatchShape, Layer, LayerForward, Probes } from '../layers/layer.js';
import { checkBoolean, describe, fail } from '../util.js';

export interface ForwardOptions {
  /** Per layer (same order as `layers`), zero tensors added inside the layer; see `Probes`. */
  probes?: readonly (Probes | null | undefined)[];
  /** Training behaviour (BatchNormalization's batch statistics, Dropout's masks); default false. */
  training?: boolean;
  /** Per layer, the noise its training pass uses (see `Layer.trainingNoise`); drawn inside when absent. */
  noise?: readonly (Tensor | null | undefined)[];
}

/** The result of a functional forward pass: the output and every layer's input, pre-activation and output. */
export interface ForwardResult {
  output: Tensor;
  layers: LayerForward[];
}

/** The forward pass of `layers` on explicit parameters (see `Sequential.forward`). */
export function forwardLayers(
  layers: readonly Layer[],
  params: readonly (readonly Tensor[])[],
  x: Tensor,
  options: ForwardOptions,
): ForwardResult {
  const op = 'Sequential.forward';
  if (!Array.isArray(params) || params.length !== layers.length) {
    fail(
      op,
      `expects one array of parameters per layer (${layers.length} layers), got ${describe(params)}`,
    );
  }
  if (!(x !== null && typeof x === 'object' && 'shape' in x))
    fail(op, `x must be a Tensor, got ${describe(x)}`);
  const { probes, noise } = options;
  for (const [key, v] of [
    ['probes', probes],
    ['noise', noise],
  ] as const)
    if (v !== undefined && (!Array.isArray(v) || v.length !== layers.length))
      fail(op, `${key} must have one entry per layer (${layers.length}), got ${describe(v)}`);
  const training = checkBoolean(op, 'training', options.training ?? false);
  const outs: LayerForward[] = [];
  let h = x;
  layers.forEach((l, i) => {
    const r = l.forward(params[i]!, h, probes?.[i] ?? null, training, noise?.[i]);
    outs.push(r);
    h = r.output;
  });
  return { output: h, layers: outs };
}

/** Zero probes for a batch (see `Sequential.zeroProbes`). */
export function zeroProbes(
  layers: readonly Layer[],
  inputShape: BatchShape,
  batchSize: number,
  dtype: DType,
): { preActivation: Tensor; output: Tensor }[] {
  let s = inputShape;
  return layers.map((l) => {
    s = l.computeOutputShape(s);
    const shape = [batchSize, ...(s.slice(1) as number[])];
    return { preActivation: zeros(shape, dtype), output: zeros(shape, dtype) };
  });
}
