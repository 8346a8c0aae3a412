import {
  type DType,
  type Tensor,
  RandomGenerator,
  randomUniform,
  valueAndGrad,
  zeros,
} from '@gradflow/autodiff';
import { Layer, type BatchShape, type LayerForward, type Probes } from '../layers/layer.js';
import { deserialize as deserializeLayer } from '../layers/index.js';
import { type Loss, type LossIdentifier, LossFunctionWrapper, get as getLoss } from '../losses.js';
import {
  type Metric,
  type MetricIdentifier,
  resolve as resolveMetric,
  sumValues,
  validateIdentifier,
} from '../metrics.js';
import {
  type Optimizer,
  type OptimizerIdentifier,
  get as getOptimizer,
} from '../optimizers/index.js';
import {
  checkBoolean,
  checkKeys,
  checkNumber,
  describe,
  fail,
  firstNonFinite,
  fmtShape,
  isPlainObject,
  kerasShape,
  positiveInt,
  toTensor,
  type TensorInput,
} from '../util.js';
import { type Callback, History, type Logs, epochLine } from './callbacks.js';
import { Rows, concatRows } from './data.js';
import { formatCount, summaryTable } from './summary.js';
import { uniqueName } from '../layers/layer.js';
import { saveModel } from '../saving/save.js';
import type { IOHandler, SaveResult } from '../saving/types.js';

export interface SequentialOptions {
  layers?: Layer[];
  name?: string;
}

export interface CompileOptions {
  /** An id ('sgd', 'adam', 'rmsprop') or an Optimizer (default 'rmsprop', as Keras). */
  optimizer?: OptimizerIdentifier;
  /** A loss id ('mean_squared_error', 'binary_crossentropy', ...), a Loss, or a function (yTrue, yPred) => Tensor. */
  loss: LossIdentifier;
  /** Metric ids ('accuracy', 'mse', ...) or functions (yTrue, yPred) => per-sample values. */
  metrics?: MetricIdentifier[];
}

export interface FitOptions {
  /** Number of passes over the data (default 1). */
  epochs?: number;
  /** Samples per gradient step (default 32). */
  batchSize?: number;
  /** Shuffle the training samples before each epoch (default true). */
  shuffle?: boolean;
  /** Seed of the shuffling; without one it draws from the global random stream (setGlobalSeed). */
  seed?: number;
  /** Fraction in [0, 1) of the samples, taken from the end before shuffling, held out for validation. */
  validationSplit?: number;
  /** Validation data [x, y] (takes precedence over validationSplit). */
  validationData?: [TensorInput, TensorInput];
  /** Called at the start and end of training, epochs and batches; awaited. */
  callbacks?: Callback | Callback[];
  /** 0: silent (default), 1: a line per epoch ending with a progress bar, 2: a plain line per epoch. */
  verbose?: 0 | 1 | 2;
  /** Where verbose output goes (default console.log). */
  printFn?: (line: string) => void;
  /** Give the event loop a turn after every 'batch' or 'epoch' so a page can redraw (default 'never'). */
  yieldEvery?: 'never' | 'epoch' | 'batch';
}

export interface EvaluateOptions {
  batchSize?: number;
  /** Return `{ loss, ...metrics }` instead of a number or list (default false). */
  returnDict?: boolean;
}

export interface ForwardOptions {
  /** Per layer (same order as `layers`), zero tensors added inside the layer; see `Probes`. */
  probes?: readonly (Probes | null | undefined)[];
  /** Training behaviour (BatchNormalization's batch statistics, Dropout's masks); default false. */
  training?: boolean;
}

/** The result of a functional forward pass: the output and every layer's input, pre-activation and output. */
export interface ForwardResult {
  output: Tensor;
  layers: LayerForward[];
}

const FIT_KEYS = [
  'epochs',
  'batchSize',
  'shuffle',
  'seed',
  'validationSplit',
  'validationData',
  'callbacks',
  'verbose',
  'printFn',
  'yieldEvery',
];

function nextTick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
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

