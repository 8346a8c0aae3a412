/*
 * Gradient flow: per-layer statistics of one forward/backward pass, the measurement behind
 * vanishing and exploding gradients (Glorot & Bengio 2010, He et al. 2015, Klambauer et al. 2017).
 *
 * One `valueAndGrad` differentiates the loss with respect to the parameters and to zero probes
 * added at every layer's pre-activation and output (`Sequential.zeroProbes`), so a single
 * backward pass gives the gradient at every point of the network. Statistics are accumulated in
 * float64 from the tensors' data, so that squares of large float32 gradients do not overflow.
 */
import {
  type Activation as ActivationFunction,
  type Tensor,
  activations,
  grad,
  linspace,
  tensor,
} from '@gradflow/autodiff';
import type { Layer, LayerForward } from './layers/layer.js';
import { type Loss, type LossIdentifier, get as getLoss } from './losses.js';
import type { Sequential } from './models/sequential.js';
import { scalarLoss, valueAndGradWithAux } from './training/step.js';
import { checkData } from './training/validate.js';
import {
  checkBoolean,
  checkKeys,
  checkNumber,
  describe,
  fail,
  isPlainObject,
  type TensorInput,
} from './util.js';

const OP = 'gradientFlow';

/** The default saturation threshold: a unit is saturated where |f'(z)| < 5% of max |f'|. */
export const SATURATION_THRESHOLD = 0.05;

export interface GradientFlowOptions {
  /**
   * The loss to differentiate (an id such as 'mean_squared_error', a Loss or a function). Default:
   * the loss given to `model.compile`; an uncompiled model needs this option.
   */
  loss?: LossIdentifier;
  /** Fraction of the activation's maximum derivative below which a unit is saturated (default 0.05). */
  saturationThreshold?: number;
  /**
   * Measure the training pass (BatchNormalization on batch statistics, Dropout masking) instead
   * of the inference pass (default false). The moving statistics are not updated either way.
   */
  training?: boolean;
}

/**
 * How `saturatedFraction` was decided for a layer's activation:
 * - 'elementwise': |f'(z)| < threshold · max |f'| with f' derived by autodiff at each pre-activation;
 * - 'linear': the identity (a layer without activation), never saturated (fraction 0);
 * - 'not-elementwise': softmax, log_softmax, sparsemax, glu and the like mix the units of a sample,
 *   so a unit's derivative is a Jacobian row, not a number: no fraction (null);
 * - 'unbounded-derivative': |f'| has no maximum (exponential, x²), so "5% of the maximum" means
 *   nothing: no fraction (null).
 */
export type SaturationRule = 'elementwise' | 'linear' | 'not-elementwise' | 'unbounded-derivative';

/** Statistics of one layer. Means and standard deviations are over every element (samples × units). */
export interface LayerFlow {
  /** Position in the model, 0 for the first layer. */
  index: number;
  name: string;
  className: string;
  /** The activation's Keras id ('linear' for none, a custom function's name). */
  activation: string;
  /** Size of the output's last axis. */
  units: number;
  /** Mean and standard deviation of what the activation was applied to. */
  preActivationMean: number;
  preActivationStd: number;
  /** Mean and standard deviation of the layer's output (after the activation). */
  activationMean: number;
  activationStd: number;
  /** Mean of the squared outputs, E[a²]: what He initialization keeps steady for ReLU. */
  activationSecondMoment: number;
  /** Fraction of units (over samples × units) whose derivative is below the threshold; see `saturation`. */
  saturatedFraction: number | null;
  /** Fraction of units whose derivative is exactly 0 (ReLU's dead units, or an underflow); null where saturation is. */
  deadFraction: number | null;
  /** How the saturated fraction was decided. */
  saturation: SaturationRule;
  /** max |f'| of the activation over the real line (found on a dense grid); null where not defined. */
  maxDerivative: number | null;
  /** Euclidean (Frobenius) norm and element standard deviation of ∂loss/∂output. */
  outputGradNorm: number;
  outputGradStd: number;
  /** outputGradNorm divided by the last layer's (null when that is 0). */
  outputGradRatio: number | null;
  /** Norm of ∂loss/∂preActivation (the backpropagated "delta"). */
  preActivationGradNorm: number;
  /** Norm and element standard deviation of ∂loss/∂kernel; null for a layer without a kernel. */
  kernelGradNorm: number | null;
  kernelGradStd: number | null;
  /** kernelGradNorm divided by that of the last layer that has a kernel (null without a kernel, or when that is 0). */
  kernelGradRatio: number | null;
  /** Standard deviation of the kernel's entries (null without a kernel). */
  kernelStd: number | null;
  /** Norm of ∂loss/∂bias (null for a layer without a bias). */
  biasGradNorm: number | null;
}

