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
export type { Argnums, GradOptions, GradsOf, ValueAndGrads, WithAux } from './transforms.js';
export type { TensorTree, MapTree } from './tree.js';
export { primitives, primitiveNames, isPrimitiveName } from './primitives/index.js';
export type { Primitive, PrimitiveName } from './primitive.js';
export { trace, Graph } from './trace.js';
export type { GraphNode, GraphLeaf, GraphJSON, DotOptions } from './trace.js';
export {
  randomNormal,
  randomUniform,
  truncatedNormal,
  RandomGenerator,
  setGlobalSeed,
} from './random.js';
export type { NormalOptions, UniformOptions } from './random.js';
export { checkGrads, CheckGradsError } from './checkgrads.js';
export type {
  CheckGradsOptions,
  CheckGradsOrder,
  CheckGradsReport,
  CheckGradsWorst,
} from './checkgrads.js';
export { setWasmEnabled, wasmFeatures } from './wasm/runtime.js';
export type { WasmFeatures } from './wasm/runtime.js';
export { jit } from './jit/index.js';
export type { JitOptions, Jitted, BackendChoice } from './jit/index.js';
export { Registry, toSnakeCase, toCamelCase, configToOptions, isSerialized } from './registry.js';
export type { RegistryOptions, Serialized } from './registry.js';