/**
 * A linear stack of layers, as Keras's Sequential: `new Sequential([new Dense({ units: 8,
 * activation: 'relu', inputShape: [2] }), new Dense({ units: 1 })])`, then compile, fit,
 * evaluate, predict and summary.
 *
 * Functional core (for gradient diagnostics): `parameters()` gives the weights as one array per
 * layer (a pytree that `grad` differentiates), and `forward(params, x, { probes })` runs the
 * model on explicit parameters, returning every layer's input, pre-activation and output. With
 * probes (zero tensors, see `zeroProbes`) added to layer outputs, the gradient with respect to
 * the probes is the gradient with respect to those outputs:
 *
 *   const probes = model.zeroProbes(x.shape[0]);
 *   const { grads: [dParams, dProbes] } = valueAndGrad(
 *     (p, q) => model.computeLoss(p, x, y, { probes: q }), [0, 1])(model.parameters(), probes);
 */
export class Sequential {
  readonly className = 'Sequential';
  readonly name: string;
  /** Set to true (e.g. from a callback) to stop fit after the current batch. */
  stopTraining = false;
  private _layers: Layer[] = [];
  private _inputShape: BatchShape | null = null;
  private _optimizer: Optimizer | null = null;
  private _loss: Loss | null = null;
  private _metricIds: MetricIdentifier[] = [];
  private _training = false;

  constructor(layers?: Layer[] | SequentialOptions) {
    const op = 'Sequential';
    const options: SequentialOptions = Array.isArray(layers) ? { layers } : (layers ?? {});
    if (!isPlainObject(options))
      fail(op, `expects an array of layers or { layers, name }, got ${describe(layers)}`);
    checkKeys(op, options, ['layers', 'name']);
    if (options.name !== undefined && (typeof options.name !== 'string' || options.name === ''))
      fail(op, `name must be a non-empty string, got ${describe(options.name)}`);
    this.name = options.name ?? uniqueName('sequential');
    const list = options.layers ?? [];
    if (!Array.isArray(list)) fail(op, `layers must be an array, got ${describe(list)}`);
    for (const l of list) this.add(l);
  }

  /** The layers, first to last. */
  get layers(): Layer[] {
    return this._layers.slice();
  }

  /** The compiled optimizer (null before compile). */
  get optimizer(): Optimizer | null {
    return this._optimizer;
  }

  /** The compiled loss (null before compile). */
  get loss(): Loss | null {
    return this._loss;
  }

  /** Whether the input shape is known and every layer has its weights. */
  get built(): boolean {
    return this._inputShape !== null && this._layers.every((l) => l.built);
  }

  /** Input shape with the batch axis ([null, 2]), or null while unknown. */
  get inputShape(): BatchShape | null {
    return this._inputShape === null ? null : this._inputShape.slice();
  }

  /** Output shape with the batch axis; throws while the input shape is unknown. */
  get outputShape(): BatchShape {
    if (this._inputShape === null)
      fail(
        'Sequential',
        `model ${JSON.stringify(this.name)} has no known input shape yet; give the first layer an inputShape, call build([null, ...]), or fit/predict on data`,
      );
    return this._layers.reduce<BatchShape>(
      (s, l) => l.computeOutputShape(s),
      this._inputShape.slice(),
    );
  }

  /** The dtype data is converted to: the first layer's (float32 by default). */
  get dtype(): DType {
    return this._layers[0]?.dtype ?? 'float32';
  }

  /** Appends a layer; if the model's input shape is known the layer is built at once. */
  add(layer: Layer): void {
    const op = 'Sequential.add';
    if (!(layer instanceof Layer))
      fail(op, `expected a layer such as new Dense({ units: 8 }), got ${describe(layer)}`);
    if (this._layers.some((l) => l.name === layer.name)) {
      fail(
        op,
        `all layers of a Sequential model need unique names; ${JSON.stringify(layer.name)} is already used (layers: ${this._layers.map((l) => l.name).join(', ')})`,
      );
    }
    if (this._layers.includes(layer))
      fail(op, `layer ${JSON.stringify(layer.name)} is already in the model`);
    if (this._layers.length === 0 && layer.inputShape !== null) {
      this._layers.push(layer);
      try {
        this.build(layer.inputShape);
      } catch (e) {
        this._layers.pop();
        throw e;
      }
      return;
    }
    if (this._inputShape !== null) {
      const s = this.outputShape;
      layer.build(s);
    }
    this._layers.push(layer);
  }