/** The result of `gradientFlow`: plain data, first layer first. */
export interface GradientFlow {
  layers: LayerFlow[];
  /** The loss value of the pass. */
  loss: number;
  /** The loss's name ('mean_squared_error', ...). */
  lossName: string;
  /** Number of samples in the batch. */
  samples: number;
  /** The saturation threshold used. */
  saturationThreshold: number;
}

/** Mean, population standard deviation, second moment and Euclidean norm, in float64. */
function moments(values: ArrayLike<number>): {
  mean: number;
  std: number;
  secondMoment: number;
  norm: number;
} {
  const n = values.length;
  let s = 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    s += v;
    ss += v * v;
  }
  const mean = s / n;
  let dev = 0;
  for (let i = 0; i < n; i++) dev += (values[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(dev / n), secondMoment: ss / n, norm: Math.sqrt(ss) };
}

// ---------------------------------------------------------------- the activations' derivatives

/** What is known of an activation for the saturation rule (computed once per function). */
export interface ActivationSaturation {
  rule: SaturationRule;
  maxDerivative: number | null;
}

/** Half-width of the grid on which max |f'| is searched, and its points per unit (integers, ±0.5, ... are on it). */
const GRID_HALF_WIDTH = 20;
const GRID_PER_UNIT = 64;

const infoCache = new WeakMap<ActivationFunction, ActivationSaturation>();

const derivative = (fn: ActivationFunction) => grad((z: Tensor) => fn(z).sum());

/** Whether f acts on each element alone: f on a row of values equals f on each value by itself. */
function isElementwise(fn: ActivationFunction, xs: Tensor): boolean {
  const n = xs.size;
  const row = fn(xs.reshape([1, n]));
  const column = fn(xs.reshape([n, 1]));
  if (row.size !== n || column.size !== n || row.shape.length !== 2 || column.shape.length !== 2)
    return false;
  const a = row.data();
  const b = column.data();
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (!(Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(x)))) return false;
  }
  return true;
}

function maxAbsFinite(d: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < d.length; i++) {
    const v = Math.abs(d[i]!);
    if (Number.isFinite(v) && v > m) m = v;
  }
  return m;
}

/**
 * The saturation rule of an activation and, for an elementwise one, max |f'| over the real line:
 * the maximum of the autodiff derivative on a grid of [-20, 20] with step 1/64 in float64 (every
 * kink of the built-in activations lies on it). If |f'| at ±40 or ±80 exceeds that maximum by
 * more than 5%, the derivative is taken to be unbounded.
 */
export function activationSaturation(fn: ActivationFunction): ActivationSaturation {
  const cached = infoCache.get(fn);
  if (cached !== undefined) return cached;
  let info: ActivationSaturation;
  if (fn === activations.get('linear')) info = { rule: 'linear', maxDerivative: 1 };
  else {
    const points = 2 * GRID_HALF_WIDTH * GRID_PER_UNIT + 1;
    const xs = linspace(-GRID_HALF_WIDTH, GRID_HALF_WIDTH, points, 'float64');
    let elementwise: boolean;
    try {
      elementwise = isElementwise(fn, xs);
    } catch {
      elementwise = false; // e.g. glu on one column: not something that acts on units one by one
    }
    if (!elementwise) info = { rule: 'not-elementwise', maxDerivative: null };
    else {
      const d = derivative(fn);
      const max = maxAbsFinite((d(xs) as Tensor).data());
      const far = (
        d(
          tensor(
            [-4, -2, 2, 4].map((k) => k * GRID_HALF_WIDTH),
            { dtype: 'float64' },
          ),
        ) as Tensor
      ).data();
      const unbounded = Array.from(far).some((v) => Math.abs(v) > 1.05 * max);
      info = unbounded
        ? { rule: 'unbounded-derivative', maxDerivative: null }
        : { rule: 'elementwise', maxDerivative: max };
    }
  }
  infoCache.set(fn, info);
  return info;
}

