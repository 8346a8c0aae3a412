import { checkNumber } from '../util.js';
import { LearningRateSchedule, finite, positive } from './schedule-base.js';

export interface CosineDecayOptions {
  /** The rate at step 0 (the start of the warmup, if any). */
  initialLearningRate: number;
  /** Steps of the cosine decay (after the warmup). */
  decaySteps: number;
  /** The floor, as a fraction of the decayed-from rate (default 0). */
  alpha?: number;
  /** With warmupSteps: the rate reached linearly at the end of the warmup, decayed from after it. */
  warmupTarget?: number | null;
  /** Steps of linear warmup from initialLearningRate to warmupTarget (default 0). */
  warmupSteps?: number;
  name?: string;
}

/** The cosine decay from `from` over `steps`: from · ((1 - alpha) · ½(1 + cos(π s / steps)) + alpha). */
function cosine(from: number, s: number, steps: number, alpha: number, mFactor = 1): number {
  const decayed = 0.5 * mFactor * (1 + Math.cos(Math.PI * (s / steps)));
  return from * ((1 - alpha) * decayed + alpha);
}

/**
 * Keras 3's CosineDecay (SGDR without restarts), with optional linear warmup: without a
 * warmupTarget, initial · ((1 - alpha) · ½(1 + cos(π · min(step, decaySteps) / decaySteps)) + alpha);
 * with one, the rate rises linearly from initialLearningRate to warmupTarget over warmupSteps,
 * then decays from warmupTarget as above (the step capped at warmupSteps + decaySteps).
 */
export class CosineDecay extends LearningRateSchedule {
  readonly className = 'CosineDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;
  constructor(options: CosineDecayOptions) {
    const op = 'CosineDecay';
    super(
      op,
      options,
      ['initialLearningRate', 'decaySteps', 'alpha', 'warmupTarget', 'warmupSteps'],
      op,
    );
    this.initialLearningRate = finite(op, 'initialLearningRate', options.initialLearningRate);
    this.decaySteps = positive(op, 'decaySteps', options.decaySteps);
    this.alpha = finite(op, 'alpha', options.alpha ?? 0);
    const target = options.warmupTarget;
    this.warmupTarget =
      target === undefined || target === null ? null : finite(op, 'warmupTarget', target);
    this.warmupSteps = checkNumber(
      op,
      'warmupSteps',
      options.warmupSteps ?? 0,
      (x) => Number.isFinite(x) && x >= 0,
      'a finite number >= 0',
    );
  }
  protected at(step: number): number {
    if (this.warmupTarget === null)
      return cosine(
        this.initialLearningRate,
        Math.min(step, this.decaySteps),
        this.decaySteps,
        this.alpha,
      );
    const s = Math.min(step, this.decaySteps + this.warmupSteps);
    if (s < this.warmupSteps) {
      const delta = this.warmupTarget - this.initialLearningRate;
      return delta * (s / this.warmupSteps) + this.initialLearningRate;
    }
    return cosine(this.warmupTarget, s - this.warmupSteps, this.decaySteps, this.alpha);
  }
  getConfig(): Record<string, unknown> {
    return {
      initial_learning_rate: this.initialLearningRate,
      decay_steps: this.decaySteps,
      alpha: this.alpha,
      name: this.name,
      warmup_target: this.warmupTarget,
      warmup_steps: this.warmupSteps,
    };
  }
}

export interface CosineDecayRestartsOptions {
  initialLearningRate: number;
  /** Steps of the first period. */
  firstDecaySteps: number;
  /** Each period is tMul times longer than the one before (default 2). */
  tMul?: number;
  /** Each period starts at mMul times the previous start (default 1). */
  mMul?: number;
  /** The floor, as a fraction of initialLearningRate (default 0). */
  alpha?: number;
  name?: string;
}

/**
 * Keras 3's CosineDecayRestarts (SGDR, Loshchilov & Hutter 2017): cosine decay over periods of
 * firstDecaySteps · tMul^i steps, the i-th starting at initial · mMul^i.
 */
export class CosineDecayRestarts extends LearningRateSchedule {
  readonly className = 'CosineDecayRestarts';
  readonly initialLearningRate: number;
  readonly firstDecaySteps: number;
  readonly tMul: number;
  readonly mMul: number;
  readonly alpha: number;
  constructor(options: CosineDecayRestartsOptions) {
    const op = 'CosineDecayRestarts';
    super(
      op,
      options,
      ['initialLearningRate', 'firstDecaySteps', 'tMul', 'mMul', 'alpha'],
      'SGDRDecay',
    );
    this.initialLearningRate = finite(op, 'initialLearningRate', options.initialLearningRate);
    this.firstDecaySteps = positive(op, 'firstDecaySteps', options.firstDecaySteps);
    this.tMul = positive(op, 'tMul', options.tMul ?? 2);
    this.mMul = finite(op, 'mMul', options.mMul ?? 1);
    this.alpha = finite(op, 'alpha', options.alpha ?? 0);
  }
  protected at(step: number): number {
    let fraction = step / this.firstDecaySteps;
    let restart: number;
    if (this.tMul === 1) {
      restart = Math.floor(fraction);
      fraction -= restart;
    } else {
      const t = this.tMul;
      restart = Math.floor(Math.log(1 - fraction * (1 - t)) / Math.log(t));
      const sumR = (1 - t ** restart) / (1 - t);
      fraction = (fraction - sumR) / t ** restart;
    }
    return cosine(this.initialLearningRate, fraction, 1, this.alpha, this.mMul ** restart);
  }
  getConfig(): Record<string, unknown> {
    return {
      initial_learning_rate: this.initialLearningRate,
      first_decay_steps: this.firstDecaySteps,
      t_mul: this.tMul,
      m_mul: this.mMul,
      alpha: this.alpha,
      name: this.name,
    };
  }
}
