import { mkdtemp, readFile, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GradflowError, tensor } from '@gradflow/autodiff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Dense,
  Sequential,
  loadModel,
  modelArtifacts,
  modelFromArtifacts,
  type IOHandler,
  type ModelArtifacts,
} from '../src/index.js';
import { serveDirectory } from './serve.js';

/** Artifacts of a 2 -> 1 model with kernel [[1], [2]] and bias [3] and the given layer configs. */
function artifacts(
  topology: unknown,
  weightNames = ['dense_1/kernel', 'dense_1/bias'],
): ModelArtifacts {
  return {
    modelTopology: topology as object,
    format: 'layers-model',
    weightSpecs: [
      { name: weightNames[0]!, shape: [2, 1], dtype: 'float32' },
      { name: weightNames[1]!, shape: [1], dtype: 'float32' },
    ],
    weightData: new Float32Array([1, 2, 3]).buffer,
  };
}

const dense = (config: Record<string, unknown> = {}) => ({
  class_name: 'Dense',
  config: { name: 'dense_1', units: 1, activation: 'linear', use_bias: true, ...config },
});

const sequential = (layers: unknown[]) => ({
  class_name: 'Sequential',
  config: { name: 'seq', layers },
});

const predictOne = (m: Sequential) => m.predict([[1, 1]]).toArray();

const memory = (a: ModelArtifacts): IOHandler => ({ load: async () => a });

async function rejects(p: Promise<unknown>, re: RegExp): Promise<void> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(GradflowError);
  expect((e as Error).message).toMatch(re);
}

describe('topology variants', () => {
  it('TF.js 4.x: batch_input_shape on the first layer, camelCase initializer ids and TF.js class names', () => {
    const m = modelFromArtifacts(
      artifacts(
        sequential([
          dense({
            batch_input_shape: [null, 2],
            dtype: 'float32',
            kernel_initializer: 'leCunNormal',
            bias_initializer: { class_name: 'LeCunUniform', config: { seed: null } },
          }),
        ]),
      ),
    );
    expect(predictOne(m)).toEqual([[6]]);
    expect((m.layers[0] as Dense).kernelInitializer.className).toBe('LecunNormal');
    expect((m.layers[0] as Dense).biasInitializer.className).toBe('LecunUniform');
  });

  it('Keras 2 (tensorflowjs_converter): a model_config wrapper, an InputLayer, names with :0, VarianceScaling "normal"', () => {
    const topology = {
      keras_version: '2.15.0',
      backend: 'tensorflow',
      model_config: sequential([
        {
          class_name: 'InputLayer',
          config: {
            batch_input_shape: [null, 2],
            dtype: 'float32',
            sparse: false,
            ragged: false,
            name: 'input_1',
          },
        },
        dense({
          kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
          bias_initializer: {
            class_name: 'VarianceScaling',
            config: { scale: 2, mode: 'fan_in', distribution: 'normal', seed: null },
          },
        }),
      ]),
    };
    const m = modelFromArtifacts(artifacts(topology, ['dense_1/kernel:0', 'dense_1/bias:0']));
    expect(m.layers.map((l) => l.className)).toEqual(['InputLayer', 'Dense']);
    expect(predictOne(m)).toEqual([[6]]);
  });

  it('Keras 3: module / registered_name / build_config, DTypePolicy dtypes, InputLayer batch_shape, prefixed weight names', () => {
    const policy = {
      module: 'keras',
      class_name: 'DTypePolicy',
      config: { name: 'float32' },
      registered_name: null,
    };
    const topology = {
      class_name: 'Sequential',
      config: {
        name: 'sequential',
        trainable: true,
        dtype: policy,
        layers: [
          {
            module: 'keras.layers',
            class_name: 'InputLayer',
            config: {
              batch_shape: [null, 2],
              dtype: 'float32',
              sparse: false,
              name: 'input_layer',
            },
            registered_name: null,
          },
          {
            module: 'keras.layers',
            registered_name: null,
            build_config: { input_shape: [null, 2] },
            ...dense({
              dtype: policy,
              kernel_initializer: {
                module: 'keras.initializers',
                class_name: 'HeNormal',
                config: { seed: null },
                registered_name: null,
              },
            }),
          },
        ],
      },
    };
    const m = modelFromArtifacts(
      artifacts(topology, ['sequential/dense_1/kernel', 'sequential/dense_1/bias']),
    );
    expect(predictOne(m)).toEqual([[6]]);
  });

  it('Keras 1/2 bare list of layers with input_dim, and a training config in the topology', () => {
    const topology = {
      ...sequential([]),
      config: [dense({ input_dim: 2 })],
      training_config: {
        loss: 'mean_squared_error',
        metrics: ['mae'],
        optimizer_config: {
          class_name: 'SGD',
          config: { lr: 0.5, decay: 0, momentum: 0.9, nesterov: false },
        },
      },
    };
    const m = modelFromArtifacts(artifacts(topology));
    expect(predictOne(m)).toEqual([[6]]);
    expect(m.optimizer?.getConfig()).toMatchObject({ learning_rate: 0.5, momentum: 0.9 });
  });

  it('TF.js training configs: Momentum and RMSProp optimizers, camelCase config keys', () => {
    const withTraining = (optimizer_config: object) => ({
      ...artifacts(sequential([dense({ batch_input_shape: [null, 2] })])),
      trainingConfig: {
        loss: 'meanSquaredError',
        metrics: ['accuracy'],
        optimizer_config,
      } as never,
    });
    const sgd = modelFromArtifacts(
      withTraining({
        class_name: 'Momentum',
        config: { learningRate: 0.1, momentum: 0.8, useNesterov: true },
      }),
    );
    expect(sgd.optimizer?.getConfig()).toMatchObject({
      learning_rate: 0.1,
      momentum: 0.8,
      nesterov: true,
    });
    const rms = modelFromArtifacts(
      withTraining({
        class_name: 'RMSProp',
        config: { learningRate: 0.01, decay: 0.8, momentum: 0, epsilon: 1e-7, centered: false },
      }),
    );
    expect(rms.optimizer?.getConfig()).toMatchObject({ learning_rate: 0.01, rho: 0.8 });
    expect(rms.loss?.name).toBe('mean_squared_error');
  });

  it('uint8-quantized weights are dequantized (value = q * scale + min)', () => {
    const a = artifacts(sequential([dense({ batch_input_shape: [null, 2] })]));
    a.weightSpecs![0] = {
      ...a.weightSpecs![0]!,
      quantization: { dtype: 'uint8', scale: 0.5, min: -1 },
    };
    a.weightData = new Uint8Array([
      ...[4, 6],
      ...new Uint8Array(new Float32Array([3]).buffer),
    ]).buffer;
    expect(predictOne(modelFromArtifacts(a))).toEqual([[4 * 0.5 - 1 + (6 * 0.5 - 1) + 3]]);
  });
});

