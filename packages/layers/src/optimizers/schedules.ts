/*
 * Learning-rate schedules with Keras 3's names, formulas and configs
 * (keras.optimizers.schedules). A schedule maps the optimizer's step counter, which starts at 0,
 * to a learning rate: the first update uses schedule(0).
 */
import { Registry, configToOptions, isSerialized } from '@gradflow/autodiff';
import { checkBoolean, describe, fail, isPlainObject } from '../util.js';
import { LearningRateSchedule, finite, positive } from './schedule-base.js';

export { LearningRateSchedule } from './schedule-base.js';

export interface ExponentialDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  /** Decay in whole steps of decaySteps (default false). */
  staircase?: boolean;
  name?: string;
}

/**
 * The schedules that decay from initialLearningRate by decayRate every decaySteps steps
 * (ExponentialDecay, InverseTimeDecay): the same options, checks and Keras config.
 */
abstract class RateDecay extends LearningRateSchedule {
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  protected constructor(op: string, options: ExponentialDecayOptions) {
    super(op, options, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase'], op);
    this.initialLearningRate = finite(op, 'initialLearningRate', options.initialLearningRate);
    this.decaySteps = positive(op, 'decaySteps', options.decaySteps);
    this.decayRate = finite(op, 'decayRate', options.decayRate);
    this.staircase = checkBoolean(op, 'staircase', options.staircase ?? false);
  }
  /** step / decaySteps, floored with staircase. */
  protected progress(step: number): number {
    const p = step / this.decaySteps;
    return this.staircase ? Math.floor(p) : p;
  }
  getConfig(): Record<string, unknown> {
    return {
      initial_learning_rate: this.initialLearningRate,
      decay_steps: this.decaySteps,
      decay_rate: this.decayRate,
      staircase: this.staircase,
      name: this.name,
    };
  }
}

/** initialLearningRate · decayRate^(step / decaySteps), the exponent floored with staircase. */
export class ExponentialDecay extends RateDecay {
  readonly className = 'ExponentialDecay';
  constructor(options: ExponentialDecayOptions) {
    super('ExponentialDecay', options);
  }
  protected at(step: number): number {
    return this.initialLearningRate * this.decayRate ** this.progress(step);
  }
}

export interface PiecewiseConstantDecayOptions {
  /** Increasing step boundaries. */
  boundaries: number[];
  /** One more value than boundaries: values[i] up to and including boundaries[i]. */
  values: number[];
  name?: string;
}

/** values[0] for step <= boundaries[0], values[i] for boundaries[i-1] < step <= boundaries[i], the last value after. */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  readonly className = 'PiecewiseConstantDecay';
  readonly boundaries: number[];
  readonly values: number[];
  constructor(options: PiecewiseConstantDecayOptions) {
    const op = 'PiecewiseConstantDecay';
    super(op, options, ['boundaries', 'values'], 'PiecewiseConstant');
    const { boundaries, values } = options;
    if (
      !Array.isArray(boundaries) ||
      !Array.isArray(values) ||
      values.length !== boundaries.length + 1
    )
      fail(
        op,
        `values must have one more entry than boundaries, got boundaries ${describe(boundaries)} and values ${describe(values)}`,
      );
    boundaries.forEach((b, i) => {
      finite(op, `boundaries[${i}]`, b);
      if (i > 0 && !(b > boundaries[i - 1]!))
        fail(op, `boundaries must increase, got ${boundaries.join(', ')}`);
    });
    values.forEach((v, i) => finite(op, `values[${i}]`, v));
    this.boundaries = boundaries.slice();
    this.values = values.slice();
  }
  protected at(step: number): number {
    const i = this.boundaries.findIndex((b) => step <= b);
    return this.values[i === -1 ? this.values.length - 1 : i]!;
  }
  getConfig(): Record<string, unknown> {
    return { boundaries: this.boundaries.slice(), values: this.values.slice(), name: this.name };
  }
}

export interface PolynomialDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  /** Default 0.0001. */
  endLearningRate?: number;
  /** Default 1 (linear). */
  power?: number;
  /** Start over (with a longer period) after decaySteps (default false). */
  cycle?: boolean;
  name?: string;
}

/**
 * (initial - end) · (1 - step / decaySteps)^power + end, with step capped at decaySteps; with
 * cycle, decaySteps becomes decaySteps · ceil(step / decaySteps) instead (1 at step 0).
 */
