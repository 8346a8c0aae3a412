import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomNormal, randomUniform, type Tensor } from '@gradflow/autodiff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Activation,
  BatchNormalization,
  Dense,
  Dropout,
  RMSprop,
  Sequential,
  gradientFlow,
  loadModel,
  type ModelArtifacts,
} from '../src/index.js';
import { sameBits } from './helpers.js';
import { serveDirectory } from './serve.js';
import { maxAbsDiff, tf, tfjsCpu, toTf } from './tfjs.js';

const x = randomUniform([12, 4], { minval: -2, maxval: 2, seed: 11 });
const y = randomUniform([12, 2], { minval: 0, maxval: 1, seed: 12 });
const seeded = (seed: number) => ({ class_name: 'HeNormal', config: { seed } });

/** What tf.io.withSaveHandler captured, and TF.js's model loaded from it. */
async function throughTfjs(
  model: Sequential,
): Promise<{ artifacts: ModelArtifacts; theirs: tf.LayersModel }> {
  let artifacts: ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a as ModelArtifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }) as never,
  );
  const theirs = await tf.loadLayersModel(tf.io.fromMemory(artifacts! as tf.io.ModelArtifacts));
  return { artifacts: artifacts!, theirs };
}

const predictTf = (m: tf.LayersModel, input: Tensor) =>
  (m.predict(toTf(input)) as tf.Tensor).dataSync();

/** Measured differences, printed once at the end (quoted in the note). */
const measured: Record<string, number> = {};

beforeAll(async () => {
  await tfjsCpu();
});
afterAll(() => {
  console.log('max |prediction difference| against TF.js 4.22:', JSON.stringify(measured));
});

describe('gradflow -> TF.js (tf.io.withSaveHandler, tf.loadLayersModel)', () => {
  it('a Dense model loads in TF.js with the same predictions', async () => {
    const model = new Sequential([
      new Dense({ units: 5, inputShape: [4], activation: 'relu', kernelInitializer: seeded(1) }),
      new Dense({
        units: 2,
        activation: 'sigmoid',
        kernelInitializer: seeded(2),
        biasInitializer: 'ones',
      }),
    ]);
    const { artifacts, theirs } = await throughTfjs(model);
    expect(artifacts.format).toBe('layers-model');
    expect(artifacts.weightSpecs!.map((s) => s.name)).toEqual(
      model.layers.flatMap((l) => l.weightNames()),
    );
    const d = maxAbsDiff(model.predict(x).data(), predictTf(theirs, x));
    measured.dense = d;
    expect(d).toBeLessThanOrEqual(1e-5);
  });

  it('a trained model with BatchNormalization and Dropout loads in TF.js with the same predictions, compiled', async () => {
    const model = new Sequential([
      new Dense({ units: 6, inputShape: [4], kernelInitializer: seeded(3) }),
      new BatchNormalization(),
      new Activation('tanh'),
      new Dropout({ rate: 0.3, seed: 4 }),
      new Dense({ units: 2, activation: 'softmax', kernelInitializer: seeded(5) }),
    ]);
    model.compile({
      optimizer: new RMSprop({ learningRate: 0.01 }),
      loss: 'categorical_crossentropy',
    });
    await model.fit(x, y, { epochs: 3, batchSize: 4, seed: 6 });
    const [, , mm] = model.layers[1]!.getWeights();
    expect(Array.from(mm!.data()).some((v) => v !== 0)).toBe(true); // moving statistics moved
    const { artifacts, theirs } = await throughTfjs(model);
    expect(artifacts.trainingConfig).toMatchObject({
      loss: 'categorical_crossentropy',
      optimizer_config: { class_name: 'RMSProp', config: { learning_rate: 0.01 } },
    });
    expect(theirs.optimizer).not.toBeNull();
    const d = maxAbsDiff(model.predict(x).data(), predictTf(theirs, x));
    measured.batchNormDropout = d;
    expect(d).toBeLessThanOrEqual(1e-5);
  });
});