describe('bad input: a clear error and no model', () => {
  const ok = () => artifacts(sequential([dense({ batch_input_shape: [null, 2] })]));
  const cases: [string, () => ModelArtifacts, RegExp][] = [
    [
      'unknown layer class',
      () => artifacts(sequential([{ class_name: 'Conv2D', config: { name: 'c' } }])),
      /unknown layer class "Conv2D"; valid ids: Dense, Activation, BatchNormalization, Dropout, Flatten, InputLayer/,
    ],
    [
      'unknown activation',
      () => artifacts(sequential([dense({ batch_input_shape: [null, 2], activation: 'wiggle' })])),
      /layer 0 \(Dense "dense_1"\): .*unknown activation "wiggle"/,
    ],
    [
      'unknown initializer',
      () =>
        artifacts(
          sequential([dense({ batch_input_shape: [null, 2], kernel_initializer: 'fancyInit' })]),
        ),
      /kernelInitializer: .*unknown initializer "fancyInit"/,
    ],
    [
      'short weight data',
      () => ({ ...ok(), weightData: new ArrayBuffer(8) }),
      /the weight data has 8 bytes but the weights manifest describes 12 bytes/,
    ],
    [
      'missing weight',
      () =>
        artifacts(sequential([dense({ batch_input_shape: [null, 2] })]), [
          'other/kernel',
          'other/bias',
        ]),
      /weight "dense_1\/kernel" of layer "dense_1" is not in the weights manifest \(2 weights: other\/kernel, other\/bias\)/,
    ],
    [
      'shape mismatch',
      () => artifacts(sequential([dense({ batch_input_shape: [null, 3] })])),
      /weight "dense_1\/kernel" has shape \[2, 1\] in the weights manifest but the layer expects \[3, 1\]/,
    ],
    [
      'weight dtype',
      () => {
        const a = ok();
        a.weightSpecs![1]!.dtype = 'int32';
        return a;
      },
      /weight "dense_1\/bias" has dtype "int32"; only float32 weights are supported/,
    ],
    [
      'string weights',
      () => {
        const a = ok();
        a.weightSpecs![1]!.dtype = 'string';
        return a;
      },
      /has dtype "string", which has no fixed size/,
    ],
    [
      'layer dtype',
      () =>
        artifacts(sequential([dense({ batch_input_shape: [null, 2], dtype: 'mixed_float16' })])),
      /unsupported dtype "mixed_float16"; supported dtypes: float32, float64/,
    ],
    ['graph model', () => ({ ...ok(), format: 'graph-model' }), /unsupported format "graph-model"/],
    [
      'functional model',
      () => artifacts({ class_name: 'Functional', config: { layers: [] } }),
      /only Sequential models can be loaded; the topology describes a "Functional" model/,
    ],
    ['no input shape', () => artifacts(sequential([dense()])), /does not give the input shape/],
    [
      'unknown optimizer',
      () => ({
        ...ok(),
        trainingConfig: { loss: 'mse', optimizer_config: { class_name: 'Adagrad', config: {} } },
      }),
      /unknown optimizer "Adagrad"/,
    ],
    [
      'several losses',
      () => ({
        ...ok(),
        trainingConfig: {
          loss: ['mse', 'mae'],
          optimizer_config: { class_name: 'SGD', config: {} },
        },
      }),
      /only one loss/,
    ],
  ];
  for (const [what, make, re] of cases) {
    it(what, async () => {
      expect(() => modelFromArtifacts(make())).toThrow(GradflowError);
      expect(() => modelFromArtifacts(make())).toThrow(re);
      await rejects(loadModel(memory(make())), re);
    });
  }

  it('sources and destinations that are neither URLs nor handlers', async () => {
    await rejects(
      loadModel('ftp://x/model.json'),
      /unsupported URL "ftp:\/\/x\/model.json"; valid schemes: file:\/\/, downloads:\/\/, http:\/\/, https:\/\//,
    );
    await rejects(loadModel({} as IOHandler), /IOHandler with load\(\)/);
    await rejects(loadModel('downloads://m'), /downloads:\/\/ URLs cannot be used to load a model/);
    const model = new Sequential([new Dense({ units: 1, inputShape: [2] })]);
    await rejects(
      model.save('http://127.0.0.1:1/upload'),
      /http:\/\/ URLs cannot be used to save a model/,
    );
    await rejects(model.save(42 as never), /destination must be a URL/);
    await rejects(model.save('downloads://m'), /downloads:\/\/ needs a browser/);
  });

  it('an unbuilt model is refused before anything is written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gradflow-unbuilt-'));
    try {
      const model = new Sequential([new Dense({ units: 1 })]);
      await rejects(model.save(`file://${dir}/m`), /is not built/);
      await expect(stat(join(dir, 'm'))).rejects.toThrow();
      expect(() => modelArtifacts(model)).toThrow(/is not built/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('missing and broken files', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gradflow-files-'));
    const model = new Sequential([new Dense({ units: 2, inputShape: [3] })]);
    await model.save(`file://${dir}/a`);
    await model.save(`file://${dir}/b`);
    await unlink(join(dir, 'b', 'group1-shard1of1.bin'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a missing shard, model.json or directory names the file', async () => {
    await rejects(loadModel(`file://${dir}/b/model.json`), /cannot read .*b\/group1-shard1of1.bin/);
    await rejects(
      loadModel(`file://${dir}/nowhere/model.json`),
      /cannot read .*nowhere\/model.json/,
    );
  });

  it('a truncated shard is caught by the manifest size', async () => {
    const handler = memory({
      ...(await loadArtifacts(join(dir, 'a'))),
      weightData: new ArrayBuffer(10),
    });
    await rejects(loadModel(handler), /has 10 bytes but the weights manifest describes 32 bytes/);
  });

  it('over HTTP: a 404 names the URL and status', async () => {
    const server = await serveDirectory(dir);
    try {
      await rejects(
        loadModel(`${server.url}/b/model.json`),
        /request for http:\/\/127.0.0.1:\d+\/b\/group1-shard1of1.bin failed with HTTP 404/,
      );
      const m = await loadModel(`${server.url}/a/model.json`);
      expect(m.predict(tensor([[1, 2, 3]])).shape).toEqual([1, 2]);
    } finally {
      await server.close();
    }
  });
});

async function loadArtifacts(dir: string): Promise<ModelArtifacts> {
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  return { modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights };
}