  /** Removes and returns the last layer. */
  pop(): Layer {
    const l = this._layers.pop();
    if (l === undefined) fail('Sequential.pop', 'there are no layers in the model');
    if (this._layers.length === 0) this._inputShape = null;
    return l;
  }

  /** Builds every layer for inputs of `inputShape` (batch axis first, e.g. [null, 2]). */
  build(inputShape: readonly (number | null)[]): void {
    const op = 'Sequential.build';
    if (!Array.isArray(inputShape) || inputShape.length < 1)
      fail(
        op,
        `expects a shape with the batch axis first, such as [null, 2], got ${describe(inputShape)}`,
      );
    if (this._inputShape !== null) {
      const want = this._inputShape;
      const ok =
        want.length === inputShape.length && want.every((d, i) => i === 0 || d === inputShape[i]);
      if (!ok)
        fail(
          op,
          `model ${JSON.stringify(this.name)} expects inputs of shape ${fmtShape(want)}, got ${fmtShape(inputShape)}`,
        );
    }
    let s: BatchShape = [null, ...inputShape.slice(1)];
    const start = s.slice();
    for (const l of this._layers) {
      l.build(s);
      s = l.computeOutputShape(s);
    }
    this._inputShape = start;
  }

  // ---------------------------------------------------------------- functional core

  /** The weights as one array per layer (the pytree `forward` takes and `grad` returns). */
  parameters(): Tensor[][] {
    this.requireBuilt('parameters');
    return this._layers.map((l) => l.getWeights());
  }

  /** Replaces every layer's weights from one array per layer (as `parameters()` gives). */
  setParameters(params: readonly (readonly TensorInput[])[]): void {
    const op = 'Sequential.setParameters';
    this.requireBuilt('setParameters');
    if (!Array.isArray(params) || params.length !== this._layers.length) {
      fail(
        op,
        `expects one array of weights per layer (${this._layers.length}), got ${describe(params)}`,
      );
    }
    this._layers.forEach((l, i) => l.setWeights(params[i]!));
  }

  /**
   * The pure forward pass on explicit parameters (one array per layer), returning the output and
   * every layer's { input, preActivation, output }. Reads and changes no weights, so it can be
   * differentiated with respect to `params`, `x` and `options.probes`.
   */
  forward(
    params: readonly (readonly Tensor[])[],
    x: Tensor,
    options: ForwardOptions = {},
  ): ForwardResult {
    const op = 'Sequential.forward';
    if (!Array.isArray(params) || params.length !== this._layers.length) {
      fail(
        op,
        `expects one array of parameters per layer (${this._layers.length} layers), got ${describe(params)}`,
      );
    }
    if (!(x !== null && typeof x === 'object' && 'shape' in x))
      fail(op, `x must be a Tensor, got ${describe(x)}`);
    const probes = options.probes;
    if (probes !== undefined && (!Array.isArray(probes) || probes.length !== this._layers.length)) {
      fail(
        op,
        `probes must have one entry per layer (${this._layers.length}), got ${describe(probes)}`,
      );
    }
    const training = checkBoolean(op, 'training', options.training ?? false);
    const layers: LayerForward[] = [];
    let h = x;
    this._layers.forEach((l, i) => {
      const r = l.forward(params[i]!, h, probes?.[i] ?? null, training);
      layers.push(r);
      h = r.output;
    });
    return { output: h, layers };
  }

  /** Zero probes for a batch of `batchSize` samples: for each layer, zeros shaped like its pre-activation and output. */
  zeroProbes(
    batchSize: number,
    dtype: DType = this.dtype,
  ): { preActivation: Tensor; output: Tensor }[] {
    positiveInt('Sequential.zeroProbes', 'batchSize', batchSize);
    this.requireBuilt('zeroProbes');
    let s = this._inputShape!;
    return this._layers.map((l) => {
      s = l.computeOutputShape(s);
      const shape = [batchSize, ...(s.slice(1) as number[])];
      return { preActivation: zeros(shape, dtype), output: zeros(shape, dtype) };
    });
  }

  /** The compiled loss of the model on explicit parameters (a scalar tensor, differentiable). */
  computeLoss(
    params: readonly (readonly Tensor[])[],
    x: Tensor,
    y: TensorInput,
    options: ForwardOptions = {},
  ): Tensor {
    const loss = this.requireCompiled('computeLoss').loss;
    const out = this.forward(params, x, options).output;
    const l = loss.call(y, out);
    return l.size === 1 ? l.reshape([]) : l.mean();
  }

