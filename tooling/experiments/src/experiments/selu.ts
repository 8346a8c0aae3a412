import type { GradientFlow } from '@gradflow/layers';
import { INITS, type InitSpec } from '../net.js';
import { num, pct } from '../table.js';
import { type MeanFieldLayer, meanField } from '../theory.js';
import {
  type Experiment,
  flowAtInit,
  gradientFactor,
  hidden,
  mean,
  shownLayers,
  theoryGradientFactor,
} from './common.js';

export interface SeluOptions {
  depth?: number;
  width?: number;
  batch?: number;
  seed?: number;
}

export interface SeluRun {
  label: string;
  flow: GradientFlow;
  theory: MeanFieldLayer[];
  means: number[];
  variances: number[];
  /** Largest |E[a]| and the range of Var[a] over the hidden layers. */
  maxAbsMean: number;
  minVariance: number;
  maxVariance: number;
  gradientFactor: number;
  theoryGradientFactor: number;
}

/** LeCun normal (σ_w² = 1, the self-normalizing choice) and He normal (σ_w² = 2) for contrast. */
export const SELU_INITS: InitSpec[] = [INITS.lecunNormal, INITS.heNormal];

/** Result 4 (Klambauer et al. 2017): SELU with LeCun normal initialization self-normalizes. */
export function seluSelfNormalizing(
  options: SeluOptions = {},
): Experiment<{ runs: SeluRun[]; depth: number; width: number }> {
  const { depth = 64, width = 128, batch = 256, seed = 4 } = options;
  const runs = SELU_INITS.map((init): SeluRun => {
    const flow = flowAtInit({ depth, width, activation: 'selu', init, seed: 400 }, batch, seed);
    const h = hidden(flow);
    const means = h.map((l) => l.activationMean);
    const variances = h.map((l) => l.activationStd ** 2);
    const theory = meanField('selu', depth, init.sigmaW2(width));
    return {
      label: init.label,
      flow,
      theory,
      means,
      variances,
      maxAbsMean: Math.max(...means.map(Math.abs)),
      minVariance: Math.min(...variances),
      maxVariance: Math.max(...variances),
      gradientFactor: gradientFactor(flow),
      theoryGradientFactor: theoryGradientFactor(theory),
    };
  });
  const shown = shownLayers(depth);
  return {
    id: 4,
    title: `SELU network (${depth} layers of ${width}, batch ${batch}) at initialization`,
    claim:
      'Klambauer et al. (2017): SELU with LeCun normal initialization is self-normalizing: the activations keep mean ≈ 0 and variance ≈ 1 through many layers.',
    tables: [
      {
        title: `4a. SELU, ${depth} layers × ${width}: mean and variance of the activations per layer`,
        columns: [
          'layer',
          ...runs.flatMap((r) => [`${r.label}: E[a]`, 'Var[a]', 'mean-field Var']),
        ],
        rows: shown.map((i) => [
          `hidden_${i + 1}`,
          ...runs.flatMap((r) => [
            num(r.means[i]),
            num(r.variances[i]),
            num(r.theory[i]!.activationVariance),
          ]),
        ]),
      },
      {
        title: `4b. SELU, ${depth} layers × ${width}: summary over all hidden layers`,
        columns: [
          'initializer',
          'max ∣E[a]∣',
          'Var[a] range',
          'units saturated',
          '‖∂a‖ factor per layer down',
          'mean-field √χ',
        ],
        rows: runs.map((r) => [
          r.label,
          num(r.maxAbsMean),
          `${num(r.minVariance)} – ${num(r.maxVariance)}`,
          pct(mean(hidden(r.flow).map((l) => l.saturatedFraction!))),
          num(r.gradientFactor),
          num(r.theoryGradientFactor),
        ]),
        notes: [
          'LeCun normal (Var(W) = 1/fan_in) puts SELU at its fixed point (mean 0, variance 1): every layer stays there, up to',
          'finite-width noise. With He normal (twice the weight variance) there is no such fixed point: the variance grows',
          'layer after layer and the mean drifts away from 0.',
          "Saturated: SELU's derivative λαeᶻ (z < 0) is below 5% of its maximum λα for z < ln 0.05 ≈ -3.",
        ],
      },
    ],
    charts: [
      {
        file: '4-selu-moments',
        title: `SELU, ${depth} layers: mean and variance of the activations`,
        xLabel: 'layer',
        yLabel: 'E[a], Var[a]',
        series: runs.flatMap((r) => [
          {
            name: `${r.label}: Var[a]`,
            points: r.variances.map((v, i) => [i + 1, v] as [number, number]),
          },
          {
            name: `${r.label}: E[a]`,
            points: r.means.map((v, i) => [i + 1, v] as [number, number]),
          },
        ]),
      },
    ],
    data: { runs, depth, width },
  };
}
