import {
  type Activation as ActivationFunction,
  type DType,
  Tensor,
  activations,
} from '@gradflow/autodiff';
import {
  checkBoolean,
  checkDType,
  checkKeys,
  describe,
  fail,
  fmtShape,
  isPlainObject,
  toTensor,
  type TensorInput,
} from '../util.js';

/** A shape with the batch axis first; `null` where a size is not known (the batch). */
export type BatchShape = (number | null)[];

/** Options every layer accepts. */
export interface LayerOptions {
  /** Unique name (default: the snake_case class name, numbered: dense, dense_1, ...). */
  name?: string;
  /** Shape of one sample, without the batch axis (Keras's input_shape): lets a model build at once. */
  inputShape?: number[];
  /** Shorthand for inputShape: [inputDim] (Keras 2 / TF.js input_dim). */
  inputDim?: number;
  /** Weights' dtype (default float32). */
  dtype?: DType;
  /** Whether fit updates this layer's weights (default true). */
  trainable?: boolean;
}

export const LAYER_KEYS = ['name', 'inputShape', 'inputDim', 'dtype', 'trainable'] as const;

/**
 * Zero tensors added inside a layer's forward pass, so that differentiating with respect to them
 * gives the gradient of a loss with respect to that point of the network (they change no value):
 * `preActivation` is added before the activation, `output` after it.
 */
export interface Probes {
  preActivation?: Tensor | null;
  output?: Tensor | null;
}

/** What one layer's forward pass produced: its input, the pre-activation and the output. */
export interface LayerForward {
  input: Tensor;
  /** What the activation was applied to (the output itself for a layer without activation). */
  preActivation: Tensor;
  output: Tensor;
  /**
   * New values of the layer's non-trainable weights (those `weightTrainable()` marks false, in
   * weight order) after a training pass, such as BatchNormalization's moving statistics; absent
   * when the pass changes none. `fit` assigns them after the gradient step.
   */
  updates?: Tensor[];
}

const uids = new Map<string, number>();

/** Keras's auto_name: dense, dense_1, dense_2, ... (one counter per prefix for the whole program). */
export function uniqueName(prefix: string): string {
  const n = uids.get(prefix) ?? 0;
  uids.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}

/**
 * The activation function for an id (or a function), with the id Keras would serialize: a
 * built-in passed as itself (`relu`) or a function named with `activations.register` is saved by
 * its id; any other function by its name (which loads only once registered under that name).
 */
export function resolveActivation(
  op: string,
  activation: unknown,
): { fn: ActivationFunction; id: string } {
  if (activation === undefined || activation === null)
    return { fn: activations.get('linear'), id: 'linear' };
  if (typeof activation === 'function')
    return {
      fn: activation as ActivationFunction,
      id: activations.idOf(activation as ActivationFunction) ?? (activation.name || 'custom'),
    };
  if (typeof activation !== 'string')
    fail(
      op,
      `activation must be an id such as 'relu' or a function, got ${describe(activation)}; valid ids: ${activations.list().join(', ')}`,
    );
  try {
    return { fn: activations.get(activation), id: activations.canonical(activation) };
  } catch (e) {
    fail(op, (e as Error).message);
  }
}

/**
 * Base class of layers. A layer keeps its weights as immutable tensors (replaced, never mutated,
 * by `setWeights` and by the optimizer in fit) and has a pure functional core:
 * `forward(params, x, probes?)` computes the layer from explicit parameters (in the order of
 * `getWeights()`), so `grad`/`vjp` can differentiate with respect to the parameters, the input,
 * or probes added inside the layer. `call(x)` is `forward(getWeights(), x).output`.
 */
export abstract class Layer {
  abstract readonly className: string;
  readonly name: string;
  readonly dtype: DType;
  /** Whether fit updates this layer's weights. */
  trainable: boolean;
  /** The activation function applied last (identity for layers without one). */
  readonly activation: ActivationFunction;
  /** Its Keras id ('linear' when none; a custom function's name). */
  readonly activationId: string;

  private _batchInputShape: BatchShape | null = null;
  private _weights: Tensor[] = [];
  private _built = false;

  /** `activation` is an id, a function, or null/undefined for none (linear). */
  protected constructor(
    op: string,
    prefix: string,
    options: LayerOptions,
    activation: unknown = null,
  ) {
    if (!isPlainObject(options)) fail(op, `options must be an object, got ${describe(options)}`);
    ({ fn: this.activation, id: this.activationId } = resolveActivation(op, activation));
    if (options.name !== undefined && (typeof options.name !== 'string' || options.name === ''))
      fail(op, `name must be a non-empty string, got ${describe(options.name)}`);
    this.name = options.name ?? uniqueName(prefix);
    this.dtype = checkDType(op, options.dtype ?? 'float32');
    this.trainable = checkBoolean(op, 'trainable', options.trainable ?? true);
    if (options.inputShape !== undefined) {
      const s = options.inputShape;
      if (
        !Array.isArray(s) ||
        s.length === 0 ||
        s.some((d) => typeof d !== 'number' || !Number.isSafeInteger(d) || d <= 0)
      ) {
        fail(
          op,
          `inputShape must be a non-empty array of positive integers (one sample's shape, without the batch axis), got ${JSON.stringify(s)}`,
        );
      }
      this._batchInputShape = [null, ...s];
    }
    if (options.inputDim !== undefined) {
      const d = options.inputDim;
      if (typeof d !== 'number' || !Number.isSafeInteger(d) || d <= 0)
        fail(op, `inputDim must be a positive integer, got ${describe(d)}`);
      if (
        this._batchInputShape !== null &&
        (this._batchInputShape.length !== 2 || this._batchInputShape[1] !== d)
      ) {
        fail(
          op,
          `inputDim ${d} contradicts inputShape ${JSON.stringify(options.inputShape)}; give one of them`,
        );
      }
      this._batchInputShape = [null, d];
    }
  }

