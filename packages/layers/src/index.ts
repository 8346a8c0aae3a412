/**
 * @gradflow/layers: Keras-style initializers, layers, losses, optimizers and training on top of
 * @gradflow/autodiff, with Keras 3 semantics and ids.
 */

/** Name of this package, so that consumers and tests can check they resolved it. */
export const PACKAGE_NAME = '@gradflow/layers';

export * as initializers from './initializers/index.js';
export {
  Initializer,
  Zeros,
  Ones,
  Constant,
  RandomNormal,
  RandomUniform,
  TruncatedNormal,
  VarianceScaling,
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  LecunNormal,
  LecunUniform,
  Orthogonal,
  Identity,
  computeFans,
  TRUNCATED_NORMAL_STDDEV_FACTOR,
} from './initializers/index.js';
export type {
  InitializerConfig,
  InitializerIdentifier,
  SerializedInitializer,
  ConstantOptions,
  RandomNormalOptions,
  RandomUniformOptions,
  VarianceScalingOptions,
  SeedOptions,
  OrthogonalOptions,
  IdentityOptions,
  FanMode,
  Distribution,
} from './initializers/index.js';

export * as layers from './layers/index.js';
export {
  Layer,
  Dense,
  Activation,
  BatchNormalization,
  Dropout,
  Flatten,
  InputLayer,
} from './layers/index.js';
export type {
  DenseOptions,
  ActivationOptions,
  BatchNormalizationOptions,
  DropoutOptions,
  InputLayerOptions,
  LayerOptions,
  LayerForward,
  Probes,
  BatchShape,
} from './layers/index.js';

export * as losses from './losses.js';
export {
  Loss,
  MeanSquaredError,
  MeanAbsoluteError,
  BinaryCrossentropy,
  CategoricalCrossentropy,
  SparseCategoricalCrossentropy,
  LossFunctionWrapper,
} from './losses.js';
export type {
  LossFunction,
  LossIdentifier,
  Reduction,
  CrossentropyOptions,
  LossOptions,
} from './losses.js';

export * as metrics from './metrics.js';
export type { Metric, MetricFunction, MetricIdentifier } from './metrics.js';

export * as optimizers from './optimizers/index.js';
export * as schedules from './optimizers/schedules.js';
export {
  LearningRateSchedule,
  ExponentialDecay,
  PiecewiseConstantDecay,
  PolynomialDecay,
  InverseTimeDecay,
  CosineDecay,
  CosineDecayRestarts,
} from './optimizers/schedules.js';
export type {
  ExponentialDecayOptions,
  PiecewiseConstantDecayOptions,
  PolynomialDecayOptions,
  InverseTimeDecayOptions,
  CosineDecayOptions,
  CosineDecayRestartsOptions,
  SerializedSchedule,
} from './optimizers/schedules.js';
export { Optimizer, SGD, Adam, RMSprop } from './optimizers/index.js';
export type {
  OptimizerOptions,
  SGDOptions,
  AdamOptions,
  RMSpropOptions,
  OptimizerIdentifier,
} from './optimizers/index.js';

export { Sequential } from './models/sequential.js';
export type {
  SequentialOptions,
  CompileOptions,
  FitOptions,
  EvaluateOptions,
  ForwardOptions,
  ForwardResult,
  JitCompile,
  JitStatus,
} from './models/sequential.js';
export { History } from './training/callbacks.js';
export * from './saving/index.js';
export type { Callback, Logs } from './training/callbacks.js';
export * as callbacks from './callbacks/index.js';
export {
  BaseCallback,
  EarlyStopping,
  TerminateOnNaN,
  ReduceLROnPlateau,
  LearningRateScheduler,
} from './callbacks/index.js';
export type {
  CallbackModel,
  EarlyStoppingOptions,
  ReduceLROnPlateauOptions,
  Schedule,
} from './callbacks/index.js';
export {
  gradientFlow,
  activationSaturation,
  SATURATION_THRESHOLD,
  type GradientFlow,
  type GradientFlowOptions,
  type LayerFlow,
  type SaturationRule,
  type ActivationSaturation,
} from './diagnostics.js';
