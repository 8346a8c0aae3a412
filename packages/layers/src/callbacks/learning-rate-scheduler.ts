import type { Logs } from '../training/callbacks.js';
import { describe, fail } from '../util.js';
import { BaseCallback } from './base.js';
import { optimizerOf } from './reduce-lr-on-plateau.js';

/** The learning rate for an epoch (0-based), given the current one. */
export type Schedule = (epoch: number, learningRate: number) => number;

/**
 * Sets the optimizer's learning rate at the start of every epoch to `schedule(epoch, lr)`, as
 * Keras's LearningRateScheduler, and adds `learning_rate` to each epoch's logs.
 */
export class LearningRateScheduler extends BaseCallback {
  readonly className = 'LearningRateScheduler';
  readonly schedule: Schedule;

  constructor(schedule: Schedule, options: { verbose?: 0 | 1 } = {}) {
    super('LearningRateScheduler', options, []);
    if (typeof schedule !== 'function')
      fail(
        'LearningRateScheduler',
        `expects a function (epoch, learningRate) => learningRate, got ${describe(schedule)}`,
      );
    this.schedule = schedule;
  }

  onEpochBegin(epoch: number): void {
    const optimizer = optimizerOf(this.className, this.model);
    const lr: unknown = this.schedule(epoch, optimizer.learningRate);
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0)
      fail(
        this.className,
        `the schedule must return a finite number >= 0, got ${describe(lr)} for epoch ${epoch}`,
      );
    optimizer.learningRate = lr;
    this.print(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    logs.learning_rate = optimizerOf(this.className, this.model).learningRate;
  }

  getConfig(): Record<string, unknown> {
    return { verbose: this.verbose };
  }
}