export class PolynomialDecay extends LearningRateSchedule {
  readonly className = 'PolynomialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly endLearningRate: number;
  readonly power: number;
  readonly cycle: boolean;
  constructor(options: PolynomialDecayOptions) {
    const op = 'PolynomialDecay';
    super(
      op,
      options,
      ['initialLearningRate', 'decaySteps', 'endLearningRate', 'power', 'cycle'],
      op,
    );
    this.initialLearningRate = finite(op, 'initialLearningRate', options.initialLearningRate);
    this.decaySteps = positive(op, 'decaySteps', options.decaySteps);
    this.endLearningRate = finite(op, 'endLearningRate', options.endLearningRate ?? 0.0001);
    this.power = finite(op, 'power', options.power ?? 1);
    this.cycle = checkBoolean(op, 'cycle', options.cycle ?? false);
  }
  protected at(step: number): number {
    let s = step;
    let steps = this.decaySteps;
    if (this.cycle) steps *= step === 0 ? 1 : Math.ceil(step / this.decaySteps);
    else s = Math.min(step, steps);
    const range = this.initialLearningRate - this.endLearningRate;
    return range * (1 - s / steps) ** this.power + this.endLearningRate;
  }
  getConfig(): Record<string, unknown> {
    return {
      initial_learning_rate: this.initialLearningRate,
      decay_steps: this.decaySteps,
      end_learning_rate: this.endLearningRate,
      power: this.power,
      cycle: this.cycle,
      name: this.name,
    };
  }
}

export interface InverseTimeDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  staircase?: boolean;
  name?: string;
}

/** initialLearningRate / (1 + decayRate · step / decaySteps), the quotient floored with staircase. */
export class InverseTimeDecay extends RateDecay {
  readonly className = 'InverseTimeDecay';
  constructor(options: InverseTimeDecayOptions) {
    super('InverseTimeDecay', options);
  }
  protected at(step: number): number {
    return this.initialLearningRate / (1 + this.decayRate * this.progress(step));
  }
}

import { CosineDecay, CosineDecayRestarts } from './cosine-schedules.js';

export { CosineDecay, CosineDecayRestarts } from './cosine-schedules.js';
export type { CosineDecayOptions, CosineDecayRestartsOptions } from './cosine-schedules.js';

type ScheduleCtor = new (options: never) => LearningRateSchedule;

/** The schedules by Keras class name (the id of the serialized form). */
const registry = new Registry<ScheduleCtor>({
  kind: 'learning rate schedule',
  module: 'keras.optimizers.schedules',
})
  .add('ExponentialDecay', ExponentialDecay)
  .add('PiecewiseConstantDecay', PiecewiseConstantDecay)
  .add('PolynomialDecay', PolynomialDecay)
  .add('InverseTimeDecay', InverseTimeDecay)
  .add('CosineDecay', CosineDecay)
  .add('CosineDecayRestarts', CosineDecayRestarts);

/** A serialized schedule, as Keras writes it into an optimizer's config. */
export interface SerializedSchedule {
  module?: string;
  class_name: string;
  config?: Record<string, unknown>;
  registered_name?: string | null;
}

/** Rebuilds a schedule from Keras's serialized form (a schedule is returned as it is). */
export function get(identifier: LearningRateSchedule | SerializedSchedule): LearningRateSchedule {
  const op = 'schedules.get';
  if (identifier instanceof LearningRateSchedule) return identifier;
  if (!isSerialized(identifier))
    fail(
      op,
      `expected a LearningRateSchedule or { class_name, config }, got ${describe(identifier)}`,
    );
  const config = identifier.config ?? {};
  if (!isPlainObject(config)) fail(op, `config must be an object, got ${describe(config)}`);
  return new (registry.get(identifier.class_name, op))(configToOptions(config) as never);
}

/** Keras's serialized form `{ module, class_name, config, registered_name }`. */
export function serialize(schedule: LearningRateSchedule) {
  if (!(schedule instanceof LearningRateSchedule))
    fail('schedules.serialize', `expected a LearningRateSchedule, got ${describe(schedule)}`);
  return registry.serialize(schedule.className, schedule.getConfig());
}

/** The class names. */
export function list(): string[] {
  return registry.list();
}