interface Saturation {
  saturatedFraction: number | null;
  deadFraction: number | null;
}

/** Saturated and dead fractions of units with pre-activations z under the activation fn. */
function saturation(
  fn: ActivationFunction,
  info: ActivationSaturation,
  z: Tensor,
  threshold: number,
): Saturation {
  if (info.rule === 'linear') return { saturatedFraction: 0, deadFraction: 0 };
  if (info.rule !== 'elementwise' || info.maxDerivative === null)
    return { saturatedFraction: null, deadFraction: null };
  const n = z.size;
  // A fresh leaf with z's values: the derivative of the activation alone, not of the network.
  const d = (derivative(fn)(tensor(z)) as Tensor).data();
  const limit = threshold * info.maxDerivative;
  let saturated = 0;
  let dead = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(d[i]!);
    if (v === 0) dead++;
    // With max |f'| = 0 (a constant) every unit passes no gradient: all saturated.
    if (v < limit || info.maxDerivative === 0) saturated++;
  }
  return { saturatedFraction: saturated / n, deadFraction: dead / n };
}

// ---------------------------------------------------------------- the pass

function resolveLoss(model: Sequential, option: LossIdentifier | undefined): Loss {
  if (option !== undefined) {
    try {
      return getLoss(option);
    } catch (e) {
      fail(OP, `options.loss: ${(e as Error).message}`);
    }
  }
  const compiled = model.loss;
  if (compiled === null) {
    fail(
      OP,
      `model ${JSON.stringify(model.name)} is not compiled, so there is no loss to differentiate; call model.compile({ optimizer: 'sgd', loss: 'mean_squared_error' }) or pass gradientFlow(model, x, y, { loss: 'mean_squared_error' })`,
    );
  }
  return compiled;
}

function weightIndex(layer: Layer, local: string): number {
  return layer.weightNames().indexOf(`${layer.name}/${local}`);
}

const ratio = (a: number | null, b: number | null): number | null =>
  a === null || b === null || b === 0 ? null : a / b;

/**
 * Per-layer statistics of one forward/backward pass of `model` on (x, y): for each layer, first
 * layer first, the mean, standard deviation and second moment of its pre-activations and
 * outputs, the fraction of saturated units, and the norm and standard deviation of the gradient
 * of the loss with respect to the layer's output and kernel, with their ratios to the last
 * layer's. The result is plain data (numbers, strings and null), ready for tables and plots.
 *
 * A unit is saturated where the activation's derivative, derived by autodiff at the unit's
 * pre-activation, is below 5% (`saturationThreshold`) of the activation's maximum derivative
 * (see `SaturationRule` for the identity, non-elementwise activations such as softmax, and
 * unbounded derivatives).
 *
 * The loss is the compiled one unless `options.loss` is given. The model must be built (its
 * input shape known): gradientFlow measures the weights the model has and never creates any.
 * Nothing in the model changes.
 */
