import { tensor } from '@gradflow/autodiff';
import { deserialize as deserializeLayer } from '../layers/index.js';
import type { Layer } from '../layers/layer.js';
import type { CompileOptions } from '../models/sequential.js';
import { Sequential } from '../models/sequential.js';
import * as optimizers from '../optimizers/index.js';
import { describe, fail, fmtShape, isPlainObject } from '../util.js';
import { layerFromConfig, optimizerFromConfig } from './compat.js';
import { type FetchLike, handlerForUrl } from './handlers.js';
import { sequentialConfig } from './topology.js';
import type { IOHandler, ModelArtifacts } from './types.js';
import { checkSpec, concatBuffers, indexWeights, readWeight, shapeMismatch } from './weights.js';

const OP = 'loadModel';

/** Re-raises an error from building part of the model under loadModel, saying which part. */
function within<T>(where: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    fail(OP, `${where}: ${(e as Error).message}`);
  }
}

function layersOf(topology: unknown): { model: Sequential } {
  const { name, layers, buildInputShape } = sequentialConfig(OP, topology);
  if (layers.length === 0) fail(OP, 'the Sequential config has no layers');
  let inputShape = buildInputShape;
  const built: Layer[] = layers.map((serialized, i) => {
    if (!isPlainObject(serialized) || typeof serialized.class_name !== 'string')
      fail(
        OP,
        `layer ${i} of the topology must be { class_name, config }, got ${describe(serialized)}`,
      );
    const className = serialized.class_name;
    const raw = isPlainObject(serialized.config) ? serialized.config : {};
    const { config, batchInputShape } = layerFromConfig(OP, className, raw);
    if (i === 0 && batchInputShape !== undefined) inputShape = batchInputShape;
    return within(`layer ${i} (${className} ${JSON.stringify(raw.name ?? '')})`, () =>
      deserializeLayer({
        class_name: className,
        config,
        ...(serialized.build_config !== undefined ? { build_config: serialized.build_config } : {}),
      }),
    );
  });
  const model = within(
    'the Sequential model',
    () => new Sequential({ layers: built, ...(name !== undefined ? { name } : {}) }),
  );
  if (!model.built && inputShape !== undefined)
    within(`building for inputs of shape ${fmtShape(inputShape)}`, () => model.build(inputShape!));
  if (!model.built)
    fail(
      OP,
      'the topology does not give the input shape (no InputLayer, batch_input_shape or build_input_shape), so the weights cannot be matched to layers',
    );
  return { model };
}

/** The stored weight for a layer weight: by its name, Keras 2's name:0, or a name that ends with /name. */
function find<V>(stored: Map<string, V>, name: string): V | undefined {
  const exact = stored.get(name) ?? stored.get(`${name}:0`);
  if (exact !== undefined) return exact;
  for (const [k, v] of stored) if (k.endsWith(`/${name}`) || k.endsWith(`/${name}:0`)) return v;
  return undefined;
}

function setWeights(model: Sequential, artifacts: ModelArtifacts): void {
  const rawSpecs = artifacts.weightSpecs ?? [];
  if (!Array.isArray(rawSpecs)) fail(OP, `weightSpecs must be an array, got ${describe(rawSpecs)}`);
  const specs = rawSpecs.map((s, i) => checkSpec(OP, s, i));
  const data = concatBuffers(artifacts.weightData ?? new ArrayBuffer(0));
  const stored = indexWeights(OP, specs, data);
  const values = model.layers.map((layer) => {
    const shapes = layer.weightShapes();
    return layer.weightNames().map((name, j) => {
      const w = find(stored, name);
      if (w === undefined) {
        const have = [...stored.keys()];
        fail(
          OP,
          `weight ${JSON.stringify(name)} of layer ${JSON.stringify(layer.name)} is not in the weights manifest (${have.length} weights: ${have.slice(0, 8).join(', ')}${have.length > 8 ? ', ...' : ''})`,
        );
      }
      const want = shapes[j]!;
      const shape = w.spec.shape;
      if (shape.length !== want.length || shape.some((d, k) => d !== want[k]))
        shapeMismatch(OP, name, shape, want);
      return readWeight(OP, data, w);
    });
  });
  model.layers.forEach((layer, i) => {
    const shapes = layer.weightShapes();
    layer.setWeights(
      values[i]!.map((v, j) => tensor(v, { shape: shapes[j]!, dtype: layer.dtype })),
    );
  });
}

/** Compile options from Keras's training config (loss, metrics, optimizer_config). */
function compileOptions(config: unknown): CompileOptions {
  if (!isPlainObject(config))
    fail(OP, `the training config must be an object, got ${describe(config)}`);
  const loss = config.loss;
  if (typeof loss !== 'string' && !(isPlainObject(loss) && typeof loss.class_name === 'string'))
    fail(
      OP,
      `training config: only one loss for the one output is supported, got ${describe(loss)}`,
    );
  const metrics =
    Array.isArray(config.metrics) && config.metrics.every((m) => typeof m === 'string')
      ? config.metrics
      : [];
  const optimizer = within('training config', () =>
    optimizers.get(optimizerFromConfig(OP, config.optimizer_config)),
  );
  return { loss: loss as CompileOptions['loss'], optimizer, metrics: metrics as string[] };
}

/** A built (and, with a training config, compiled) Sequential model from layers-format artifacts. */
export function modelFromArtifacts(artifacts: ModelArtifacts): Sequential {
  if (!isPlainObject(artifacts)) fail(OP, `expected model artifacts, got ${describe(artifacts)}`);
  if (artifacts.format !== undefined && artifacts.format !== 'layers-model')
    fail(
      OP,
      `unsupported format ${JSON.stringify(artifacts.format)}; only the layers format ('layers-model') can be loaded`,
    );
  const { model } = layersOf(artifacts.modelTopology);
  setWeights(model, artifacts);
  const training =
    artifacts.trainingConfig ??
    (isPlainObject(artifacts.modelTopology) ? artifacts.modelTopology.training_config : undefined);
  if (training !== undefined && training !== null) {
    const options = compileOptions(training);
    within('training config', () => model.compile(options));
  }
  return model;
}

/**
 * Loads a model saved in the TensorFlow.js layers format (by TF.js, tensorflowjs_converter from
 * Keras, or gradflow) from `source`: an IOHandler with `load()` (`tf.io.fromMemory(...)`,
 * `tf.io.browserFiles([...])`), or a URL: `file://path/model.json` in Node, `http(s)://.../model.json`
 * (fetched, weight files relative to it). Resolves to a built Sequential model with the stored
 * weights, compiled when the artifacts carry a training config. Any problem (an unknown layer
 * class, activation or initializer, a missing or short weight file, a shape mismatch, an
 * unsupported dtype) rejects with a GradflowError before a model is returned.
 */
export async function loadModel(
  source: string | IOHandler,
  options: { fetch?: FetchLike } = {},
): Promise<Sequential> {
  const handler = typeof source === 'string' ? handlerForUrl(OP, source, 'load', options) : source;
  if (handler === null || typeof handler !== 'object' || typeof handler.load !== 'function')
    fail(
      OP,
      `source must be a URL such as 'file://./my-model/model.json' or an IOHandler with load(), got ${describe(source)}`,
    );
  return modelFromArtifacts(await handler.load());
}
