import { type Tensor, zeros } from '@gradflow/autodiff';
import { Activation } from '../../layers/activation.js';
import { BatchNormalization } from '../../layers/batch-normalization.js';
import { Dense } from '../../layers/dense.js';
import { Dropout } from '../../layers/dropout.js';
import { Flatten } from '../../layers/flatten.js';
import { InputLayer } from '../../layers/input-layer.js';
import type { Layer } from '../../layers/layer.js';
import { checkKeys, checkNumber, describe, fail, isPlainObject } from '../../util.js';
import type { SavableModel } from '../topology.js';
import { onnxActivation } from './activations.js';
import { OnnxGraph, encodeModel } from './graph.js';

const OP = 'toOnnx';

export interface OnnxOptions {
  /** ONNX opset (17 to 21, default 18): Mish needs 18, Gelu 20; older opsets get compositions. */
  opset?: number;
}

/** The layer's activation as ONNX nodes. */
function activation(g: OnnxGraph, layer: Layer, x: string): string {
  const emit = onnxActivation(layer.activationId, g.opset);
  if (emit === undefined)
    fail(
      OP,
      `layer ${JSON.stringify(layer.name)}: activation ${JSON.stringify(layer.activationId)} has no ONNX form${layer.activationId === 'glu' ? ' before opset 18' : ''} (custom functions and sparsemax cannot be exported)`,
    );
  return emit(g, x);
}

/** y = x · scale + shift with scale = gamma / sqrt(var + eps), shift = beta - mean · scale (inference). */
function batchNorm(g: OnnxGraph, bn: BatchNormalization, x: string, rank: number): string {
  const ws = bn.getWeights().map((w) => w.data());
  let k = 0;
  const gamma = bn.scale ? ws[k++]! : null;
  const beta = bn.center ? ws[k++]! : null;
  const mean = ws[k++]!;
  const variance = ws[k]!;
  const c = mean.length;
  const scale = Array.from(
    { length: c },
    (_, i) => (gamma?.[i] ?? 1) / Math.sqrt(variance[i]! + bn.epsilon),
  );
  const shift = scale.map((s, i) => (beta?.[i] ?? 0) - mean[i]! * s);
  const axis = bn.axis < 0 ? rank + bn.axis : bn.axis;
  const dims = [c, ...Array<number>(rank - axis - 1).fill(1)];
  const scaled = g.node('Mul', [x, g.constant(scale, dims, `${bn.name}_scale`)]);
  return g.node('Add', [scaled, g.constant(shift, dims, `${bn.name}_shift`)]);
}

function layerNodes(g: OnnxGraph, layer: Layer, x: string, rank: number): string {
  if (layer instanceof Dense) {
    const [kernel, bias] = layer.getWeights();
    let y = g.node('MatMul', [
      x,
      g.constant(kernel!.data(), kernel!.shape.slice(), `${layer.name}_kernel`),
    ]);
    if (bias !== undefined)
      y = g.node('Add', [y, g.constant(bias.data(), bias.shape.slice(), `${layer.name}_bias`)]);
    return activation(g, layer, y);
  }
  if (layer instanceof Activation) return activation(g, layer, x);
  if (layer instanceof BatchNormalization) return batchNorm(g, layer, x, rank);
  if (layer instanceof Flatten) return g.node('Flatten', [x], { axis: { i: 1 } });
  // Identity at inference.
  if (layer instanceof Dropout || layer instanceof InputLayer) return x;
  fail(OP, `layer ${JSON.stringify(layer.name)} (${layer.className}) has no ONNX form`);
}

/**
 * The model as the bytes of an ONNX ModelProto: one float32 input "input" and one output
 * "output", both with a symbolic batch axis ("batch"), the weights as initializers, inference
 * behaviour (BatchNormalization folded into a scale and shift, Dropout removed). Activations
 * use the ONNX operator where one computes exactly that function, else a composition.
 * Run it with ONNX Runtime (onnxruntime-web in browsers and Node, onnxruntime-node).
 */
export function toOnnx(model: SavableModel, options: OnnxOptions = {}): Uint8Array {
  if (model === null || typeof model !== 'object' || !Array.isArray(model.layers))
    fail(OP, `expects a Sequential model, got ${describe(model)}`);
  if (!isPlainObject(options))
    fail(OP, `options must be an object such as { opset: 18 }, got ${describe(options)}`);
  checkKeys(OP, options, ['opset']);
  const opset = checkNumber(
    OP,
    'opset',
    options.opset ?? 18,
    (v) => Number.isInteger(v) && v >= 17 && v <= 21,
    'an integer from 17 to 21',
  );
  if (!model.built || model.layers.length === 0)
    fail(
      OP,
      `model ${JSON.stringify(model.name)} is not built (its input shape is unknown); give the first layer an inputShape or call build([null, ...]) first`,
    );
  const g = new OnnxGraph(opset);
  let shape = model.inputShape!;
  const inputDims = ['batch', ...(shape.slice(1) as number[])];
  let x = 'input';
  for (const layer of model.layers) {
    x = layerNodes(g, layer, x, shape.length);
    shape = layer.computeOutputShape(shape);
  }
  g.nodes.push({ op: 'Identity', inputs: [x], outputs: ['output'], attributes: {} });
  // The output's dims from one zero sample: exact even where a layer's computeOutputShape is not (glu halves an axis).
  const sample = model.layers.reduce<Tensor>(
    (h, l) => l.call(h),
    zeros([1, ...(model.inputShape!.slice(1) as number[])]),
  );
  return encodeModel(g, {
    name: model.name,
    input: { name: 'input', dims: inputDims },
    output: { name: 'output', dims: ['batch', ...sample.shape.slice(1)] },
    producerVersion: '0.0.0',
  });
}
