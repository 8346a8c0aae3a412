/*
 * Training, kept out of the model (as Keras 3 keeps trainers/ apart from models/): fit, evaluate,
 * predict and trainOnBatch over any model with a functional forward pass. The model owns
 * structure, forward and config; a Trainer owns what compile configured and the loops.
 */
import { type Tensor, RandomGenerator, randomUniform } from '@gradflow/autodiff';
import type { Layer } from '../layers/layer.js';
import type { Loss } from '../losses.js';
import {
  type Metric,
  type MetricIdentifier,
  resolve as resolveMetric,
  sumValues,
} from '../metrics.js';
import type { Optimizer } from '../optimizers/index.js';
import { fail, type TensorInput } from '../util.js';
import { History, type Logs, epochLine } from './callbacks.js';
import { Rows, concatRows } from './data.js';
import { type EvaluateOptions, type FitOptions, evaluateSettings, fitSettings } from './options.js';
import { type JitCompile, type JitStatus, StepRunner } from './compiled-step.js';
import { type StepLayout, type StepModel, scalarLoss, splitWeights } from './step.js';
import { type DataModel, checkData, checkInputs } from './validate.js';

/** What the trainer needs of a model. */
export interface TrainableModel extends DataModel, StepModel {
  readonly className: string;
  readonly layers: readonly Layer[];
  /** Set to true (e.g. from a callback) to stop fit after the current batch. */
  stopTraining: boolean;
  parameters(): Tensor[][];
}

/** Models in a running fit (one fit at a time per model, whatever trainer runs it). */
const busy = new WeakSet<TrainableModel>();

function nextTick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Fisher-Yates shuffle of `order` in place. */
function shuffle(order: Int32Array, rng: RandomGenerator): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}

/** Running sums of the loss and metrics over an epoch (weighted by samples, as Keras). */
class Tracker {
  private lossSum = 0;
  private count = 0;
  private readonly sums: number[];
  private readonly counts: number[];
  constructor(private readonly metrics: readonly Metric[]) {
    this.sums = metrics.map(() => 0);
    this.counts = metrics.map(() => 0);
  }
  update(loss: number, n: number, yTrue: Tensor, yPred: Tensor): void {
    this.lossSum += loss * n;
    this.count += n;
    this.metrics.forEach((m, i) => {
      const { sum, count } = sumValues(m.fn(yTrue, yPred));
      this.sums[i]! += sum;
      this.counts[i]! += count;
    });
  }
  logs(prefix = ''): Logs {
    const out: Logs = { [`${prefix}loss`]: this.count === 0 ? NaN : this.lossSum / this.count };
    this.metrics.forEach(
      (m, i) =>
        (out[`${prefix}${m.name}`] = this.counts[i] === 0 ? NaN : this.sums[i]! / this.counts[i]!),
    );
    return out;
  }
}

/** The one warning fit prints when the loss stops being finite. */
function nonFiniteWarning(
  op: string,
  loss: number,
  epoch: number,
  epochs: number,
  batch: number,
  steps: number,
): string {
  return `${op}: the loss became ${loss} in epoch ${epoch + 1}/${epochs}, batch ${batch + 1}/${steps}, and training goes on with non-finite values; try clipnorm (e.g. new Adam({ clipnorm: 1 })) or a lower learning rate, and the TerminateOnNaN callback to stop there`;
}

/** The model's outputs for x, computed in batches of `batchSize` with its current weights. */
export function predict(model: TrainableModel, x: TensorInput, batchSize: number): Tensor {
  const xs = checkInputs(`${model.className}.predict`, model, x);
  const n = xs.shape[0]!;
  const params = model.parameters();
  if (n <= batchSize) return model.forward(params, xs).output;
  const rows = new Rows(xs);
  const outs: Tensor[] = [];
  for (let start = 0; start < n; start += batchSize)
    outs.push(
      model.forward(params, rows.batch(null, start, Math.min(n, start + batchSize))).output,
    );
  return concatRows(outs);
}

/** What `compile` configured, and the training and evaluation loops. */
export class Trainer {
  private readonly runner: StepRunner;

  constructor(
    readonly model: TrainableModel,
    readonly optimizer: Optimizer,
    readonly loss: Loss,
    readonly metricIds: readonly MetricIdentifier[],
    jitCompile: JitCompile = 'auto',
  ) {
    this.runner = new StepRunner(model, loss, optimizer, jitCompile);
  }

  /** Whether the training step runs compiled with `jit`, and if not, why. */
  get jitStatus(): JitStatus {
    return this.runner.status;
  }