describe('TF.js -> gradflow (tf.io.fromMemory, loadModel)', () => {
  const activations = [
    'relu',
    'elu',
    'selu',
    'tanh',
    'sigmoid',
    'softplus',
    'softsign',
    'swish',
    'linear',
  ] as const;

  async function tfjsModel(): Promise<{ theirs: tf.Sequential; artifacts: ModelArtifacts }> {
    const theirs = tf.sequential();
    theirs.add(
      tf.layers.dense({
        units: 8,
        inputShape: [4],
        activation: 'relu',
        kernelInitializer: 'heNormal',
      }),
    );
    theirs.add(tf.layers.batchNormalization());
    activations.slice(1).forEach((activation, i) => {
      theirs.add(
        tf.layers.dense({
          units: 6,
          activation,
          kernelInitializer: i % 2 ? 'leCunNormal' : 'glorotUniform',
        }),
      );
      if (i === 2) theirs.add(tf.layers.dropout({ rate: 0.25 }));
    });
    theirs.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
    theirs.compile({
      optimizer: tf.train.adam(0.01),
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    });
    await theirs.fit(toTf(x), toTf(y), { epochs: 2, batchSize: 4, verbose: 0 });
    let artifacts: ModelArtifacts | null = null;
    await theirs.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a as ModelArtifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
      { includeOptimizer: true },
    );
    return { theirs, artifacts: artifacts! };
  }

  it('loads with the same predictions, compiled, and can be diagnosed with gradientFlow', async () => {
    const { theirs, artifacts } = await tfjsModel();
    const model = await loadModel(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts) as never);
    expect(model.layers.map((l) => l.className)).toEqual(
      theirs.layers.map((l) => l.getClassName()),
    );
    expect(model.layers.map((l) => l.activationId)).toEqual([
      'relu',
      'linear',
      'elu',
      'selu',
      'tanh',
      'linear',
      'sigmoid',
      'softplus',
      'softsign',
      'swish',
      'linear',
      'softmax',
    ]);
    const d = maxAbsDiff(model.predict(x).data(), predictTf(theirs, x));
    measured.fromTfjs = d;
    expect(d).toBeLessThanOrEqual(1e-5);
    expect(model.loss?.name).toBe('categorical_crossentropy');
    expect(model.optimizer?.className).toBe('Adam');
    const flow = gradientFlow(model, x, y);
    expect(flow.layers).toHaveLength(12);
    expect(flow.layers[0]!.kernelGradNorm).toBeGreaterThan(0);
    expect(flow.layers.every((l) => Number.isFinite(l.outputGradNorm))).toBe(true);
  });
});

describe('file:// and http:// round trips', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gradflow-save-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('file:// saves model.json and a shard that load back exactly; TF.js and loadModel read them over HTTP', async () => {
    const model = new Sequential([
      new Dense({ units: 3, inputShape: [4], activation: 'elu', kernelInitializer: seeded(7) }),
      new BatchNormalization({
        movingVarianceInitializer: { class_name: 'Constant', config: { value: 2 } },
      }),
      new Dense({ units: 2, kernelInitializer: seeded(8) }),
    ]);
    model.compile({ optimizer: 'adam', loss: 'mse' });
    await model.save(`file://${dir}/m`);
    const json = JSON.parse(await readFile(join(dir, 'm', 'model.json'), 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['group1-shard1of1.bin']);
    expect((await readFile(join(dir, 'm', 'group1-shard1of1.bin'))).byteLength).toBe(
      4 * model.countParams(),
    );
    const back = await loadModel(`file://${dir}/m/model.json`);
    expect(back.getWeights().every((w, i) => sameBits(w, model.getWeights()[i]!))).toBe(true);
    expect(sameBits(back.predict(x), model.predict(x))).toBe(true);
    expect(back.getConfig()).toEqual(model.getConfig());
    expect(back.optimizer?.className).toBe('Adam');
    const server = await serveDirectory(join(dir, 'm'));
    try {
      const theirs = await tf.loadLayersModel(`${server.url}/model.json`);
      const d = maxAbsDiff(model.predict(x).data(), predictTf(theirs, x));
      measured.fileToTfjs = d;
      expect(d).toBeLessThanOrEqual(1e-5);
      const overHttp = await loadModel(`${server.url}/model.json`);
      expect(sameBits(overHttp.predict(x), model.predict(x))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('a model larger than 4 MB is split into 4 MB shards', async () => {
    const model = new Sequential([
      new Dense({ units: 1100, inputShape: [1000], kernelInitializer: 'ones' }),
    ]);
    await model.save(`file://${dir}/big`);
    const json = JSON.parse(await readFile(join(dir, 'big', 'model.json'), 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['group1-shard1of2.bin', 'group1-shard2of2.bin']);
    const back = await loadModel(`file://${dir}/big`);
    expect(sameBits(back.getWeights()[0]!, model.getWeights()[0]!)).toBe(true);
    const probe = randomNormal([1, 1000], { seed: 1 });
    expect(sameBits(back.predict(probe), model.predict(probe))).toBe(true);
  });
});
