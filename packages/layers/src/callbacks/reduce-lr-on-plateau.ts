import type { Optimizer } from '../optimizers/index.js';
import type { Logs } from '../training/callbacks.js';
import { checkNumber, fail } from '../util.js';
import {
  BaseCallback,
  type CallbackModel,
  type Mode,
  checkMode,
  checkMonitor,
  nonNegative,
  nonNegativeInt,
} from './base.js';

export interface ReduceLROnPlateauOptions {
  /** The log key to watch (default 'val_loss'). */
  monitor?: string;
  /** The learning rate is multiplied by this on a plateau; in [0, 1) (default 0.1). */
  factor?: number;
  /** Epochs without improvement before the rate is reduced (default 10). */
  patience?: number;
  /** 'min', 'max', or 'auto' (default): max if the monitor's name contains 'acc', else min. */
  mode?: Mode;
  /** A change smaller than this is no improvement (default 1e-4). */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** The learning rate is never reduced below this (default 0). */
  minLr?: number;
  verbose?: 0 | 1;
}

/** The optimizer of the model, which must have a plain (settable) learning rate. */
export function optimizerOf(op: string, model: CallbackModel): Optimizer {
  const optimizer = model.optimizer;
  if (optimizer === null)
    fail(op, 'the model has no optimizer; compile it before fit with this callback');
  return optimizer;
}

/**
 * Reduces the learning rate when the monitored value has stopped improving, as Keras's
 * ReduceLROnPlateau: after `patience` epochs without an improvement (by more than `minDelta`) the
 * rate becomes max(rate · factor, minLr), then `cooldown` epochs pass before counting again.
 * Adds `learning_rate` to each epoch's logs (so History has it).
 */
export class ReduceLROnPlateau extends BaseCallback {
  readonly className = 'ReduceLROnPlateau';
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly mode: Mode;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  wait = 0;
  cooldownCounter = 0;
  best = Infinity;
  private readonly direction: 'min' | 'max';

  constructor(options: ReduceLROnPlateauOptions = {}) {
    const op = 'ReduceLROnPlateau';
    super(op, options, ['monitor', 'factor', 'patience', 'mode', 'minDelta', 'cooldown', 'minLr']);
    this.monitor = checkMonitor(op, options.monitor ?? 'val_loss');
    this.factor = checkNumber(
      op,
      'factor',
      options.factor ?? 0.1,
      (f) => f >= 0 && f < 1,
      'a number in [0, 1) (ReduceLROnPlateau does not support a factor >= 1)',
    );
    this.patience = nonNegativeInt(op, 'patience', options.patience ?? 10);
    this.mode = checkMode(op, options.mode ?? 'auto');
    this.minDelta = nonNegative(op, 'minDelta', options.minDelta ?? 1e-4);
    this.cooldown = nonNegativeInt(op, 'cooldown', options.cooldown ?? 0);
    this.minLr = nonNegative(op, 'minLr', options.minLr ?? 0);
    this.direction =
      this.mode === 'min' || (this.mode === 'auto' && !this.monitor.includes('acc'))
        ? 'min'
        : 'max';
    this.reset();
  }

  private reset(): void {
    this.best = this.direction === 'min' ? Infinity : -Infinity;
    this.cooldownCounter = 0;
    this.wait = 0;
  }

  private improves(value: number): boolean {
    return this.direction === 'min'
      ? value < this.best - this.minDelta
      : value > this.best + this.minDelta;
  }

  onTrainBegin(): void {
    this.reset();
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const optimizer = optimizerOf(this.className, this.model);
    logs.learning_rate = optimizer.learningRate;
    const current = this.monitored(this.monitor, logs, 'learning rate reduction');
    if (current === undefined) return;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.wait = 0;
    }
    if (this.improves(current)) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter <= 0) {
      this.wait++;
      if (this.wait >= this.patience) {
        const old = optimizer.learningRate;
        if (old > Math.fround(this.minLr)) {
          const lr = Math.max(old * this.factor, this.minLr);
          optimizer.learningRate = lr;
          this.print(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${lr}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }

  getConfig(): Record<string, unknown> {
    return {
      monitor: this.monitor,
      factor: this.factor,
      patience: this.patience,
      verbose: this.verbose,
      mode: this.mode,
      min_delta: this.minDelta,
      cooldown: this.cooldown,
      min_lr: this.minLr,
    };
  }
}