export function gradientFlow(
  model: Sequential,
  x: TensorInput,
  y: TensorInput,
  options: GradientFlowOptions = {},
): GradientFlow {
  if (
    model === null ||
    typeof model !== 'object' ||
    typeof (model as { forward?: unknown }).forward !== 'function' ||
    !Array.isArray(model.layers)
  ) {
    fail(OP, `expects a Sequential model, got ${describe(model)}`);
  }
  if (!isPlainObject(options))
    fail(
      OP,
      `options must be an object such as { loss: 'mean_squared_error' }, got ${describe(options)}`,
    );
  checkKeys(OP, options, ['loss', 'saturationThreshold', 'training']);
  const { loss: lossOption, saturationThreshold } = options as GradientFlowOptions;
  const training = checkBoolean(OP, 'training', options.training ?? false);
  const threshold = checkNumber(
    OP,
    'saturationThreshold',
    saturationThreshold ?? SATURATION_THRESHOLD,
    (t) => t > 0 && t < 1,
    'a number in (0, 1)',
  );
  const layers = model.layers;
  if (layers.length === 0)
    fail(OP, `model ${JSON.stringify(model.name)} has no layers; add some first`);
  if (!model.built) {
    fail(
      OP,
      `model ${JSON.stringify(model.name)} is not built, so it has no weights to measure; give the first layer an inputShape, or call model.build([null, ...features]) first`,
    );
  }
  const loss = resolveLoss(model, lossOption);
  const { x: xs, y: ys } = checkData(OP, model, loss, x, y);
  const samples = xs.shape[0]!;

  type Probe = { preActivation: Tensor; output: Tensor };
  const objective = (params: Tensor[][], probes: Probe[]): [Tensor, LayerForward[]] => {
    const r = model.forward(params, xs, { probes, training });
    return [scalarLoss(loss, ys, r.output), r.layers];
  };
  const params = model.parameters();
  const {
    value,
    grads,
    aux: captured,
  } = valueAndGradWithAux(objective, [0, 1])(params, model.zeroProbes(samples));
  const [dParams, dProbes] = grads as [Tensor[][], Probe[]];

  const rows = layers.map((layer, i): Omit<LayerFlow, 'outputGradRatio' | 'kernelGradRatio'> => {
    const fwd = captured[i]!;
    const pre = moments(fwd.preActivation.data());
    const act = moments(fwd.output.data());
    const info = activationSaturation(layer.activation);
    const sat = saturation(layer.activation, info, fwd.preActivation, threshold);
    const dOut = moments(dProbes[i]!.output.data());
    const dPre = moments(dProbes[i]!.preActivation.data());
    const k = weightIndex(layer, 'kernel');
    const b = weightIndex(layer, 'bias');
    const dKernel = k >= 0 ? moments(dParams[i]![k]!.data()) : null;
    const kernel = k >= 0 ? moments(params[i]![k]!.data()) : null;
    const outShape = fwd.output.shape;
    return {
      index: i,
      name: layer.name,
      className: layer.className,
      activation: layer.activationId,
      units: outShape[outShape.length - 1] ?? 1,
      preActivationMean: pre.mean,
      preActivationStd: pre.std,
      activationMean: act.mean,
      activationStd: act.std,
      activationSecondMoment: act.secondMoment,
      saturatedFraction: sat.saturatedFraction,
      deadFraction: sat.deadFraction,
      saturation: info.rule,
      maxDerivative: info.maxDerivative,
      outputGradNorm: dOut.norm,
      outputGradStd: dOut.std,
      preActivationGradNorm: dPre.norm,
      kernelGradNorm: dKernel?.norm ?? null,
      kernelGradStd: dKernel?.std ?? null,
      kernelStd: kernel?.std ?? null,
      biasGradNorm: b >= 0 ? moments(dParams[i]![b]!.data()).norm : null,
    };
  });
  const lastOutput = rows[rows.length - 1]!.outputGradNorm;
  const lastKernel = rows.findLast((r) => r.kernelGradNorm !== null)?.kernelGradNorm ?? null;
  return {
    layers: rows.map((r) => ({
      ...r,
      outputGradRatio: ratio(r.outputGradNorm, lastOutput),
      kernelGradRatio: ratio(r.kernelGradNorm, lastKernel),
    })),
    loss: value.item(),
    lossName: loss.name,
    samples,
    saturationThreshold: threshold,
  };
}