  /** Runs the model on x with its current weights (a differentiable tensor computation). */
  call(x: TensorInput): Tensor {
    const t = this.input('Sequential.call', x);
    return this.forward(this.parameters(), t).output;
  }

  // ---------------------------------------------------------------- training

  /** Configures training: optimizer, loss and metrics. Keras's default optimizer is 'rmsprop'. */
  compile(options: CompileOptions): void {
    const op = 'Sequential.compile';
    if (!isPlainObject(options))
      fail(op, `expects { optimizer, loss, metrics? }, got ${describe(options)}`);
    checkKeys(op, options, ['optimizer', 'loss', 'metrics']);
    if (options.loss === undefined || options.loss === null)
      fail(
        op,
        `a loss is required, e.g. compile({ optimizer: 'adam', loss: 'mean_squared_error' })`,
      );
    const optimizer = getOptimizer(options.optimizer ?? 'rmsprop');
    const loss = getLoss(options.loss);
    const metrics = options.metrics ?? [];
    if (!Array.isArray(metrics))
      fail(op, `metrics must be an array such as ['accuracy'], got ${describe(metrics)}`);
    metrics.forEach(validateIdentifier);
    const names = metrics.map((m) => (typeof m === 'string' ? m : m.name || 'metric'));
    const dup = names.find((n, i) => names.indexOf(n) !== i || n === 'loss');
    if (dup !== undefined)
      fail(op, `metric names must be unique and not 'loss'; ${JSON.stringify(dup)} is repeated`);
    this._optimizer = optimizer;
    this._loss = loss;
    this._metricIds = metrics.slice();
  }

