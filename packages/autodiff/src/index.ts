export { Tensor, tensor, zeros, ones, full, linspace, isTensor } from './tensor.js';
export type { NestedArray, TensorOptions } from './tensor.js';
export type { DType, TypedArray } from './dtype.js';
export { GradflowError } from './errors.js';
export * from './ops.js';
export {
  relu,
  leakyRelu,
  relu6,
  elu,
  selu,
  celu,
  gelu,
  glu,
  sigmoid,
  hardSigmoid,
  tanh,
  softsign,
  softplus,
  logSigmoid,
  silu,
  silu as swish,
  hardSilu,
  hardSilu as hardSwish,
  hardTanh,
  hardShrink,
  softShrink,
  tanhShrink,
  threshold,
  sparsePlus,
  sparseSigmoid,
  squareplus,
  mish,
  exponential,
  linear,
  sparsemax,
  SELU_ALPHA,
  SELU_SCALE,
  activations,
} from './activations/index.js';
export type { Activation, ReluOptions } from './activations/index.js';
export { activationInfo } from './activations/reference/index.js';
export type { ActivationInfo, ActivationParam } from './activations/reference/index.js';
export { stopGradient } from './engine.js';
export { grad, valueAndGrad, vjp } from './transforms.js';
export type { Argnums } from './transforms.js';
export type { TensorTree } from './tree.js';
export { primitives, primitiveNames, isPrimitiveName } from './primitives/index.js';
export type { Primitive, PrimitiveName } from './primitive.js';
export { trace, Graph } from './trace.js';
export type { GraphNode, GraphLeaf, GraphJSON } from './trace.js';
export {
  randomNormal,
  randomUniform,
  truncatedNormal,
  RandomGenerator,
  setGlobalSeed,
} from './random.js';
export type { NormalOptions, UniformOptions } from './random.js';
export { checkGrads } from './checkgrads.js';
export type { CheckGradsOptions } from './checkgrads.js';
export { Registry, toSnakeCase, toCamelCase, configToOptions, isSerialized } from './registry.js';
export type { RegistryOptions, Serialized } from './registry.js';
