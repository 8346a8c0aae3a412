import { type DType, type Tensor } from '@gradflow/autodiff';
import { Layer, type BatchShape } from '../layers/layer.js';
import { deserialize as deserializeLayer } from '../layers/index.js';
import type { Loss } from '../losses.js';
import type { Optimizer } from '../optimizers/index.js';
import {
  checkKeys,
  describe,
  fail,
  fmtShape,
  isPlainObject,
  positiveInt,
  type TensorInput,
} from '../util.js';
import type { History, Logs } from '../training/callbacks.js';
import type { JitStatus } from '../training/compiled-step.js';
import {
  type CompileOptions,
  type EvaluateOptions,
  type FitOptions,
  compileSettings,
} from '../training/options.js';
import { scalarLoss } from '../training/step.js';
import { Trainer, predict } from '../training/trainer.js';
import { checkInputs } from '../training/validate.js';
import { modelSummary } from './summary.js';
import { type ForwardOptions, type ForwardResult, forwardLayers, zeroProbes } from './forward.js';

export type { ForwardOptions, ForwardResult } from './forward.js';
import { uniqueName } from '../layers/layer.js';
import { saveModel } from '../saving/save.js';
import type { IOHandler, SaveResult } from '../saving/types.js';

export type { CompileOptions, FitOptions, EvaluateOptions } from '../training/options.js';
export type { JitCompile, JitStatus } from '../training/compiled-step.js';

export interface SequentialOptions {
  layers?: Layer[];
  name?: string;
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
  private _trainer: Trainer | null = null;

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
    return this._trainer?.optimizer ?? null;
  }

  /** The compiled loss (null before compile). */
  get loss(): Loss | null {
    return this._trainer?.loss ?? null;
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
    return forwardLayers(this._layers, params, x, options);
  }

  /** Zero probes for a batch of `batchSize` samples: for each layer, zeros shaped like its pre-activation and output. */
  zeroProbes(
    batchSize: number,
    dtype: DType = this.dtype,
  ): { preActivation: Tensor; output: Tensor }[] {
    positiveInt('Sequential.zeroProbes', 'batchSize', batchSize);
    this.requireBuilt('zeroProbes');
    return zeroProbes(this._layers, this._inputShape!, batchSize, dtype);
  }

  /** The compiled loss of the model on explicit parameters (a scalar tensor, differentiable). */
  computeLoss(
    params: readonly (readonly Tensor[])[],
    x: Tensor,
    y: TensorInput,
    options: ForwardOptions = {},
  ): Tensor {
    const { loss } = this.requireCompiled('computeLoss');
    return scalarLoss(loss, y, this.forward(params, x, options).output);
  }

  /** Runs the model on x with its current weights (a differentiable tensor computation). */
  call(x: TensorInput): Tensor {
    const t = checkInputs('Sequential.call', this, x);
    return this.forward(this.parameters(), t).output;
  }

  // ---------------------------------------------------------------- training

  /** Configures training: optimizer, loss and metrics. Keras's default optimizer is 'rmsprop'. */
  compile(options: CompileOptions): void {
    const { optimizer, loss, metrics, jitCompile } = compileSettings('Sequential.compile', options);
    this._trainer = new Trainer(this, optimizer, loss, metrics, jitCompile);
  }

  /** Whether fit's training step runs compiled with `jit` (compile's `jitCompile`), and if not, why. */
  get jitStatus(): JitStatus {
    return this.requireCompiled('jitStatus').jitStatus;
  }

  /**
   * Trains the model for `epochs` passes over (x, y) in batches of `batchSize`, as Keras's fit.
   * Resolves to a History with per-epoch loss, metrics and val_* values. Warns once (console.warn)
   * if the loss stops being finite. Callbacks follow Keras's hooks and `stopTraining`.
   */
  async fit(x: TensorInput, y: TensorInput, options: FitOptions = {}): Promise<History> {
    return this.requireCompiled('fit').fit(x, y, options);
  }

  /** One gradient step on one batch; returns `{ loss, ...metrics }` for that batch. */
  trainOnBatch(x: TensorInput, y: TensorInput): Logs {
    return this.requireCompiled('trainOnBatch').trainOnBatch(x, y);
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
    return this.requireCompiled('evaluate').evaluate(x, y, options);
  }

  /** The model's outputs for x, computed in batches (default 32). */
  predict(x: TensorInput, options: { batchSize?: number } = {}): Tensor {
    const op = 'Sequential.predict';
    if (!isPlainObject(options)) fail(op, `options must be an object, got ${describe(options)}`);
    checkKeys(op, options, ['batchSize']);
    return predict(this, x, positiveInt(op, 'batchSize', options.batchSize ?? 32));
  }

  // ---------------------------------------------------------------- checks

  private requireCompiled(what: string): Trainer {
    if (this._trainer === null) {
      fail(
        `Sequential.${what}`,
        `model ${JSON.stringify(this.name)} must be compiled before ${what}; call model.compile({ optimizer: 'adam', loss: 'mean_squared_error' }) first`,
      );
    }
    return this._trainer;
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
    const text = modelSummary(this.name, this._inputShape, this._layers);
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