  /**
   * Trains the model for `epochs` passes over (x, y) in batches of `batchSize`, as Keras's fit.
   * Resolves to a History with per-epoch loss, metrics and val_* values.
   */
  async fit(x: TensorInput, y: TensorInput, options: FitOptions = {}): Promise<History> {
    const op = 'Sequential.fit';
    const { optimizer, loss } = this.requireCompiled('fit');
    const seedOption = options?.seed;
    const yieldEvery = options?.yieldEvery ?? 'never';
    if (!isPlainObject(options))
      fail(
        op,
        `options must be an object such as { epochs: 10, batchSize: 32 }, got ${describe(options)}`,
      );
    checkKeys(op, options, FIT_KEYS);
    const epochs = checkNumber(
      op,
      'epochs',
      options.epochs ?? 1,
      (v) => Number.isSafeInteger(v) && v >= 0,
      'an integer >= 0',
    );
    const batchSize = positiveInt(op, 'batchSize', options.batchSize ?? 32);
    const shuffle = checkBoolean(op, 'shuffle', options.shuffle ?? true);
    const verbose = checkNumber(
      op,
      'verbose',
      options.verbose ?? 0,
      (v) => v === 0 || v === 1 || v === 2,
      '0, 1 or 2',
    );
    const print = options.printFn ?? ((line: string) => console.log(line));
    if (typeof print !== 'function') fail(op, `printFn must be a function, got ${describe(print)}`);
    if (!['never', 'epoch', 'batch'].includes(yieldEvery))
      fail(op, `yieldEvery must be 'never', 'epoch' or 'batch', got ${describe(yieldEvery)}`);
    const split = checkNumber(
      op,
      'validationSplit',
      options.validationSplit ?? 0,
      (v) => v >= 0 && v < 1,
      'a number in [0, 1)',
    );
    const callbacks =
      options.callbacks === undefined
        ? []
        : Array.isArray(options.callbacks)
          ? options.callbacks
          : [options.callbacks];
    callbacks.forEach((c, i) => {
      if (c === null || typeof c !== 'object')
        fail(
          op,
          `callbacks[${i}] must be an object with methods such as onEpochEnd, got ${describe(c)}`,
        );
    });
    if (seedOption !== undefined && !Number.isSafeInteger(seedOption))
      fail(op, `seed must be an integer, got ${describe(seedOption)}`);

    let { x: xs, y: ys } = this.data(op, x, y);
    let val: { x: Tensor; y: Tensor } | null = null;
    if (options.validationData !== undefined) {
      const vd = options.validationData;
      if (!Array.isArray(vd) || vd.length !== 2)
        fail(op, `validationData must be [xVal, yVal], got ${describe(vd)}`);
      val = this.data(`${op} (validationData)`, vd[0], vd[1]);
    } else if (split > 0) {
      const n = xs.shape[0]!;
      const at = Math.floor(n * (1 - split));
      if (at === 0 || at === n) {
        fail(
          op,
          `validationSplit ${split} of ${n} samples leaves ${at === 0 ? 'no training' : 'no validation'} samples`,
        );
      }
      const xr = new Rows(xs);
      const yr = new Rows(ys);
      val = { x: xr.batch(null, at, n), y: yr.batch(null, at, n) };
      xs = xr.batch(null, 0, at);
      ys = yr.batch(null, 0, at);
    }

    if (this._training)
      fail(
        op,
        `model ${JSON.stringify(this.name)} is already training; await the running fit first`,
      );
    this._training = true;
    this.stopTraining = false;
    try {
      const n = xs.shape[0]!;
      const steps = Math.ceil(n / batchSize);
      const history = new History({ epochs, steps, verbose, batchSize, samples: n });
      const metrics = this.resolveMetrics(loss, ys, xs);
      const seed =
        seedOption ??
        Math.floor(randomUniform([], { minval: 0, maxval: 2 ** 32, dtype: 'float64' }).item());
      const rng = new RandomGenerator(seed);
      const xr = new Rows(xs);
      const yr = new Rows(ys);
      const order = new Int32Array(n).map((_, i) => i);
      for (const c of callbacks) c.setModel?.(this);
      for (const c of callbacks) await c.onTrainBegin?.({});
      let lastLogs: Logs = {};
      for (let epoch = 0; epoch < epochs && !this.stopTraining; epoch++) {
        for (const c of callbacks) await c.onEpochBegin?.(epoch, {});
        if (verbose > 0) print(`Epoch ${epoch + 1}/${epochs}`);
        const started = Date.now();
        if (shuffle) {
          for (let i = n - 1; i > 0; i--) {
            const j = rng.int(i + 1);
            const t = order[i]!;
            order[i] = order[j]!;
            order[j] = t;
          }
        }
        const tracker = new Tracker(metrics);
        for (let b = 0; b < steps; b++) {
          for (const c of callbacks) await c.onBatchBegin?.(b, {});
          const start = b * batchSize;
          const end = Math.min(n, start + batchSize);
          const xb = xr.batch(order, start, end);
          const yb = yr.batch(order, start, end);
          const { loss: value, yPred } = this.trainStep(optimizer, loss, xb, yb);
          tracker.update(value, end - start, yb, yPred);
          const batchLogs = tracker.logs();
          for (const c of callbacks) await c.onBatchEnd?.(b, batchLogs);
          if (yieldEvery === 'batch') await nextTick();
          if (this.stopTraining) break;
        }
        const logs = tracker.logs();
        if (val !== null)
          Object.assign(logs, this.evaluateLogs(val.x, val.y, batchSize, loss, metrics, 'val_'));
        history.record(epoch, logs);
        if (verbose > 0) print(epochLine(verbose, steps, (Date.now() - started) / 1000, logs));
        for (const c of callbacks) await c.onEpochEnd?.(epoch, logs);
        lastLogs = logs;
        if (yieldEvery === 'epoch') await nextTick();
      }
      for (const c of callbacks) await c.onTrainEnd?.(lastLogs);
      return history;
    } finally {
      this._training = false;
    }
  }

  /** One gradient step on one batch; returns `{ loss, ...metrics }` for that batch. */
  trainOnBatch(x: TensorInput, y: TensorInput): Logs {
    const op = 'Sequential.trainOnBatch';
    const { optimizer, loss } = this.requireCompiled('trainOnBatch');
    if (this._training)
      fail(op, `model ${JSON.stringify(this.name)} is training; await the running fit first`);
    const { x: xs, y: ys } = this.data(op, x, y);
    const metrics = this.resolveMetrics(loss, ys, xs);
    const { loss: value, yPred } = this.trainStep(optimizer, loss, xs, ys);
    const tracker = new Tracker(metrics);
    tracker.update(value, xs.shape[0]!, ys, yPred);
    return tracker.logs();
  }

