import type { Tensor } from '@gradflow/autodiff';
import type { Optimizer } from '../optimizers/index.js';
import type { Callback, Logs } from '../training/callbacks.js';
import { checkKeys, checkNumber, describe, fail, isPlainObject } from '../util.js';

/** What the built-in callbacks use of the model they are given (a Sequential has all of it). */
export interface CallbackModel {
  /** Set to true to stop fit after the current batch (and epoch), as Keras's stop_training. */
  stopTraining: boolean;
  readonly optimizer: Optimizer | null;
  getWeights(): Tensor[];
  setWeights(weights: readonly Tensor[]): void;
}

export type Mode = 'auto' | 'min' | 'max';

/** Base of the built-in callbacks: keeps the model fit hands over, and prints when verbose. */
export abstract class BaseCallback implements Callback {
  abstract readonly className: string;
  protected modelRef: CallbackModel | null = null;
  readonly verbose: number;

  protected constructor(op: string, options: object, keys: readonly string[]) {
    if (!isPlainObject(options)) fail(op, `options must be an object, got ${describe(options)}`);
    checkKeys(op, options, [...keys, 'verbose']);
    const v = (options as { verbose?: unknown }).verbose ?? 0;
    this.verbose = checkNumber(op, 'verbose', v, (x) => x === 0 || x === 1, '0 or 1');
  }

  setModel(model: CallbackModel): void {
    this.modelRef = model;
  }

  /** The model fit gave this callback (throws if used outside fit). */
  protected get model(): CallbackModel {
    if (this.modelRef === null)
      fail(this.className, 'has no model yet; pass it to fit({ callbacks: [...] })');
    return this.modelRef;
  }

  protected print(message: string): void {
    if (this.verbose > 0) console.log(message);
  }

  /** The monitored value from the logs, or undefined (with a warning naming what is there). */
  protected monitored(monitor: string, logs: Logs, what: string): number | undefined {
    const v = logs[monitor];
    if (v === undefined)
      console.warn(
        `${this.className}: ${what} is conditioned on ${JSON.stringify(monitor)}, which is not in the logs; available: ${Object.keys(logs).join(', ')}`,
      );
    return v;
  }

  /** Keras's get_config (snake_case keys). */
  abstract getConfig(): Record<string, unknown>;
}

export function checkMode(op: string, mode: unknown): Mode {
  if (mode !== 'auto' && mode !== 'min' && mode !== 'max')
    fail(op, `mode must be 'auto', 'min' or 'max', got ${describe(mode)}`);
  return mode;
}

export function checkMonitor(op: string, monitor: unknown): string {
  if (typeof monitor !== 'string' || monitor === '')
    fail(
      op,
      `monitor must be a log key such as 'val_loss' or 'accuracy', got ${describe(monitor)}`,
    );
  return monitor;
}

export const nonNegative = (op: string, name: string, v: unknown): number =>
  checkNumber(op, name, v, (x) => Number.isFinite(x) && x >= 0, 'a finite number >= 0');

export const nonNegativeInt = (op: string, name: string, v: unknown): number =>
  checkNumber(op, name, v, (x) => Number.isSafeInteger(x) && x >= 0, 'an integer >= 0');
