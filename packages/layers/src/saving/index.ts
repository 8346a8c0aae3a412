export { saveModel, modelArtifacts } from './save.js';
export { loadModel, modelFromArtifacts } from './load.js';
export type { FetchLike } from './handlers.js';
export type {
  IOHandler,
  ModelArtifacts,
  ModelArtifactsInfo,
  ModelJSON,
  SaveResult,
  TrainingConfig,
  WeightsManifestEntry,
  WeightsManifestGroupConfig,
} from './types.js';
export { toOnnx, type OnnxOptions } from './onnx/export.js';
