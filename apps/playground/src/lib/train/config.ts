/**
 * The training view's settings and their URL form. Every setting is a URL parameter, so a link
 * reproduces the data, the network and the optimizer; `decodeConfig(encodeConfig(c))` gives `c`
 * back. A parameter that cannot be read falls back to its default and is reported as a problem,
 * so an edited link still opens.
 */
import { activations, tensor } from '@gradflow/autodiff';
import { initializers } from '@gradflow/layers';
import { DATASETS, MAX_NOISE, type DatasetId } from './data.js';
import { FEATURE_IDS, isFeatureId, type FeatureId } from './features.js';

export const OPTIMIZERS = [
  { id: 'sgd', label: 'SGD with momentum' },
  { id: 'adam', label: 'Adam' },
  { id: 'rmsprop', label: 'RMSprop' },
] as const;
export type OptimizerId = (typeof OPTIMIZERS)[number]['id'];

/** Learning rates offered (as the TensorFlow Playground's list). */
export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3] as const;

export const LIMITS = {
  noiseStep: 0.05,
  splitMin: 0.1,
  splitMax: 0.9,
  splitStep: 0.1,
  seedMax: 2 ** 31 - 1,
  maxLayers: 6,
  maxUnits: 8,
  batchMin: 1,
  batchMax: 64,
  momentumMax: 0.99,
} as const;

export interface LayerConfig {
  units: number;
  activation: string;
}

export interface TrainConfig {
  dataset: DatasetId;
  /** Noise level in [0, MAX_NOISE], a multiple of LIMITS.noiseStep. */
  noise: number;
  /** Fraction of the points used for training (the rest is the test set). */
  split: number;
  /** Seed of the data, its split, the shuffling and the initial weights. */
  seed: number;
  features: FeatureId[];
  /** Hidden layers, first to last (the output unit is added after them). */
  layers: LayerConfig[];
  /** Kernel initializer id of every layer (biases start at zero). */
  initializer: string;
  optimizer: OptimizerId;
  learningRate: number;
  /** Momentum of SGD (ignored by Adam and RMSprop). */
  momentum: number;
  batchSize: number;
  /** Whether the test points are drawn (a view setting: changing it does not retrain). */
  showTest: boolean;
}

export const DEFAULT_CONFIG: TrainConfig = {
  dataset: 'circle',
  noise: 0,
  split: 0.5,
  seed: 1,
  features: ['x1', 'x2'],
  layers: [
    { units: 4, activation: 'tanh' },
    { units: 2, activation: 'tanh' },
  ],
  initializer: 'glorot_uniform',
  optimizer: 'sgd',
  learningRate: 0.03,
  momentum: 0.9,
  batchSize: 10,
  showTest: false,
};

/** Settings that only change what is drawn, not the model or the data. */
export const VIEW_KEYS: readonly (keyof TrainConfig)[] = ['showTest'];

const PROBE = [-3, -1, -0.25, 0, 0.5, 2, 4];

/** Whether an activation acts on each unit alone: f on a row equals f on a column, value by value. */
function elementwise(id: string): boolean {
  const fn = activations.get(id);
  try {
    const row = fn(tensor([PROBE], { dtype: 'float64' })).data();
    const column = fn(
      tensor(
        PROBE.map((v) => [v]),
        { dtype: 'float64' },
      ),
    ).data();
    if (row.length !== PROBE.length || column.length !== PROBE.length) return false;
    return PROBE.every((_, i) => Object.is(row[i], column[i]) || row[i] === column[i]);
  } catch {
    return false; // e.g. glu, which halves the units
  }
}

let activationIds: string[] | null = null;

/** The activation ids a hidden layer may use: those of `activations.list()` that are elementwise. */
export function hiddenActivations(): string[] {
  activationIds ??= activations.list().filter(elementwise);
  return activationIds;
}

/** The kernel initializer ids offered (all of `initializers.list()`). */
export function initializerIds(): string[] {
  return initializers.list();
}

export interface Decoded {
  config: TrainConfig;
  /** One sentence per parameter that could not be read (its default is used). */
  problems: string[];
}

const fmt = (v: number) => String(Number(v.toFixed(6)));

/** The URL parameters of a configuration (every setting, always). */
export function encodeConfig(c: TrainConfig): Record<string, string> {
  return {
    data: c.dataset,
    noise: fmt(c.noise),
    split: fmt(c.split),
    seed: String(c.seed),
    feat: c.features.join(','),
    layers: c.layers.map((l) => l.units).join(','),
    act: c.layers.map((l) => l.activation).join(','),
    init: c.initializer,
    opt: c.optimizer,
    lr: fmt(c.learningRate),
    mom: fmt(c.momentum),
    batch: String(c.batchSize),
    test: c.showTest ? '1' : '0',
  };
}

