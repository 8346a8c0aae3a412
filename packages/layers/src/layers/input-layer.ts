import { checkBoolean, describe, fail, isPlainObject, positiveInt } from '../util.js';
import { commonOptions } from './config.js';
import { type LayerOptions, checkLayerOptions } from './layer.js';
import { WeightlessLayer } from './weightless.js';

export interface InputLayerOptions extends LayerOptions {
  /** One sample's shape (Keras 3's name for inputShape). */
  shape?: number[];
  /** The shape with its batch axis first, e.g. [null, 4] (Keras 3's batch_shape; TF.js's batchInputShape). */
  batchShape?: (number | null)[];
  batchInputShape?: (number | null)[];
  /** A fixed batch size, kept in the config (gradflow models take any batch size). */
  batchSize?: number | null;
  /** Sparse inputs are not supported; false is accepted for configs that state it. */
  sparse?: boolean;
}

const OP = 'InputLayer';

/** The one-sample shape from whichever of inputShape, shape, batchShape, batchInputShape is given. */
function sampleShape(o: InputLayerOptions): { shape: number[]; batch: number | null } {
  const given = [
    ['inputShape', o.inputShape],
    ['shape', o.shape],
    ['batchShape', o.batchShape],
    ['batchInputShape', o.batchInputShape],
  ].filter(([, v]) => v !== undefined && v !== null) as [string, unknown][];
  if (given.length !== 1 && !(given.length === 0 && o.inputDim !== undefined))
    fail(
      OP,
      `needs exactly one of inputShape, shape, batchShape or batchInputShape (such as { inputShape: [4] }), got ${given.length === 0 ? 'none' : given.map(([k]) => k).join(' and ')}`,
    );
  if (given.length === 0) return { shape: [o.inputDim!], batch: null };
  const [key, value] = given[0]!;
  if (!Array.isArray(value)) fail(OP, `${key} must be an array, got ${describe(value)}`);
  if (key === 'inputShape' || key === 'shape') return { shape: value as number[], batch: null };
  if (value.length < 2)
    fail(
      OP,
      `${key} must have a batch axis and at least one feature axis, got ${JSON.stringify(value)}`,
    );
  const b = value[0] as unknown;
  return {
    shape: value.slice(1) as number[],
    batch: b === null || b === undefined ? null : positiveInt(OP, `${key}[0]`, b),
  };
}

/**
 * The input of a model, as Keras's InputLayer: it states the shape of one sample (and the
 * dtype) and passes its input through unchanged. It has no weights. In a Sequential model it is
 * the first layer: `new Sequential([new InputLayer({ inputShape: [4] }), new Dense({ units: 2 })])`.
 */
export class InputLayer extends WeightlessLayer {
  readonly className = 'InputLayer';
  readonly batchSize: number | null;

  constructor(options: InputLayerOptions) {
    if (!isPlainObject(options))
      fail(OP, `expects options such as { inputShape: [4] }, got ${describe(options)}`);
    checkLayerOptions(OP, options, [
      'shape',
      'batchShape',
      'batchInputShape',
      'batchSize',
      'sparse',
    ]);
    const { shape, batch } = sampleShape(options);
    if (options.sparse !== undefined && checkBoolean(OP, 'sparse', options.sparse))
      fail(OP, 'sparse inputs are not supported');
    const base: LayerOptions = { ...options, inputShape: shape };
    for (const k of ['shape', 'batchShape', 'batchInputShape', 'batchSize', 'sparse', 'inputDim'])
      delete (base as Record<string, unknown>)[k];
    super(OP, 'input_layer', base);
    this.batchSize =
      options.batchSize === undefined || options.batchSize === null
        ? batch
        : positiveInt(OP, 'batchSize', options.batchSize);
    this.build(this.inputShape!);
  }

  /** Keras 3's config: batch_shape (the batch axis null unless batchSize was given), dtype, sparse, name. */
  override getConfig(): Record<string, unknown> {
    const shape = this.inputShape!;
    return {
      batch_shape: [this.batchSize, ...shape.slice(1)],
      dtype: this.dtype,
      sparse: false,
      name: this.name,
    };
  }

  /** Rebuilds an InputLayer from a Keras 3 (batch_shape) or Keras 2 / TF.js (batch_input_shape) config. */
  static fromConfig(config: Record<string, unknown>): InputLayer {
    const c = config as Record<string, never>;
    return new InputLayer({
      ...commonOptions(config),
      ...(c.batch_shape !== undefined && c.batch_shape !== null
        ? { batchShape: c.batch_shape }
        : {}),
      ...(c.batch_input_shape !== undefined && c.batch_input_shape !== null
        ? { batchInputShape: c.batch_input_shape }
        : {}),
      ...(c.sparse !== undefined ? { sparse: c.sparse } : {}),
    });
  }
}