  /** Whether the weights exist (after the first call, `build`, or a model with a known input shape). */
  get built(): boolean {
    return this._built;
  }

  /** The input shape with its batch axis ([null, 2]), or null while unknown. */
  get inputShape(): BatchShape | null {
    return this._batchInputShape === null ? null : this._batchInputShape.slice();
  }

  /** The output shape with its batch axis ([null, 64]); throws while the input shape is unknown. */
  get outputShape(): BatchShape {
    const s = this._batchInputShape;
    if (s === null)
      fail(
        this.className,
        `layer ${JSON.stringify(this.name)} has no known input shape yet; build it, call it, or give inputShape`,
      );
    return this.computeOutputShape(s);
  }

  /** Names of the weights in `getWeights()` order, e.g. ['dense/kernel', 'dense/bias']. */
  weightNames(): string[] {
    return this.localWeightNames().map((n) => `${this.name}/${n}`);
  }

  /** The weights' own names ('kernel', 'bias'). */
  protected abstract localWeightNames(): string[];

  /** Output shape for an input shape (batch axis included). Throws for incompatible inputs. */
  abstract computeOutputShape(inputShape: readonly (number | null)[]): BatchShape;

  /** Creates the weights for an input shape (batch axis included). */
  protected abstract makeWeights(inputShape: BatchShape): Tensor[];

  /**
   * Per weight (`getWeights()` order), whether an optimizer may change it. All true by default;
   * BatchNormalization's moving statistics are false: `fit` sets them from the forward pass's
   * `updates` instead.
   */
  weightTrainable(): boolean[] {
    return this.localWeightNames().map(() => true);
  }

  /** Expected weight shapes once built. */
  weightShapes(): number[][] {
    return this._weights.map((w) => w.shape.slice());
  }

  /**
   * Creates the weights for inputs of `inputShape` (batch axis included, e.g. [null, 2]). A
   * built layer only checks that the shape is compatible.
   */
  build(inputShape: readonly (number | null)[]): void {
    const op = this.className;
    if (
      !Array.isArray(inputShape) ||
      inputShape.some(
        (d) => d !== null && (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0),
      )
    ) {
      fail(
        op,
        `build expects a shape with the batch axis first, such as [null, 2], got ${JSON.stringify(inputShape)}`,
      );
    }
    const s = inputShape.slice() as BatchShape;
    this.computeOutputShape(s); // validates
    if (this._built) {
      const prev = this._batchInputShape!;
      const ok =
        prev.length === s.length &&
        prev.every((d, i) => i === 0 || d === null || s[i] === null || d === s[i]);
      if (!ok)
        fail(
          op,
          `layer ${JSON.stringify(this.name)} was built for inputs of shape ${fmtShape(prev)} and cannot take inputs of shape ${fmtShape(s)}`,
        );
      return;
    }
    if (this._batchInputShape !== null) {
      const want = this._batchInputShape;
      const ok =
        want.length === s.length && want.every((d, i) => i === 0 || d === s[i] || s[i] === null);
      if (!ok)
        fail(
          op,
          `layer ${JSON.stringify(this.name)} expects inputs of shape ${fmtShape(want)} (its inputShape) but got ${fmtShape(s)}`,
        );
    }
    this._batchInputShape = [null, ...s.slice(1)];
    this._weights = this.makeWeights(this._batchInputShape);
    this._built = true;
  }

  /**
   * The forward pass with explicit parameters (`getWeights()` order) and optional probes. Does
   * not read or change the layer's weights; builds nothing. `training` (default false) selects
   * the training behaviour of layers that have one (BatchNormalization's batch statistics,
   * Dropout's random mask); new values of non-trainable weights come back as `updates`. `noise`
   * is what `trainingNoise` drew for this pass (drawn inside when absent), so that a training
   * pass can be a pure function of its tensor arguments (what `jit` compiles).
   */
  abstract forward(
    params: readonly Tensor[],
    x: Tensor,
    probes?: Probes | null,
    training?: boolean,
    noise?: Tensor | null,
  ): LayerForward;