const onGrid = (v: number, step: number) => Math.abs(v / step - Math.round(v / step)) < 1e-9;

/** Reads a configuration from URL parameters; missing ones take their defaults silently. */
export function decodeConfig(params: Readonly<Record<string, string>>): Decoded {
  const problems: string[] = [];
  const d = DEFAULT_CONFIG;
  function read<T>(key: string, fallback: T, parse: (raw: string) => T | undefined, want: string) {
    const raw = params[key];
    if (raw === undefined) return fallback;
    const v = parse(raw);
    if (v !== undefined) return v;
    problems.push(
      `${key}=${JSON.stringify(raw)} is not ${want}; using ${JSON.stringify(fallback)}`,
    );
    return fallback;
  }
  const num = (lo: number, hi: number, step?: number) => (raw: string) => {
    const v = raw.trim() === '' ? NaN : Number(raw);
    return Number.isFinite(v) && v >= lo && v <= hi && (step === undefined || onGrid(v, step))
      ? v
      : undefined;
  };
  const int = (lo: number, hi: number) => (raw: string) =>
    /^\d+$/.test(raw) && Number(raw) >= lo && Number(raw) <= hi ? Number(raw) : undefined;
  const oneOf =
    <T extends string>(ids: readonly T[]) =>
    (raw: string) =>
      (ids as readonly string[]).includes(raw) ? (raw as T) : undefined;

  const dataset = read('data', d.dataset, oneOf(DATASETS), `one of ${DATASETS.join(', ')}`);
  const noise = read(
    'noise',
    d.noise,
    num(0, MAX_NOISE, LIMITS.noiseStep),
    `a noise level in [0, ${MAX_NOISE}]`,
  );
  const split = read(
    'split',
    d.split,
    num(LIMITS.splitMin, LIMITS.splitMax, LIMITS.splitStep),
    `a training fraction in [${LIMITS.splitMin}, ${LIMITS.splitMax}]`,
  );
  const seed = read('seed', d.seed, int(0, LIMITS.seedMax), 'a whole number');
  const features = read(
    'feat',
    d.features,
    (raw) => {
      const ids = raw.split(',');
      const unique = new Set(ids);
      return ids.length > 0 && ids.every(isFeatureId) && unique.size === ids.length
        ? FEATURE_IDS.filter((f) => unique.has(f))
        : undefined;
    },
    `a comma-separated list of distinct features from ${FEATURE_IDS.join(', ')}`,
  );
  const units = read(
    'layers',
    d.layers.map((l) => l.units),
    (raw) => {
      if (raw === '') return [];
      const parts = raw.split(',').map(int(1, LIMITS.maxUnits));
      return parts.length <= LIMITS.maxLayers && parts.every((u) => u !== undefined)
        ? (parts as number[])
        : undefined;
    },
    `up to ${LIMITS.maxLayers} unit counts from 1 to ${LIMITS.maxUnits}`,
  );
  const acts = read(
    'act',
    units.map((_, i) => d.layers[i]?.activation ?? 'tanh'),
    (raw) => {
      const ids = raw === '' ? [] : raw.split(',');
      return ids.length === units.length && ids.every((a) => hiddenActivations().includes(a))
        ? ids
        : undefined;
    },
    `one elementwise activation id per layer`,
  );
  const initializer = read('init', d.initializer, oneOf(initializerIds()), 'an initializer id');
  const optimizer = read(
    'opt',
    d.optimizer,
    oneOf(OPTIMIZERS.map((o) => o.id)),
    `one of ${OPTIMIZERS.map((o) => o.id).join(', ')}`,
  );
  const learningRate = read(
    'lr',
    d.learningRate,
    (raw) => LEARNING_RATES.find((r) => raw.trim() !== '' && Number(raw) === r),
    `one of ${LEARNING_RATES.join(', ')}`,
  );
  const momentum = read(
    'mom',
    d.momentum,
    num(0, LIMITS.momentumMax),
    `a momentum in [0, ${LIMITS.momentumMax}]`,
  );
  const batchSize = read(
    'batch',
    d.batchSize,
    int(LIMITS.batchMin, LIMITS.batchMax),
    `a batch size from ${LIMITS.batchMin} to ${LIMITS.batchMax}`,
  );
  const showTest = read(
    'test',
    d.showTest,
    (raw) => (raw === '1' ? true : raw === '0' ? false : undefined),
    '0 or 1',
  );
  const layers = units.map((u, i) => ({ units: u, activation: acts[i]! }));
  return {
    config: {
      dataset,
      noise,
      split,
      seed,
      features,
      layers,
      initializer,
      optimizer,
      learningRate,
      momentum,
      batchSize,
      showTest,
    },
    problems,
  };
}
