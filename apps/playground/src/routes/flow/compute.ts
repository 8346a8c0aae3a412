/*
 * One gradient-flow measurement: the network the settings describe (hidden Dense layers, then a
 * linear output unit), seeded standard-normal inputs and targets, `gradientFlow` with the mean
 * squared error, and a histogram of every layer's outputs. Plain data in and out, so it runs the
 * same in a Web Worker and in tests.
 */
import { randomNormal, type Tensor } from '@gradflow/autodiff';
import {
  Dense,
  type GradientFlow,
  type Initializer,
  RandomNormal,
  Sequential,
  VarianceScaling,
  gradientFlow,
  initializers,
} from '@gradflow/layers';
import type { FlowSettings } from './settings.js';

/** The hidden layers' initializer for layer `index` (seed + index, as the experiments do). */
export function hiddenInitializer(s: FlowSettings, index: number): Initializer {
  const seed = s.seed + index;
  if (s.init === 'random_normal') return new RandomNormal({ mean: 0, stddev: s.stddev, seed });
  if (s.init === 'variance_scaling')
    return new VarianceScaling({
      scale: s.scale,
      mode: s.mode,
      distribution: s.distribution,
      seed,
    });
  return initializers.get(s.init, { seed });
}

/** `depth` hidden Dense layers of `width` units (input dimension `width`), then Dense(1) linear. */
export function buildModel(s: FlowSettings): Sequential {
  const layers: Dense[] = [];
  for (let i = 0; i < s.depth; i++) {
    layers.push(
      new Dense({
        units: s.width,
        activation: s.activation,
        kernelInitializer: hiddenInitializer(s, i),
        name: `hidden_${i + 1}`,
        ...(i === 0 ? { inputShape: [s.width] } : {}),
      }),
    );
  }
  const outputInit =
    s.output === 'same'
      ? hiddenInitializer(s, s.depth)
      : initializers.get(s.output, { seed: s.seed + s.depth });
  layers.push(new Dense({ units: 1, kernelInitializer: outputInit, name: 'output' }));
  return new Sequential({ layers, name: `${s.activation}_${s.depth}x${s.width}` });
}

/** Seeded standard-normal inputs [batch, width] and targets [batch, 1]. */
export function batchFor(s: FlowSettings): { x: Tensor; y: Tensor } {
  return {
    x: randomNormal([s.batch, s.width], { seed: s.dataSeed }),
    y: randomNormal([s.batch, 1], { seed: s.dataSeed + 1 }),
  };
}

export interface Histograms {
  /** Bin edges shared by every layer: bins + 1 increasing values. */
  edges: number[];
  /** One row per layer: the fraction of its outputs in each bin (values outside go to the end bins). */
  rows: number[][];
}

export const BINS = 40;

/**
 * Histograms of each layer's outputs over one shared range: the smallest mean − 3 std to the
 * largest mean + 3 std over the layers, kept within the values that occur.
 */
export function histograms(outputs: readonly ArrayLike<number>[], bins = BINS): Histograms {
  let lo = Infinity;
  let hi = -Infinity;
  let min = Infinity;
  let max = -Infinity;
  for (const v of outputs) {
    let s = 0;
    let ss = 0;
    let n = 0;
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      if (!Number.isFinite(x)) continue;
      s += x;
      ss += x * x;
      n++;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    if (n === 0) continue;
    const mean = s / n;
    const std = Math.sqrt(Math.max(0, ss / n - mean * mean));
    lo = Math.min(lo, mean - 3 * std);
    hi = Math.max(hi, mean + 3 * std);
  }
  lo = Math.max(lo, min);
  hi = Math.min(hi, max);
  if (!(hi > lo)) {
    const c = Number.isFinite(lo) ? lo : 0;
    lo = c - 0.5;
    hi = c + 0.5;
  }
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  const rows = outputs.map((v) => {
    const counts = new Array<number>(bins).fill(0);
    let n = 0;
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      if (!Number.isFinite(x)) continue;
      counts[Math.min(bins - 1, Math.max(0, Math.floor((x - lo) / width)))]!++;
      n++;
    }
    return counts.map((c) => (n ? c / n : 0));
  });
  return { edges, rows };
}

export interface FlowResult {
  flow: GradientFlow;
  histograms: Histograms;
}

/** Builds the network, measures one forward/backward pass, and histograms the hidden layers' outputs. */
export function runFlow(s: FlowSettings): FlowResult {
  const model = buildModel(s);
  const { x, y } = batchFor(s);
  const flow = gradientFlow(model, x, y, { loss: 'mean_squared_error' });
  const outputs = model
    .forward(model.parameters(), x)
    .layers.slice(0, -1)
    .map((l) => l.output.data());
  return { flow, histograms: histograms(outputs) };
}