  private op(what: string): string {
    return `${this.model.className}.${what}`;
  }

  /**
   * Each layer's training noise for a batch like x (Dropout's masks), drawn eagerly in layer
   * order, so that the step itself stays a pure function of its arguments.
   */
  private noise(x: Tensor): (Tensor | null)[] {
    let shape: readonly (number | null)[] = x.shape;
    let dtype = x.dtype;
    return this.model.layers.map((l) => {
      const noise = l.trainingNoise(shape as number[], dtype);
      shape = l.computeOutputShape(shape);
      if (l.countParams() > 0 && l.dtype === 'float64') dtype = 'float64';
      return noise;
    });
  }

  /**
   * One gradient step: the loss and predictions of the batch; the optimizer updates the trainable
   * weights of trainable layers, and non-trainable weights (BatchNormalization's moving
   * statistics) take the values the training pass computed.
   */
  trainStep(x: Tensor, y: Tensor): { loss: number; yPred: Tensor } {
    const layers = this.model.layers;
    const params = this.model.parameters();
    const layout: StepLayout = {
      trainable: layers.map((l) => l.weightTrainable().map((t) => t && l.trainable)),
      layers: layers.map((l) => l.trainable),
    };
    const [trainable, fixed] = splitWeights(params, layout);
    const step = this.runner.run(trainable, fixed, x, y, this.noise(x), layout);
    let k = 0;
    layers.forEach((layer, i) => {
      const updates = step.updates[i] ?? [];
      const optimizable = layer.weightTrainable();
      let u = 0;
      const next = params[i]!.map((w, j) => {
        if (layout.trainable[i]![j]) return step.params[k++]!;
        return optimizable[j] ? w : (updates[u++] ?? w);
      });
      if (next.some((w, j) => w !== params[i]![j])) layer.setWeights(next);
    });
    return { loss: step.loss.item(), yPred: step.yPred };
  }

  /**
   * Trains for `epochs` passes over (x, y) in batches, as Keras's fit: callbacks are called at
   * the start and end of training, epochs and batches (and awaited); `model.stopTraining` set by
   * one of them ends the epoch after the current batch and training after that epoch. Resolves
   * to a History of the epochs' logs (loss, metrics, val_*, and what callbacks add to the logs).
   */
  async fit(x: TensorInput, y: TensorInput, options: FitOptions = {}): Promise<History> {
    const op = this.op('fit');
    const model = this.model;
    const s = fitSettings(op, options);
    let { x: xs, y: ys } = checkData(op, model, this.loss, x, y);
    let val: { x: Tensor; y: Tensor } | null = null;
    if (s.validationData !== undefined) {
      const [vx, vy] = s.validationData;
      val = checkData(`${op} (validationData)`, model, this.loss, vx, vy);
    } else if (s.validationSplit > 0) {
      const n = xs.shape[0]!;
      const at = Math.floor(n * (1 - s.validationSplit));
      if (at === 0 || at === n)
        fail(
          op,
          `validationSplit ${s.validationSplit} of ${n} samples leaves ${at === 0 ? 'no training' : 'no validation'} samples`,
        );
      const xr = new Rows(xs);
      const yr = new Rows(ys);
      val = { x: xr.batch(null, at, n), y: yr.batch(null, at, n) };
      xs = xr.batch(null, 0, at);
      ys = yr.batch(null, 0, at);
    }
    if (busy.has(model))
      fail(
        op,
        `model ${JSON.stringify(model.name)} is already training; await the running fit first`,
      );
    busy.add(model);
    model.stopTraining = false;
    try {
      return await this.loop(op, s, xs, ys, val);
    } finally {
      busy.delete(model);
    }
  }