  /**
   * The random tensor a training pass on inputs of `shape` uses (Dropout's mask), drawn now from
   * the layer's own generator, or null for a layer without randomness (the default). Each call
   * draws the next one, exactly as a training pass without given noise would.
   */
  trainingNoise(_shape: readonly number[], _dtype: DType): Tensor | null {
    return null;
  }

  /** Runs the layer on x with its current weights (building it from x's shape first if needed). */
  call(x: TensorInput): Tensor {
    const t = x instanceof Tensor ? x : toTensor(this.className, 'input', x, this.dtype);
    if (!this._built) this.build([null, ...t.shape.slice(1)]);
    return this.forward(this._weights, t).output;
  }

  /** The current weights (Keras order: kernel, then bias). Tensors are immutable, so sharing them is safe. */
  getWeights(): Tensor[] {
    return this._weights.slice();
  }

  /** Replaces the weights; each must have the shape of the one it replaces (cast to the layer's dtype). */
  setWeights(weights: readonly TensorInput[]): void {
    const op = this.className;
    if (!Array.isArray(weights))
      fail(op, `setWeights expects an array of weights, got ${describe(weights)}`);
    if (!this._built) {
      if (weights.length === 0 && this.localWeightNames().length === 0) return;
      fail(
        op,
        `layer ${JSON.stringify(this.name)} is not built yet, so it has no weights to set; build it (or call it on data) first`,
      );
    }
    if (weights.length !== this._weights.length) {
      fail(
        op,
        `layer ${JSON.stringify(this.name)} expects ${this._weights.length} weights (${this.localWeightNames().join(', ') || 'none'}), got ${weights.length}`,
      );
    }
    const next = weights.map((w, i) => {
      const t = toTensor(op, `weight ${i} (${this.localWeightNames()[i]})`, w, this.dtype);
      const want = this._weights[i]!.shape;
      if (t.shape.length !== want.length || t.shape.some((d, j) => d !== want[j])) {
        fail(
          op,
          `layer ${JSON.stringify(this.name)}: weight ${i} (${this.localWeightNames()[i]}) must have shape ${fmtShape(want)}, got ${fmtShape(t.shape)}`,
        );
      }
      return t;
    });
    this._weights = next;
  }

  /** Number of scalar parameters (0 before the layer is built). */
  countParams(): number {
    return this._weights.reduce((n, w) => n + w.size, 0);
  }

  /** Keras's get_config (snake_case keys). */
  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, dtype: this.dtype };
  }

  /** Checks the explicit parameters given to `forward` (count and shapes) against the layer's weights. */
  protected checkParams(params: readonly Tensor[]): void {
    const names = this.localWeightNames();
    if (!Array.isArray(params) || params.length !== names.length) {
      fail(
        this.className,
        `layer ${JSON.stringify(this.name)} takes ${names.length} parameters (${names.join(', ') || 'none'}), got ${Array.isArray(params) ? params.length : describe(params)}`,
      );
    }
    if (!this._built) return;
    params.forEach((p, i) => {
      const want = this._weights[i]!.shape;
      if (
        !(p instanceof Tensor) ||
        p.shape.length !== want.length ||
        p.shape.some((d, j) => d !== want[j])
      ) {
        fail(
          this.className,
          `layer ${JSON.stringify(this.name)}: parameter ${i} (${names[i]}) must be a Tensor of shape ${fmtShape(want)}, got ${describe(p)}`,
        );
      }
    });
  }

  /** Applies the optional probes around the activation. */
  protected activate(x: Tensor, z: Tensor, probes: Probes | null | undefined): LayerForward {
    const pre = probes?.preActivation
      ? z.add(this.checkProbe('preActivation', probes.preActivation, z))
      : z;
    const y = this.activation(pre);
    const output = probes?.output ? y.add(this.checkProbe('output', probes.output, y)) : y;
    return { input: x, preActivation: pre, output };
  }

  private checkProbe(which: string, probe: unknown, at: Tensor): Tensor {
    if (
      !(probe instanceof Tensor) ||
      probe.shape.length !== at.shape.length ||
      probe.shape.some((d, i) => d !== at.shape[i])
    ) {
      fail(
        this.className,
        `layer ${JSON.stringify(this.name)}: the ${which} probe must be a Tensor of shape ${fmtShape(at.shape)} (zeros), got ${describe(probe)}`,
      );
    }
    return probe;
  }

  /** Keras's serialized form `{ module, class_name, config, build_config? }`. */
  serialize(): Record<string, unknown> {
    const out: Record<string, unknown> = {
      module: 'keras.layers',
      class_name: this.className,
      config: this.getConfig(),
      registered_name: null,
    };
    if (this._batchInputShape !== null)
      out.build_config = { input_shape: this._batchInputShape.slice() };
    return out;
  }

  toString(): string {
    return `${this.className}(${JSON.stringify(this.name)})`;
  }
}

export function checkLayerOptions(op: string, options: unknown, keys: readonly string[]): void {
  if (!isPlainObject(options)) fail(op, `options must be an object, got ${describe(options)}`);
  checkKeys(op, options, [...LAYER_KEYS, ...keys]);
}
