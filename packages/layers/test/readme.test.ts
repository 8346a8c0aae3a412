// The root README's "Models in and out" Tour snippet, run as written (with a temporary folder
// instead of ./my-model).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomNormal } from '@gradflow/autodiff';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { gradientFlow, loadModel, toOnnx } from '../src/index.js';
import { sameBits } from './helpers.js';
import { maxAbsDiff, tf, tfjsCpu } from './tfjs.js';

describe('README Tour: models in and out', () => {
  it('loads a TF.js model, reads its gradient flow, saves, reloads and exports it', async () => {
    await tfjsCpu();
    const dir = await mkdtemp(join(tmpdir(), 'gradflow-readme-'));
    try {
      const theirs = tf.sequential({
        layers: [
          tf.layers.dense({ units: 16, inputShape: [8], activation: 'sigmoid' }),
          tf.layers.batchNormalization(),
          tf.layers.dropout({ rate: 0.2 }),
          tf.layers.dense({ units: 1 }),
        ],
      });
      let artifacts: tf.io.ModelArtifacts | undefined;
      await theirs.save(
        tf.io.withSaveHandler(async (a) => {
          artifacts = a;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      );

      const model = await loadModel(tf.io.fromMemory(artifacts!) as never);
      const x = randomNormal([64, 8], { seed: 1 });
      const flow = gradientFlow(model, x, randomNormal([64, 1], { seed: 2 }), {
        loss: 'mean_squared_error',
      });
      expect(flow.layers.map((l) => l.className)).toEqual([
        'Dense',
        'BatchNormalization',
        'Dropout',
        'Dense',
      ]);
      expect(flow.layers[0]!.saturatedFraction).toBeGreaterThanOrEqual(0);
      expect(flow.layers[0]!.saturatedFraction).toBeLessThanOrEqual(1);
      const tfPrediction = (
        theirs.predict(tf.tensor(Array.from(x.data()), [64, 8])) as tf.Tensor
      ).dataSync();
      expect(maxAbsDiff(model.predict(x).data(), tfPrediction)).toBeLessThanOrEqual(1e-5);

      await model.save(`file://${join(dir, 'my-model')}`);
      const again = await loadModel(`file://${join(dir, 'my-model', 'model.json')}`);
      expect(sameBits(again.predict(x), model.predict(x))).toBe(true);
      const onnx = toOnnx(again);
      const session = await ort.InferenceSession.create(onnx);
      const out = await session.run({
        input: new ort.Tensor('float32', Float32Array.from(x.data()), [64, 8]),
      });
      await session.release();
      expect(
        maxAbsDiff(out.output!.data as Float32Array, again.predict(x).data()),
      ).toBeLessThanOrEqual(1e-5);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
