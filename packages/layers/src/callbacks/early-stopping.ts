import type { Tensor } from '@gradflow/autodiff';
import type { Logs } from '../training/callbacks.js';
import { checkBoolean, checkNumber, fail } from '../util.js';
import { BaseCallback, type Mode, checkMode, checkMonitor, nonNegativeInt } from './base.js';

export interface EarlyStoppingOptions {
  /** The log key to watch (default 'val_loss'). */
  monitor?: string;
  /** A change smaller than this is no improvement (default 0; its sign is ignored). */
  minDelta?: number;
  /** Epochs without improvement after which training stops (default 0). */
  patience?: number;
  /** 'min', 'max', or 'auto' (default): min for losses and errors, max for accuracies. */
  mode?: Mode;
  /** Training goes on (up to patience) only while the monitored value does not beat this. */
  baseline?: number | null;
  /** At the end of training, set the weights of the best epoch back (default false). */
  restoreBestWeights?: boolean;
  /** Epochs to wait before watching at all, e.g. a warm-up (default 0). */
  startFromEpoch?: number;
  verbose?: 0 | 1;
}

const MAXIMIZED = /(^|_)acc(uracy)?$/;
const MINIMIZED = /(^|_)(loss|error|crossentropy|mse|mae)$/;

/** Keras's 'auto' for EarlyStopping: minimize losses and errors, maximize accuracies. */
function autoDirection(op: string, monitor: string): 'min' | 'max' {
  const name = monitor.replace(/^val_/, '');
  if (MINIMIZED.test(name)) return 'min';
  if (MAXIMIZED.test(name)) return 'max';
  fail(
    op,
    `cannot tell whether ${JSON.stringify(monitor)} should be minimized or maximized; pass mode: 'min' or mode: 'max'`,
  );
}

/**
 * Stops training when the monitored value has stopped improving, as Keras's EarlyStopping: after
 * each epoch (from `startFromEpoch` on) an improvement is a value better than the best so far by
 * more than `minDelta`; `patience` epochs in a row without one set `model.stopTraining`. With a
 * `baseline`, the wait restarts only for values that also beat the baseline. With
 * `restoreBestWeights`, the weights of the best epoch are set back when training ends.
 */
export class EarlyStopping extends BaseCallback {
  readonly className = 'EarlyStopping';
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly mode: Mode;
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch that set stopTraining (0 if none did). */
  stoppedEpoch = 0;
  /** The best monitored value so far, and its epoch. */
  best = Infinity;
  bestEpoch = 0;
  private bestWeights: Tensor[] | null = null;
  private readonly direction: 'min' | 'max';

  constructor(options: EarlyStoppingOptions = {}) {
    const op = 'EarlyStopping';
    super(op, options, [
      'monitor',
      'minDelta',
      'patience',
      'mode',
      'baseline',
      'restoreBestWeights',
      'startFromEpoch',
    ]);
    this.monitor = checkMonitor(op, options.monitor ?? 'val_loss');
    this.minDelta = Math.abs(
      checkNumber(op, 'minDelta', options.minDelta ?? 0, Number.isFinite, 'a finite number'),
    );
    this.patience = nonNegativeInt(op, 'patience', options.patience ?? 0);
    this.mode = checkMode(op, options.mode ?? 'auto');
    this.baseline =
      options.baseline === undefined || options.baseline === null
        ? null
        : checkNumber(op, 'baseline', options.baseline, Number.isFinite, 'a finite number');
    this.restoreBestWeights = checkBoolean(
      op,
      'restoreBestWeights',
      options.restoreBestWeights ?? false,
    );
    this.startFromEpoch = nonNegativeInt(op, 'startFromEpoch', options.startFromEpoch ?? 0);
    this.direction = this.mode === 'auto' ? autoDirection(op, this.monitor) : this.mode;
    this.reset();
  }

  private reset(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.direction === 'min' ? Infinity : -Infinity;
    this.bestEpoch = 0;
    this.bestWeights = null;
  }

  /** Keras's _is_improvement: better than the reference by more than minDelta. */
  private improves(value: number, reference: number): boolean {
    return this.direction === 'min'
      ? value + this.minDelta < reference
      : value - this.minDelta > reference;
  }

  onTrainBegin(): void {
    this.reset();
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    const current = this.monitored(this.monitor, logs, 'early stopping');
    if (current === undefined || epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) {
      this.bestWeights = this.model.getWeights();
      this.bestEpoch = epoch;
    }
    this.wait++;
    if (this.improves(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = this.model.getWeights();
      if (this.baseline === null || this.improves(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }

  onTrainEnd(): void {
    if (this.stoppedEpoch > 0) this.print(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      this.print(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.model.setWeights(this.bestWeights);
    }
  }

  getConfig(): Record<string, unknown> {
    return {
      monitor: this.monitor,
      min_delta: this.minDelta,
      patience: this.patience,
      verbose: this.verbose,
      mode: this.mode,
      baseline: this.baseline,
      restore_best_weights: this.restoreBestWeights,
      start_from_epoch: this.startFromEpoch,
    };
  }
}
