/**
 * @gradflow/experiments: the classic vanishing/exploding-gradient and initialization results,
 * reproduced with @gradflow's gradientFlow at fixed seeds. Each experiment is a function that
 * returns tables, charts and the measured data (tests call them at small sizes); `src/main.ts`
 * runs them at full size, prints the tables and writes the charts as SVG.
 */
export {
  logistic,
  LOGISTIC_INITS,
  type LogisticOptions,
  type LogisticRun,
} from './experiments/logistic.js';
export { tanhVariance, TANH_INITS, type TanhOptions, type TanhRun } from './experiments/tanh.js';
export {
  reluSecondMoment,
  RELU_INITS,
  RELU_TRAIN_INITS,
  type ReluOptions,
  type ReluRun,
  type ReluTraining,
} from './experiments/relu.js';
export {
  seluSelfNormalizing,
  SELU_INITS,
  type SeluOptions,
  type SeluRun,
} from './experiments/selu.js';
export {
  explodingGradients,
  type ExplodingOptions,
  type SweepPoint,
  type ClipRun,
} from './experiments/exploding.js';
export {
  type Experiment,
  flowAtInit,
  gradientFactor,
  theoryGradientFactor,
  secondMomentFactor,
  hidden,
} from './experiments/common.js';
export {
  mnistActivations,
  MNIST_ACTIVATIONS,
  type MnistOptions,
  type MnistData,
  type ActivationRuns,
} from './experiments/mnist.js';
export {
  batchNormCure,
  deepNet,
  type BatchNormOptions,
  type BatchNormCase,
  type BatchNormRun,
  type BlockStats,
} from './experiments/batchnorm.js';
export { loadDigits, mnistSplit, type DigitSplit } from './data/mnist.js';
export { meanField, type MeanFieldLayer } from './theory.js';
export {
  mlp,
  gaussianBatch,
  teacherData,
  INITS,
  normalInit,
  glorotScaled,
  type InitSpec,
  type MlpSpec,
} from './net.js';
export {
  renderSvg,
  type Chart,
  type LineChart,
  type BarChart,
  type Bar,
  type Series,
} from './chart.js';
export { formatTable, num, pct, type Table } from './table.js';
export { runAll, EXPERIMENTS } from './run.js';
