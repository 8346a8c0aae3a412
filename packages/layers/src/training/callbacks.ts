/** Logs passed to callbacks and stored in History: metric name -> value. */
export type Logs = Record<string, number>;

/**
 * Training callbacks, as Keras's (camelCase, like TensorFlow.js). Every method is optional and
 * may return a promise; fit awaits it before going on, so a UI can follow (and redraw during)
 * training. `onBatchEnd` logs hold the running means of the epoch so far (as Keras 3 reports
 * them); `onEpochEnd` logs hold the epoch's values, including val_* ones.
 */
export interface Callback {
  /** Called with the model before training starts. */
  setModel?(model: unknown): void;
  onTrainBegin?(logs: Logs): void | Promise<void>;
  onTrainEnd?(logs: Logs): void | Promise<void>;
  onEpochBegin?(epoch: number, logs: Logs): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs): void | Promise<void>;
  onBatchBegin?(batch: number, logs: Logs): void | Promise<void>;
  onBatchEnd?(batch: number, logs: Logs): void | Promise<void>;
}

/** What fit resolves to, as Keras's History: `history.history.loss[epoch]`, and val_* / metrics alike. */
export class History {
  /** Epoch indices, 0-based. */
  readonly epoch: number[] = [];
  /** One array per log key (loss, metrics, val_loss, ...), one value per epoch. */
  readonly history: Record<string, number[]> = {};
  /** The fit parameters. */
  readonly params: {
    epochs: number;
    steps: number;
    verbose: number;
    batchSize: number;
    samples: number;
  };

  constructor(params: History['params']) {
    this.params = params;
  }

  /** Records one epoch's logs. */
  record(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}

/** Keras's Progbar number format: 4 decimals, or scientific notation below 1e-3. */
export function formatValue(v: number): string {
  return Math.abs(v) > 1e-3 ? v.toFixed(4) : v.toExponential(4);
}

/** Keras's time-per-step format. */
export function formatTimePerStep(seconds: number): string {
  if (seconds >= 1 || seconds === 0) return `${Math.round(seconds)}s/step`;
  if (seconds >= 1e-3) return `${Math.round(seconds * 1e3)}ms/step`;
  return `${Math.round(seconds * 1e6)}us/step`;
}

/**
 * The per-epoch line Keras prints: verbose 1 ends with the full progress bar,
 * `13/13 ━━━━━━━━━━━━━━━━━━━━ 0s 2ms/step - accuracy: 0.9850 - loss: 0.0512`,
 * verbose 2 is `13/13 - 0s - 2ms/step - accuracy: 0.9850 - loss: 0.0512`.
 */
export function epochLine(verbose: number, steps: number, seconds: number, logs: Logs): string {
  const values = Object.keys(logs)
    .sort()
    .map((k) => `${k}: ${formatValue(logs[k]!)}`);
  const perStep = formatTimePerStep(steps > 0 ? seconds / steps : 0);
  const head =
    verbose === 1
      ? `${steps}/${steps} ${'━'.repeat(20)} ${Math.round(seconds)}s ${perStep}`
      : `${steps}/${steps} - ${Math.round(seconds)}s - ${perStep}`;
  return [head, ...values].join(' - ');
}