  /**
   * The loss (and metrics) on (x, y), as Keras's evaluate: a number without metrics,
   * [loss, ...metrics] with them, or `{ loss, ...metrics }` with returnDict.
   */
  evaluate(x: TensorInput, y: TensorInput, options: EvaluateOptions & { returnDict: true }): Logs;
  evaluate(x: TensorInput, y: TensorInput, options?: EvaluateOptions): number | number[];
  evaluate(
    x: TensorInput,
    y: TensorInput,
    options: EvaluateOptions = {},
  ): number | number[] | Logs {
    const op = 'Sequential.evaluate';
    const { loss } = this.requireCompiled('evaluate');
    if (!isPlainObject(options)) fail(op, `options must be an object, got ${describe(options)}`);
    checkKeys(op, options, ['batchSize', 'returnDict']);
    const batchSize = positiveInt(op, 'batchSize', options.batchSize ?? 32);
    const returnDict = checkBoolean(op, 'returnDict', options.returnDict ?? false);
    const { x: xs, y: ys } = this.data(op, x, y);
    const metrics = this.resolveMetrics(loss, ys, xs);
    const logs = this.evaluateLogs(xs, ys, batchSize, loss, metrics, '');
    if (returnDict) return logs;
    const values = Object.values(logs);
    return values.length === 1 ? values[0]! : values;
  }

  /** The model's outputs for x, computed in batches (default 32). */
  predict(x: TensorInput, options: { batchSize?: number } = {}): Tensor {
    const op = 'Sequential.predict';
    if (!isPlainObject(options)) fail(op, `options must be an object, got ${describe(options)}`);
    checkKeys(op, options, ['batchSize']);
    const batchSize = positiveInt(op, 'batchSize', options.batchSize ?? 32);
    const xs = this.input(op, x);
    const n = xs.shape[0]!;
    const params = this.parameters();
    if (n <= batchSize) return this.forward(params, xs).output;
    const rows = new Rows(xs);
    const outs: Tensor[] = [];
    for (let start = 0; start < n; start += batchSize)
      outs.push(
        this.forward(params, rows.batch(null, start, Math.min(n, start + batchSize))).output,
      );
    return concatRows(outs);
  }

  private trainStep(
    optimizer: Optimizer,
    loss: Loss,
    xb: Tensor,
    yb: Tensor,
  ): { loss: number; yPred: Tensor } {
    const params = this.parameters();
    let aux: ForwardResult | null = null;
    const { value, grads } = valueAndGrad((p: Tensor[][]) => {
      const r = this.forward(p, xb, { training: true });
      aux = r;
      const l = loss.call(yb, r.output);
      return l.size === 1 ? l.reshape([]) : l.mean();
    })(params) as { value: Tensor; grads: Tensor[][] };
    const pass = aux as unknown as ForwardResult;
    // The optimizer sees the trainable weights of trainable layers; the others (BatchNormalization's
    // moving statistics) take the values the training pass computed, if any.
    const mask = this._layers.map((l) => l.weightTrainable().map((t) => t && l.trainable));
    const pick = (trees: Tensor[][]) => trees.flatMap((ws, i) => ws.filter((_, j) => mask[i]![j]));
    const updated = pick(grads).length > 0 ? optimizer.apply(pick(grads), pick(params)) : [];
    let k = 0;
    this._layers.forEach((layer, i) => {
      const updates = pass.layers[i]!.updates ?? [];
      const optimizable = layer.weightTrainable();
      let u = 0;
      const next = params[i]!.map((w, j) => {
        if (mask[i]![j]) return updated[k++]!;
        return optimizable[j] ? w : (updates[u++] ?? w);
      });
      if (next.some((w, j) => w !== params[i]![j])) layer.setWeights(next);
    });
    return { loss: value.item(), yPred: pass.output };
  }

