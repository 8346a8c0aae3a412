/**
 * The TensorFlow.js model-artifact types, structurally: TF.js's own IOHandlers
 * (`tf.io.withSaveHandler`, `tf.io.fromMemory`, `tf.io.browserFiles`, ...) satisfy them, so they
 * work with `model.save` and `loadModel` unchanged.
 */

/** One weight in a weights manifest: its name, shape and dtype (and optional quantization). */
export interface WeightsManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
  group?: string;
  quantization?: { dtype: string; scale?: number; min?: number; original_dtype?: string };
}

/** A group of weights stored in one or more shard files (`paths`, relative to model.json). */
export interface WeightsManifestGroupConfig {
  paths: string[];
  weights: WeightsManifestEntry[];
}

/** What `model.save` hands an IOHandler and `loadModel` receives from one. */
export interface ModelArtifacts {
  /** The Keras model config: `{ class_name: 'Sequential', config: { name, layers } }`. */
  modelTopology?: object | ArrayBuffer;
  /** Keras's training config: loss, metrics and optimizer_config (present when compiled). */
  trainingConfig?: TrainingConfig;
  weightSpecs?: WeightsManifestEntry[];
  /** The weights' bytes, in weightSpecs order (TF.js 4 may split them into several buffers). */
  weightData?: ArrayBuffer | ArrayBuffer[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  userDefinedMetadata?: Record<string, unknown>;
}

export interface TrainingConfig {
  loss: string | string[] | Record<string, string>;
  metrics?: unknown;
  optimizer_config: { class_name: string; config: Record<string, unknown> };
  [key: string]: unknown;
}

/** The model.json file of the TF.js layers format. */
export interface ModelJSON {
  modelTopology: object;
  weightsManifest: WeightsManifestGroupConfig[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: TrainingConfig;
  userDefinedMetadata?: Record<string, unknown>;
}

export interface ModelArtifactsInfo {
  dateSaved: Date;
  modelTopologyType: 'JSON' | 'GraphDef';
  modelTopologyBytes?: number;
  weightSpecsBytes?: number;
  weightDataBytes?: number;
}

export interface SaveResult {
  modelArtifactsInfo: ModelArtifactsInfo;
  responses?: unknown[];
  errors?: unknown[];
}

/** Where a model is saved to or loaded from: an object with `save(artifacts)` and/or `load()`. */
export interface IOHandler {
  save?: (artifacts: ModelArtifacts) => Promise<SaveResult>;
  load?: () => Promise<ModelArtifacts>;
}
