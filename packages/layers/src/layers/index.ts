import { Registry } from '@gradflow/autodiff';
import { describe, fail, isPlainObject } from '../util.js';
import { Activation } from './activation.js';
import { BatchNormalization } from './batch-normalization.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import { Flatten } from './flatten.js';
import { InputLayer } from './input-layer.js';
import type { Layer } from './layer.js';

export {
  Layer,
  uniqueName,
  resolveActivation,
  type BatchShape,
  type LayerForward,
  type LayerOptions,
  type Probes,
} from './layer.js';
export { Dense, type DenseOptions } from './dense.js';
export { Activation, type ActivationOptions } from './activation.js';
export { BatchNormalization, type BatchNormalizationOptions } from './batch-normalization.js';
export { Dropout, type DropoutOptions } from './dropout.js';
export { Flatten } from './flatten.js';
export { InputLayer, type InputLayerOptions } from './input-layer.js';

const CLASSES: Record<string, { fromConfig(config: Record<string, unknown>): Layer }> = {
  Dense,
  Activation,
  BatchNormalization,
  Dropout,
  Flatten,
  InputLayer,
};

/** Layer classes by Keras class name (the id in a serialized layer). */
const registry = new Registry<(typeof CLASSES)[string]>({
  kind: 'layer class',
  module: 'keras.layers',
});
for (const [c, Cls] of Object.entries(CLASSES)) registry.add(c, Cls);

/** The layer class names `deserialize` accepts. */
export function list(): string[] {
  return registry.list();
}

/** Rebuilds a layer from Keras's serialized form `{ class_name, config, build_config? }`. */
export function deserialize(serialized: unknown): Layer {
  const op = 'layers.deserialize';
  if (!isPlainObject(serialized) || typeof serialized.class_name !== 'string') {
    fail(op, `expected { class_name, config }, got ${describe(serialized)}`);
  }
  const Cls = registry.get(serialized.class_name, op);
  const config = serialized.config ?? {};
  if (!isPlainObject(config)) fail(op, `config must be an object, got ${describe(config)}`);
  const layer = Cls.fromConfig(config);
  const build = serialized.build_config;
  if (isPlainObject(build) && Array.isArray(build.input_shape))
    layer.build(build.input_shape as (number | null)[]);
  return layer;
}