  private async loop(
    op: string,
    s: ReturnType<typeof fitSettings>,
    xs: Tensor,
    ys: Tensor,
    val: { x: Tensor; y: Tensor } | null,
  ): Promise<History> {
    const { epochs, batchSize, callbacks, verbose, print, yieldEvery } = s;
    const model = this.model;
    const n = xs.shape[0]!;
    const steps = Math.ceil(n / batchSize);
    const history = new History({ epochs, steps, verbose, batchSize, samples: n });
    const metrics = this.resolveMetrics(xs, ys);
    const seed =
      s.seed ??
      Math.floor(randomUniform([], { minval: 0, maxval: 2 ** 32, dtype: 'float64' }).item());
    const rng = new RandomGenerator(seed);
    const xr = new Rows(xs);
    const yr = new Rows(ys);
    const order = new Int32Array(n).map((_, i) => i);
    let warned = false;
    for (const c of callbacks) c.setModel?.(model);
    for (const c of callbacks) await c.onTrainBegin?.({});
    let lastLogs: Logs = {};
    for (let epoch = 0; epoch < epochs && !model.stopTraining; epoch++) {
      for (const c of callbacks) await c.onEpochBegin?.(epoch, {});
      if (verbose > 0) print(`Epoch ${epoch + 1}/${epochs}`);
      const started = Date.now();
      if (s.shuffle) shuffle(order, rng);
      const tracker = new Tracker(metrics);
      for (let b = 0; b < steps; b++) {
        for (const c of callbacks) await c.onBatchBegin?.(b, {});
        const start = b * batchSize;
        const end = Math.min(n, start + batchSize);
        const yb = yr.batch(order, start, end);
        const { loss, yPred } = this.trainStep(xr.batch(order, start, end), yb);
        if (!warned && !Number.isFinite(loss)) {
          warned = true;
          console.warn(nonFiniteWarning(op, loss, epoch, epochs, b, steps));
        }
        tracker.update(loss, end - start, yb, yPred);
        const batchLogs = tracker.logs();
        for (const c of callbacks) await c.onBatchEnd?.(b, batchLogs);
        if (yieldEvery === 'batch') await nextTick();
        if (model.stopTraining) break;
      }
      const logs = tracker.logs();
      if (val !== null)
        Object.assign(logs, this.evaluateLogs(val.x, val.y, batchSize, metrics, 'val_'));
      if (verbose > 0) print(epochLine(verbose, steps, (Date.now() - started) / 1000, logs));
      for (const c of callbacks) await c.onEpochEnd?.(epoch, logs);
      // Recorded after the callbacks, as Keras's History (the last callback) sees what they add.
      history.record(epoch, logs);
      lastLogs = logs;
      if (yieldEvery === 'epoch') await nextTick();
    }
    for (const c of callbacks) await c.onTrainEnd?.(lastLogs);
    return history;
  }

  /** One gradient step on one batch; returns `{ loss, ...metrics }` for that batch. */
  trainOnBatch(x: TensorInput, y: TensorInput): Logs {
    const op = this.op('trainOnBatch');
    if (busy.has(this.model))
      fail(op, `model ${JSON.stringify(this.model.name)} is training; await the running fit first`);
    const { x: xs, y: ys } = checkData(op, this.model, this.loss, x, y);
    const metrics = this.resolveMetrics(xs, ys);
    const { loss, yPred } = this.trainStep(xs, ys);
    const tracker = new Tracker(metrics);
    tracker.update(loss, xs.shape[0]!, ys, yPred);
    return tracker.logs();
  }

  /** The loss and metrics on (x, y), as Keras's evaluate (see `Sequential.evaluate`). */
  evaluate(
    x: TensorInput,
    y: TensorInput,
    options: EvaluateOptions = {},
  ): number | number[] | Logs {
    const op = this.op('evaluate');
    const { batchSize, returnDict } = evaluateSettings(op, options);
    const { x: xs, y: ys } = checkData(op, this.model, this.loss, x, y);
    const logs = this.evaluateLogs(xs, ys, batchSize, this.resolveMetrics(xs, ys), '');
    if (returnDict) return logs;
    const values = Object.values(logs);
    return values.length === 1 ? values[0]! : values;
  }

  private evaluateLogs(
    xs: Tensor,
    ys: Tensor,
    batchSize: number,
    metrics: readonly Metric[],
    prefix: string,
  ): Logs {
    const n = xs.shape[0]!;
    const params = this.model.parameters();
    const xr = new Rows(xs);
    const yr = new Rows(ys);
    const tracker = new Tracker(metrics);
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const yb = yr.batch(null, start, end);
      const out = this.model.forward(params, xr.batch(null, start, end)).output;
      tracker.update(scalarLoss(this.loss, yb, out).item(), end - start, yb, out);
    }
    return tracker.logs(prefix);
  }

  /** Metrics resolved as Keras does, by the shapes of the labels and of one prediction. */
  private resolveMetrics(xs: Tensor, ys: Tensor): Metric[] {
    if (this.metricIds.length === 0) return [];
    const m = this.model;
    const probe = m.forward(m.parameters(), new Rows(xs).batch(null, 0, 1)).output;
    const yTrue = new Rows(ys).batch(null, 0, 1);
    return this.metricIds.map((id) => resolveMetric(id, { loss: this.loss, yTrue, yPred: probe }));
  }
}
