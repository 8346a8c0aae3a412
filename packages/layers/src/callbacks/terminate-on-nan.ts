import type { Logs } from '../training/callbacks.js';
import { BaseCallback } from './base.js';

/**
 * Stops training at the first batch whose loss is NaN or infinite, as Keras's TerminateOnNaN
 * (it checks the `loss` of each batch's logs and sets `model.stopTraining`).
 */
export class TerminateOnNaN extends BaseCallback {
  readonly className = 'TerminateOnNaN';
  /** The batch that stopped training (null if none did). */
  stoppedBatch: number | null = null;

  constructor(options: { verbose?: 0 | 1 } = {}) {
    super('TerminateOnNaN', options, []);
  }

  onTrainBegin(): void {
    this.stoppedBatch = null;
  }

  onBatchEnd(batch: number, logs: Logs): void {
    const loss = logs.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      console.log(`Batch ${batch}: Invalid loss, terminating training`);
      this.stoppedBatch = batch;
      this.model.stopTraining = true;
    }
  }

  getConfig(): Record<string, unknown> {
    return { verbose: this.verbose };
  }
}
