import { checkKeys, checkNumber, describe, fail, isPlainObject } from '../util.js';

/** Base of the schedules: `call(step)` gives the learning rate for a step (0-based). */
export abstract class LearningRateSchedule {
  abstract readonly className: string;
  readonly name: string;

  protected constructor(op: string, options: object, keys: readonly string[], name: string) {
    if (!isPlainObject(options))
      fail(
        op,
        `expects an options object such as { initialLearningRate: 0.1, ... }, got ${describe(options)}`,
      );
    checkKeys(op, options, [...keys, 'name']);
    const n = (options as { name?: unknown }).name ?? name;
    if (typeof n !== 'string' || n === '')
      fail(op, `name must be a non-empty string, got ${describe(n)}`);
    this.name = n;
  }

  /** The learning rate at `step` (the number of updates already applied). */
  call(step: number): number {
    if (!Number.isSafeInteger(step) || step < 0)
      fail(`${this.className}.call`, `step must be an integer >= 0, got ${describe(step)}`);
    return this.at(step);
  }

  protected abstract at(step: number): number;

  /** Keras's get_config (snake_case keys). */
  abstract getConfig(): Record<string, unknown>;
}

export const finite = (op: string, name: string, v: unknown) =>
  checkNumber(op, name, v, Number.isFinite, 'a finite number');
export const positive = (op: string, name: string, v: unknown) =>
  checkNumber(op, name, v, (x) => Number.isFinite(x) && x > 0, 'a finite number > 0');