  private evaluateLogs(
    xs: Tensor,
    ys: Tensor,
    batchSize: number,
    loss: Loss,
    metrics: readonly Metric[],
    prefix: string,
  ): Logs {
    const n = xs.shape[0]!;
    const params = this.parameters();
    const xr = new Rows(xs);
    const yr = new Rows(ys);
    const tracker = new Tracker(metrics);
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      const xb = xr.batch(null, start, end);
      const yb = yr.batch(null, start, end);
      const out = this.forward(params, xb).output;
      const l = loss.call(yb, out);
      tracker.update(l.size === 1 ? l.item() : l.mean().item(), end - start, yb, out);
    }
    return tracker.logs(prefix);
  }

  private resolveMetrics(loss: Loss, ys: Tensor, xs: Tensor): Metric[] {
    if (this._metricIds.length === 0) return [];
    const probe = this.forward(
      this.parameters(),
      new Rows(xs).batch(null, 0, Math.min(1, xs.shape[0]!)),
    ).output;
    const yTrue = new Rows(ys).batch(null, 0, Math.min(1, ys.shape[0]!));
    return this._metricIds.map((id) => resolveMetric(id, { loss, yTrue, yPred: probe }));
  }

  // ---------------------------------------------------------------- data checks

  private requireCompiled(what: string): { optimizer: Optimizer; loss: Loss } {
    if (this._optimizer === null || this._loss === null) {
      fail(
        `Sequential.${what}`,
        `model ${JSON.stringify(this.name)} must be compiled before ${what}; call model.compile({ optimizer: 'adam', loss: 'mean_squared_error' }) first`,
      );
    }
    return { optimizer: this._optimizer, loss: this._loss };
  }

  private requireBuilt(what: string): void {
    if (this._layers.length === 0)
      fail(
        `Sequential.${what}`,
        `model ${JSON.stringify(this.name)} has no layers; add some first`,
      );
    if (!this.built) {
      fail(
        `Sequential.${what}`,
        `model ${JSON.stringify(this.name)} is not built yet: its input shape is unknown; give the first layer an inputShape, call build([null, ...]), or fit/predict on data first`,
      );
    }
  }

  /** Converts and checks model inputs, building the model from their shape if needed. */
  private input(op: string, x: TensorInput): Tensor {
    if (this._layers.length === 0)
      fail(op, `model ${JSON.stringify(this.name)} has no layers; add some first`);
    const xs = toTensor(op, 'x', x, this.dtype);
    if (xs.rank < 2)
      fail(
        op,
        `x must have a batch axis and a feature axis (shape [samples, ...features]), got shape ${fmtShape(xs.shape)}`,
      );
    const bad = firstNonFinite(xs);
    if (bad >= 0)
      fail(op, `x contains a non-finite value (${xs.data()[bad]}) at flat index ${bad}`);
    if (this._inputShape === null) this.build([null, ...xs.shape.slice(1)]);
    else {
      const want = this._inputShape;
      if (
        want.length !== xs.rank ||
        want.some((d, i) => i > 0 && d !== null && d !== xs.shape[i])
      ) {
        fail(
          op,
          `x has shape ${fmtShape(xs.shape)} but model ${JSON.stringify(this.name)} expects inputs of shape ${fmtShape(want)}`,
        );
      }
    }
    return xs;
  }

  /** Inputs and labels, converted and checked against each other, the model and the loss. */
  private data(op: string, x: TensorInput, y: TensorInput): { x: Tensor; y: Tensor } {
    const xs = this.input(op, x);
    const ys = toTensor(op, 'y', y, this.dtype);
    if (ys.rank < 1) fail(op, `y must have a batch axis (one label per sample), got a scalar`);
    if (ys.shape[0] !== xs.shape[0])
      fail(
        op,
        `x and y must have the same number of samples; x has ${xs.shape[0]} (shape ${fmtShape(xs.shape)}) and y has ${ys.shape[0]} (shape ${fmtShape(ys.shape)})`,
      );
    if (xs.shape[0] === 0) fail(op, 'x and y are empty (0 samples)');
    const bad = firstNonFinite(ys);
    if (bad >= 0)
      fail(op, `y contains a non-finite value (${ys.data()[bad]}) at flat index ${bad}`);
    const loss = this._loss;
    if (loss !== null && !(loss instanceof LossFunctionWrapper)) {
      // The loss checks the labels' shape and values (class indices, probabilities) against
      // predictions of the model's output shape; any problem is reported before training.
      const out = this.outputShape;
      const fake = zeros([xs.shape[0]!, ...(out.slice(1) as number[])], this.dtype);
      try {
        loss.perSample(ys, fake);
      } catch (e) {
        fail(
          op,
          `y (shape ${fmtShape(ys.shape)}) does not suit the model's output ${fmtShape(out)} and the loss ${loss.name}: ${(e as Error).message}`,
        );
      }
    }
    return { x: xs, y: ys };
  }

  // ---------------------------------------------------------------- weights, summary, config

  /** All weights, layer by layer (Keras order: each layer's kernel, then bias). */
  getWeights(): Tensor[] {
    return this._layers.flatMap((l) => l.getWeights());
  }

  /** Sets all weights from a flat list in `getWeights()` order. */
  setWeights(weights: readonly TensorInput[]): void {
    const op = 'Sequential.setWeights';
    this.requireBuilt('setWeights');
    const counts = this._layers.map((l) => l.getWeights().length);
    const total = counts.reduce((a, b) => a + b, 0);
    if (!Array.isArray(weights) || weights.length !== total) {
      fail(
        op,
        `model ${JSON.stringify(this.name)} has ${total} weights (${this._layers.map((l, i) => `${l.name}: ${counts[i]}`).join(', ')}), got ${describe(weights)}`,
      );
    }
    let k = 0;
    this._layers.forEach((l, i) => l.setWeights(weights.slice(k, (k += counts[i]!))));
  }

  /** Number of scalar parameters. */
  countParams(): number {
    return this._layers.reduce((n, l) => n + l.countParams(), 0);
  }

  /**
   * Keras's model summary: a table of layers (name and type), output shapes and parameter
   * counts, then the totals. Printed with `printFn` (default console.log) and returned.
   */
  summary(options: { printFn?: (text: string) => void } = {}): string {
    if (!isPlainObject(options))
      fail('Sequential.summary', `options must be an object, got ${describe(options)}`);
    checkKeys('Sequential.summary', options, ['printFn']);
    let shape = this._inputShape;
    let trainable = 0;
    let total = 0;
    let trainableBytes = 0;
    let nonTrainableBytes = 0;
    const rows = this._layers.map((l) => {
      shape = shape === null ? null : l.computeOutputShape(shape);
      const count = l.countParams();
      const perWeight = l.weightTrainable();
      const trainableCount = l.trainable
        ? l
            .weightShapes()
            .reduce((n, s, j) => (perWeight[j] ? n + s.reduce((a, d) => a * d, 1) : n), 0)
        : 0;
      const size = l.dtype === 'float64' ? 8 : 4;
      total += count;
      trainable += trainableCount;
      trainableBytes += trainableCount * size;
      nonTrainableBytes += (count - trainableCount) * size;
      const hasWeights = l.built || shape !== null;
      return {
        label: `${l.name} (${l.className})`,
        shape: shape === null ? '?' : kerasShape(shape),
        params: hasWeights ? formatCount(count) : '0 (unbuilt)',
      };
    });
    const text = summaryTable(this.name, rows, {
      total,
      trainable,
      trainableBytes,
      nonTrainableBytes,
    });
    (options.printFn ?? ((t: string) => console.log(t)))(text);
    return text;
  }

  /**
   * Saves the model in the TensorFlow.js layers format (model.json topology and float32 weight
   * shards): to an IOHandler such as `tf.io.withSaveHandler(fn)`, or a URL (`file://dir` in
   * Node, `downloads://name` in browsers). `loadModel` and TF.js's `tf.loadLayersModel` read it.
   */
  save(destination: string | IOHandler): Promise<SaveResult> {
    return saveModel(this, destination);
  }

  /** Keras's get_config: the name and the serialized layers (with the build input shape when known). */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
      name: this.name,
      trainable: true,
      layers: this._layers.map((l) => l.serialize()),
    };
    if (this._inputShape !== null) config.build_input_shape = this._inputShape.slice();
    return config;
  }

  /** Rebuilds a model (new weights) from `getConfig()`. */
  static fromConfig(config: Record<string, unknown>): Sequential {
    const op = 'Sequential.fromConfig';
    if (!isPlainObject(config) || !Array.isArray(config.layers))
      fail(op, `expected { name, layers: [...] }, got ${describe(config)}`);
    const model = new Sequential({
      layers: config.layers.map((l) => deserializeLayer(l)),
      ...(typeof config.name === 'string' ? { name: config.name } : {}),
    });
    if (Array.isArray(config.build_input_shape) && !model.built)
      model.build(config.build_input_shape as (number | null)[]);
    return model;
  }
}
