/*
 * The model topology of the TF.js layers format: Keras's model config, written so that TF.js's
 * loadLayersModel and Keras read it, and read back from what TF.js, Keras 2 and Keras 3 write.
 */
import type { Layer } from '../layers/layer.js';
import { type Loss, LossFunctionWrapper, get as getLoss } from '../losses.js';
import { type Optimizer, serialize as serializeOptimizer } from '../optimizers/index.js';
import { describe, fail, isPlainObject, toSnakeCase } from '../util.js';
import type { TrainingConfig } from './types.js';

/** What saving needs of a model (Sequential has it; the type keeps saving free of models/). */
export interface SavableModel {
  readonly name: string;
  readonly layers: Layer[];
  readonly inputShape: (number | null)[] | null;
  readonly built: boolean;
  readonly loss: Loss | null;
  readonly optimizer: Optimizer | null;
  getConfig(): Record<string, unknown>;
}

/** Activation ids that TF.js spells differently from Keras 3 (both read the TF.js spelling). */
const TFJS_ACTIVATIONS: Record<string, string> = { silu: 'swish' };

/** One layer's serialized form as TF.js and Keras both read it. */
function layerForFile(layer: Layer, first: boolean, inputShape: (number | null)[]): object {
  const s = layer.serialize() as { class_name: string; config: Record<string, unknown> };
  const config = { ...s.config };
  // The file stores float32 weights, so the model it describes is float32.
  config.dtype = 'float32';
  if (typeof config.activation === 'string')
    config.activation = TFJS_ACTIVATIONS[config.activation] ?? config.activation;
  if (s.class_name === 'InputLayer') {
    const { batch_shape, ...rest } = config;
    return { ...s, config: { ...rest, batch_input_shape: batch_shape } };
  }
  if (first) config.batch_input_shape = inputShape.slice();
  return { ...s, config };
}

/** The modelTopology of a built Sequential model: `{ class_name: 'Sequential', config }`. */
export function modelTopology(model: SavableModel): Record<string, unknown> {
  const inputShape = model.inputShape!;
  const config = model.getConfig();
  return {
    class_name: 'Sequential',
    config: {
      ...config,
      layers: model.layers.map((l, i) => layerForFile(l, i === 0, inputShape)),
    },
  };
}

/**
 * Keras's training config (loss and optimizer_config) of a compiled model, or undefined when
 * the model is not compiled or its loss is not one the format can name (a function, or a loss
 * with non-default options such as fromLogits, which a bare loss id would silently drop).
 */
export function trainingConfig(model: SavableModel): TrainingConfig | undefined {
  const { loss, optimizer } = model;
  if (loss === null || optimizer === null || loss instanceof LossFunctionWrapper) return undefined;
  const id = toSnakeCase(loss.className);
  const strip = (l: Loss) => JSON.stringify({ ...l.getConfig(), name: null });
  let fresh: Loss;
  try {
    fresh = getLoss(id);
  } catch {
    return undefined;
  }
  if (strip(fresh) !== strip(loss)) return undefined;
  const opt = serializeOptimizer(optimizer);
  // TF.js names RMSprop's class RMSProp; gradflow and Keras read either.
  const className = opt.class_name === 'RMSprop' ? 'RMSProp' : opt.class_name;
  return { loss: id, optimizer_config: { class_name: className, config: opt.config } };
}

/**
 * The Sequential config inside a topology: unwraps Keras 2's `{ model_config, ... }`, accepts
 * Keras 1/2's bare list of layers, and refuses other model classes by name.
 */
export function sequentialConfig(
  op: string,
  topology: unknown,
): { name?: string; layers: unknown[]; buildInputShape?: (number | null)[] } {
  let t = topology;
  if (t instanceof ArrayBuffer || ArrayBuffer.isView(t))
    fail(
      op,
      'the model topology is binary (a TF.js graph model); only the layers format (format "layers-model", a JSON topology) can be loaded',
    );
  if (isPlainObject(t) && isPlainObject(t.model_config)) t = t.model_config;
  if (!isPlainObject(t) || typeof t.class_name !== 'string')
    fail(op, `the model topology must be { class_name, config }, got ${describe(t)}`);
  if (t.class_name !== 'Sequential')
    fail(
      op,
      `only Sequential models can be loaded; the topology describes a ${JSON.stringify(t.class_name)} model`,
    );
  const config = t.config;
  if (Array.isArray(config)) return { layers: config };
  if (!isPlainObject(config) || !Array.isArray(config.layers))
    fail(op, `the Sequential config must be { name, layers: [...] }, got ${describe(config)}`);
  return {
    ...(typeof config.name === 'string' ? { name: config.name } : {}),
    layers: config.layers,
    ...(Array.isArray(config.build_input_shape)
      ? { buildInputShape: config.build_input_shape as (number | null)[] }
      : {}),
  };
}
