import { type GradientFlow, type LayerFlow, gradientFlow } from '@gradflow/layers';
import type { Chart } from '../chart.js';
import { type MlpSpec, gaussianBatch, mlp } from '../net.js';
import type { MeanFieldLayer } from '../theory.js';
import type { Table } from '../table.js';

/** What an experiment returns: its tables and charts, and the measured data the tests check. */
export interface Experiment<D> {
  /** 1 to 5, as in issue 5. */
  id: number;
  title: string;
  /** The published result being reproduced, with its reference. */
  claim: string;
  tables: Table[];
  charts: Chart[];
  data: D;
}

/** gradientFlow of a freshly initialized MLP on standard-normal inputs and targets (MSE loss). */
export function flowAtInit(spec: MlpSpec, batch: number, dataSeed: number): GradientFlow {
  const model = mlp(spec);
  const { x, y } = gaussianBatch(
    batch,
    spec.inputDim ?? spec.width,
    dataSeed,
    spec.outputUnits ?? 1,
  );
  return gradientFlow(model, x, y, { loss: 'mean_squared_error' });
}

/** The hidden layers of a flow (all but the output layer). */
export const hidden = (flow: GradientFlow): LayerFlow[] => flow.layers.slice(0, -1);

/**
 * Geometric mean, over the hidden layers, of the factor by which the gradient norm w.r.t. a
 * layer's output changes going one layer down: (‖∂a₁‖ / ‖∂a_L‖)^(1/(L-1)). Below 1 the
 * gradients vanish toward the input, above 1 they explode.
 */
export function gradientFactor(flow: GradientFlow): number {
  const h = hidden(flow);
  return (h[0]!.outputGradNorm / h[h.length - 1]!.outputGradNorm) ** (1 / (h.length - 1));
}

/** The mean-field prediction of `gradientFactor`: the geometric mean of √χ over hidden layers 2..L. */
export function theoryGradientFactor(mf: readonly MeanFieldLayer[]): number {
  const chis = mf.slice(1).map((l) => Math.log(l.chi) / 2);
  return Math.exp(chis.reduce((a, b) => a + b, 0) / chis.length);
}

/** Geometric mean of the per-layer factor of E[a²] over the hidden layers: (m_L / m_1)^(1/(L-1)). */
export function secondMomentFactor(flow: GradientFlow): number {
  const h = hidden(flow);
  return (
    (h[h.length - 1]!.activationSecondMoment / h[0]!.activationSecondMoment) ** (1 / (h.length - 1))
  );
}

export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Sample standard deviation (n - 1); 0 for a single value. */
export function std(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Layers shown in a per-layer table: all of them up to 12, else about 10 evenly spaced (always the first and last). */
export function shownLayers(count: number): number[] {
  if (count <= 12) return Array.from({ length: count }, (_, i) => i);
  const step = Math.ceil(count / 10);
  const out = Array.from({ length: Math.ceil(count / step) }, (_, i) => i * step);
  if (out[out.length - 1] !== count - 1) out.push(count - 1);
  return out;
}

/** 'hidden_3' for index 2 of a flow, 'output' for its last layer. */
export const layerLabel = (flow: GradientFlow, i: number): string => flow.layers[i]!.name;

/** The per-layer saturated-fraction chart that results 1 and 2 draw, one series per run. */
export function saturationChart(
  file: string,
  title: string,
  xLabel: string,
  runs: readonly { label: string; flow: GradientFlow }[],
): Chart {
  return {
    file,
    title,
    xLabel,
    yLabel: 'fraction saturated',
    yDomain: [0, 1],
    series: runs.map((r) => ({
      name: r.label,
      points: hidden(r.flow).map((l, i) => [i + 1, l.saturatedFraction!] as [number, number]),
    })),
  };
}
