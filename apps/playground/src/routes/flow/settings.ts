/*
 * The gradient-flow lab's settings and their URL form. Decoding never throws: a value that is
 * missing or out of range falls back to its default, with a message for what was wrong.
 */
import { initializers, type Distribution, type FanMode } from '@gradflow/layers';

export const FAN_MODES: readonly FanMode[] = initializers.FAN_MODES;
export const DISTRIBUTIONS: readonly Distribution[] = initializers.DISTRIBUTIONS;

export const INITIALIZERS = [
  'glorot_uniform',
  'glorot_normal',
  'he_normal',
  'he_uniform',
  'lecun_normal',
  'lecun_uniform',
  'orthogonal',
  'random_normal',
  'variance_scaling',
] as const;
export type InitializerId = (typeof INITIALIZERS)[number];

/** What the output layer is initialized with: as the hidden layers, or Glorot normal. */
export const OUTPUT_INITS = ['same', 'glorot_normal'] as const;
export type OutputInit = (typeof OUTPUT_INITS)[number];

export interface FlowSettings {
  /** Hidden Dense layers (then one linear output unit). */
  depth: number;
  width: number;
  activation: string;
  init: InitializerId;
  /** RandomNormal's standard deviation (init 'random_normal'). */
  stddev: number;
  /** VarianceScaling's scale, mode and distribution (init 'variance_scaling'). */
  scale: number;
  mode: FanMode;
  distribution: Distribution;
  output: OutputInit;
  batch: number;
  /** Seed of the weights (layer i uses seed + i) and of the data (x: dataSeed, y: dataSeed + 1). */
  seed: number;
  dataSeed: number;
  /** Keras's per-tensor clipnorm, shown next to the kernel gradients; null for none. */
  clipnorm: number | null;
}

export const DEFAULT_SETTINGS: FlowSettings = {
  depth: 10,
  width: 100,
  activation: 'sigmoid',
  init: 'random_normal',
  stddev: 1,
  scale: 1,
  mode: 'fan_in',
  distribution: 'truncated_normal',
  output: 'same',
  batch: 256,
  seed: 100,
  dataSeed: 1,
  clipnorm: null,
};

interface Bounds {
  min: number;
  max: number;
  integer: boolean;
}

export const LIMITS = {
  depth: { min: 1, max: 100, integer: true },
  width: { min: 2, max: 256, integer: true },
  batch: { min: 2, max: 512, integer: true },
  seed: { min: 0, max: 1_000_000, integer: true },
  dataSeed: { min: 0, max: 1_000_000, integer: true },
  stddev: { min: 0.001, max: 10, integer: false },
  scale: { min: 0.01, max: 100, integer: false },
  clipnorm: { min: 0.001, max: 1000, integer: false },
} satisfies Record<string, Bounds>;

type NumericKey = keyof typeof LIMITS;

/** URL keys: short, stable names (part of the state format, version 1). */
const KEYS = {
  depth: 'depth',
  width: 'width',
  activation: 'act',
  init: 'init',
  stddev: 'std',
  scale: 'scale',
  mode: 'mode',
  distribution: 'dist',
  output: 'out',
  batch: 'batch',
  seed: 'seed',
  dataSeed: 'dseed',
  clipnorm: 'clip',
} as const satisfies Record<keyof FlowSettings, string>;

export interface FlowState {
  settings: FlowSettings;
  /** The preset the settings came from (its text is shown while they still match). */
  preset: string | null;
}

/**
 * Reads the lab's URL state. A preset's settings are the starting point, so `preset=relu` alone
 * is a complete link; keys given next to it override them.
 */
export function decodeFlow(
  raw: Readonly<Record<string, string>>,
  activationIds: readonly string[],
  presets: readonly { id: string; settings: FlowSettings }[],
): { state: FlowState; problems: string[] } {
  const problems: string[] = [];
  // An empty URL opens the first preset, so the lab starts with something to look at.
  const empty = Object.keys(raw).length === 0;
  let preset: string | null = raw.preset ?? (empty ? (presets[0]?.id ?? null) : null);
  const chosen = presets.find((p) => p.id === preset);
  if (preset !== null && chosen === undefined) {
    problems.push(`unknown preset "${preset}"`);
    preset = null;
  }
  const s: FlowSettings = { ...(chosen?.settings ?? DEFAULT_SETTINGS) };
  const num = (key: NumericKey): number | undefined => {
    const text = raw[KEYS[key]];
    if (text === undefined) return undefined;
    const b: Bounds = LIMITS[key];
    const v = text.trim() === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(v) || v < b.min || v > b.max || (b.integer && !Number.isInteger(v))) {
      problems.push(
        `${KEYS[key]} must be ${b.integer ? 'a whole number' : 'a number'} from ${b.min} to ${b.max}, got "${text}"`,
      );
      return undefined;
    }
    return v;
  };
  const choice = <T extends string>(
    key: keyof FlowSettings,
    valid: readonly T[],
  ): T | undefined => {
    const text = raw[KEYS[key]];
    if (text === undefined) return undefined;
    if ((valid as readonly string[]).includes(text)) return text as T;
    problems.push(`${KEYS[key]} must be one of ${valid.join(', ')}, got "${text}"`);
    return undefined;
  };
  for (const key of ['depth', 'width', 'batch', 'seed', 'dataSeed', 'stddev', 'scale'] as const)
    s[key] = num(key) ?? s[key];
  // 'off' is written for no clipnorm, so that it can override a preset's.
  if (raw[KEYS.clipnorm] === 'off') s.clipnorm = null;
  else if (raw[KEYS.clipnorm] !== undefined) s.clipnorm = num('clipnorm') ?? s.clipnorm;
  s.activation = choice('activation', activationIds) ?? s.activation;
  s.init = choice('init', INITIALIZERS) ?? s.init;
  s.mode = choice('mode', FAN_MODES) ?? s.mode;
  s.distribution = choice('distribution', DISTRIBUTIONS) ?? s.distribution;
  s.output = choice('output', OUTPUT_INITS) ?? s.output;
  return { state: { settings: s, preset }, problems };
}

export function encodeFlow({ settings, preset }: FlowState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, name] of Object.entries(KEYS) as [keyof FlowSettings, string][]) {
    const v = settings[key];
    out[name] = v === null ? 'off' : String(v);
  }
  if (preset !== null) out.preset = preset;
  return out;
}

export function sameSettings(a: FlowSettings, b: FlowSettings): boolean {
  return (Object.keys(KEYS) as (keyof FlowSettings)[]).every((k) => a[k] === b[k]);
}

/** A short name for the hidden layers' initializer ("RandomNormal(0, 1)", "he_normal"). */
export function initLabel(s: FlowSettings): string {
  if (s.init === 'random_normal') return `RandomNormal(0, ${s.stddev})`;
  if (s.init === 'variance_scaling')
    return `VarianceScaling(${s.scale}, ${s.mode}, ${s.distribution})`;
  return s.init;
}
