/*
 * The five results of `pnpm experiments` as presets: the same depth, width, batch, activation,
 * initializer and seeds as the experiments, with what to look for and the initializers the
 * experiment compares it with (one click away).
 */
import { DEFAULT_SETTINGS, type FlowSettings } from './settings.js';

export interface Preset {
  id: string;
  /** A button's worth: "Logistic + N(0, 1)". */
  short: string;
  title: string;
  paper: string;
  settings: FlowSettings;
  /** What the charts show and what to look for. */
  look: string;
  /** The experiment's other initializers, as changes to the settings. */
  alternatives: { label: string; change: Partial<FlowSettings> }[];
}

const base = (change: Partial<FlowSettings>): FlowSettings => ({ ...DEFAULT_SETTINGS, ...change });

export const PRESETS: readonly Preset[] = [
  {
    id: 'logistic',
    short: 'Logistic + N(0, 1)',
    title: 'Logistic + N(0, 1): the gradients vanish',
    paper: 'Glorot & Bengio (2010)',
    settings: base({
      depth: 10,
      width: 100,
      batch: 256,
      activation: 'sigmoid',
      init: 'random_normal',
      stddev: 1,
      seed: 100,
      dataSeed: 1,
    }),
    look: "With weights drawn from N(0, 1) the pre-activations are huge, so about half of the logistic units sit where σ' is below 5% of its maximum (the saturated fraction). The kernel gradients fade toward the input: ‖∂W₁‖ / ‖∂W_out‖ is far below 1. Glorot uniform removes the saturation, but with σ'(0) = 1/4 the gradient still shrinks about 4× per layer; Glorot ×4 (scale 16), the bound recommended for the logistic, sits between the two.",
    alternatives: [
      { label: 'Glorot uniform', change: { init: 'glorot_uniform' } },
      {
        label: 'Glorot ×4 (scale 16)',
        change: { init: 'variance_scaling', scale: 16, mode: 'fan_avg', distribution: 'uniform' },
      },
    ],
  },
  {
    id: 'tanh',
    short: 'tanh + Glorot',
    title: 'tanh + Glorot: the variance holds',
    paper: 'Glorot & Bengio (2010)',
    settings: base({
      depth: 10,
      width: 100,
      batch: 256,
      activation: 'tanh',
      init: 'glorot_uniform',
      seed: 200,
      dataSeed: 2,
    }),
    look: 'Glorot uniform keeps the activations alive through the ten layers: their standard deviation decays only slowly (no layer loses more than about 40% of the variance of the one below), no unit saturates, and the gradient norm changes by only about 10% per layer. Try N(0, 1): most units saturate. Try N(0, 0.05): three quarters of the variance is lost at every layer.',
    alternatives: [
      { label: 'RandomNormal(0, 1)', change: { init: 'random_normal', stddev: 1 } },
      { label: 'RandomNormal(0, 0.05)', change: { init: 'random_normal', stddev: 0.05 } },
    ],
  },
  {
    id: 'relu',
    short: 'ReLU + He',
    title: 'ReLU + He: the signal keeps its scale',
    paper: 'He et al. (2015)',
    settings: base({
      depth: 32,
      width: 256,
      batch: 128,
      activation: 'relu',
      init: 'he_normal',
      seed: 300,
      dataSeed: 3,
    }),
    look: "He normal (Var(W) = 2 / fan_in) makes up for ReLU zeroing half of its inputs: the activations keep their scale through all 32 layers (up to a slow drift that comes from the finite width), and so do the gradient norms. Half of the units are dead (relu' = 0), which is the saturated fraction here. With Glorot normal E[a²] halves at every layer, and after 32 layers almost nothing reaches the output.",
    alternatives: [{ label: 'Glorot normal', change: { init: 'glorot_normal' } }],
  },
  {
    id: 'selu',
    short: 'SELU + LeCun',
    title: 'SELU + LeCun normal: self-normalizing',
    paper: 'Klambauer et al. (2017)',
    settings: base({
      depth: 64,
      width: 128,
      batch: 256,
      activation: 'selu',
      init: 'lecun_normal',
      seed: 400,
      dataSeed: 4,
    }),
    look: 'With LeCun normal (Var(W) = 1 / fan_in) SELU has a fixed point at mean 0 and variance 1: every one of the 64 layers stays there (std ≈ 1, mean ≈ 0), up to finite-width noise. With He normal (twice the variance) there is no such fixed point: the standard deviation grows layer after layer.',
    alternatives: [{ label: 'He normal', change: { init: 'he_normal' } }],
  },
  {
    id: 'exploding',
    short: 'Exploding + clipnorm',
    title: 'Exploding gradients and clipnorm',
    paper: 'Pascanu et al. (2013)',
    settings: base({
      depth: 18,
      width: 32,
      batch: 128,
      activation: 'relu',
      init: 'random_normal',
      stddev: 0.3,
      output: 'glorot_normal',
      seed: 500,
      dataSeed: 5,
      clipnorm: 1,
    }),
    look: "N(0, 0.3) gives σ_w² = 32 · 0.09 ≈ 2.9, above He's 2: going up, the activations grow layer after layer, and going down, the gradient with respect to each layer's output (‖∂loss/∂a‖) grows by about √(σ_w²/2) ≈ 1.2 per layer. Each kernel's gradient is the product of the two, so it is huge at every layer (thousands, against about 1 with He normal), and it grows with every layer added: lower the depth to watch. clipnorm 1 rescales each gradient tensor to norm ≤ 1 (the dashed line), which is what lets SGD train this network in the experiment; without it the loss overflows to NaN in the first epoch.",
    alternatives: [{ label: 'He normal', change: { init: 'he_normal' } }],
  },
];

export const presetById = (id: string | null): Preset | undefined =>
  PRESETS.find((p) => p.id === id);
