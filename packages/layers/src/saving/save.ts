import { describe, fail } from '../util.js';
import { type FetchLike, handlerForUrl } from './handlers.js';
import { type SavableModel, modelTopology, trainingConfig } from './topology.js';
import type { IOHandler, ModelArtifacts, SaveResult } from './types.js';
import { encodeWeights } from './weights.js';

/** Name written as the artifacts' generatedBy. */
export const GENERATED_BY = 'gradflow';

/**
 * The model as TF.js layers-format artifacts: the Keras model config as modelTopology, the
 * weights as float32 bytes with their manifest (names `layer/weight`, which TF.js matches), and
 * the training config when the model is compiled with a loss and optimizer the format can name.
 */
export function modelArtifacts(model: SavableModel): ModelArtifacts {
  const op = 'Sequential.save';
  if (!model.built || model.layers.length === 0)
    fail(
      op,
      `model ${JSON.stringify(model.name)} is not built (its input shape is unknown), so it has no weights to save; give the first layer an inputShape or call build([null, ...]) first`,
    );
  const named = model.layers.flatMap((l) => {
    const ws = l.getWeights();
    return l.weightNames().map((name, i) => ({ name, tensor: ws[i]! }));
  });
  const { specs, data } = encodeWeights(named);
  const training = trainingConfig(model);
  return {
    modelTopology: modelTopology(model),
    format: 'layers-model',
    generatedBy: GENERATED_BY,
    convertedBy: null,
    weightSpecs: specs,
    weightData: data,
    ...(training !== undefined ? { trainingConfig: training } : {}),
  };
}

/**
 * Saves a model in the TensorFlow.js layers format to `destination`: an IOHandler (an object
 * with `save(artifacts)`, such as `tf.io.withSaveHandler(fn)`), or a URL: `file://dir` (Node:
 * dir/model.json and dir/group1-shard1of1.bin), `downloads://name` (browsers). Resolves to the
 * handler's SaveResult. Every check runs before anything is written.
 */
export async function saveModel(
  model: SavableModel,
  destination: string | IOHandler,
  options: { fetch?: FetchLike } = {},
): Promise<SaveResult> {
  const op = 'Sequential.save';
  const handler =
    typeof destination === 'string'
      ? handlerForUrl(op, destination, 'save', options)
      : (destination as IOHandler);
  if (handler === null || typeof handler !== 'object' || typeof handler.save !== 'function')
    fail(
      op,
      `destination must be a URL such as 'file://./my-model' or an IOHandler with save(artifacts), got ${describe(destination)}`,
    );
  return handler.save(modelArtifacts(model));
}
