import { GradflowError, activations, randomUniform, type Tensor } from '@gradflow/autodiff';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Activation,
  BatchNormalization,
  Dense,
  Dropout,
  Flatten,
  InputLayer,
  Sequential,
  toOnnx,
} from '../src/index.js';
import { ProtoWriter } from '../src/saving/onnx/protobuf.js';
import { maxAbsDiff } from './tfjs.js';

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
});

/** Runs ONNX bytes in ONNX Runtime (wasm) on x. */
async function runOnnx(bytes: Uint8Array, x: Tensor): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const input = new ort.Tensor('float32', Float32Array.from(x.data()), x.shape.slice());
    const out = await session.run({ input });
    return out.output!.data as Float32Array;
  } finally {
    await session.release();
  }
}

/** max |a - b| / max(1, |b|): absolute for small values, relative for large ones (exponential). */
function maxScaledDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++)
    m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return m;
}

const x = randomUniform([16, 4], { minval: -3, maxval: 3, seed: 21 });
const worst: Record<string, number> = {};
afterAll(() => {
  console.log('max scaled |prediction difference| against ONNX Runtime:', JSON.stringify(worst));
});

describe('ProtoWriter', () => {
  it('encodes varints, negative int64s, floats, strings and sub-messages as protobuf does', () => {
    expect(Array.from(new ProtoWriter().int(1, 300).finish())).toEqual([0x08, 0xac, 0x02]);
    expect(Array.from(new ProtoWriter().int(2, -1).finish())).toEqual([
      0x10,
      ...Array(9).fill(0xff),
      0x01,
    ]);
    expect(Array.from(new ProtoWriter().float(2, 1).finish())).toEqual([0x15, 0, 0, 0x80, 0x3f]);
    expect(Array.from(new ProtoWriter().string(4, 'Relu').finish())).toEqual([
      0x22, 4, 82, 101, 108, 117,
    ]);
    expect(Array.from(new ProtoWriter().message(7, (w) => w.int(1, 1)).finish())).toEqual([
      0x3a, 2, 0x08, 1,
    ]);
  });
});

describe('toOnnx in ONNX Runtime', () => {
  const exportable = activations.list().filter((id) => id !== 'sparsemax');

  for (const opset of [17, 18, 20]) {
    it(`every activation but sparsemax gives gradflow's predictions (opset ${opset})`, async () => {
      let m = 0;
      for (const id of exportable) {
        if (id === 'glu' && opset < 18) continue;
        const model = new Sequential([
          new Dense({
            units: 6,
            inputShape: [4],
            kernelInitializer: { class_name: 'GlorotUniform', config: { seed: 3 } },
            biasInitializer: 'ones',
          }),
          new Activation(id),
        ]);
        const d = maxScaledDiff(
          await runOnnx(toOnnx(model, { opset }), x),
          model.predict(x).data(),
        );
        if (d > 1e-5) throw new Error(`${id} (opset ${opset}): difference ${d}`);
        m = Math.max(m, d);
      }
      worst[`activations_opset${opset}`] = m;
    });
  }

  it('an MLP with InputLayer, Flatten, BatchNormalization and Dropout, any batch size', async () => {
    const model = new Sequential([
      new InputLayer({ inputShape: [2, 2] }),
      new Flatten(),
      new Dense({
        units: 8,
        activation: 'relu',
        kernelInitializer: { class_name: 'HeNormal', config: { seed: 1 } },
      }),
      new BatchNormalization(),
      new Dropout({ rate: 0.5, seed: 2 }),
      new Dense({
        units: 3,
        activation: 'softmax',
        kernelInitializer: { class_name: 'GlorotUniform', config: { seed: 4 } },
      }),
    ]);
    model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy' });
    const xs = randomUniform([24, 2, 2], { seed: 5 });
    const ys = randomUniform([24, 3], { seed: 6 });
    await model.fit(xs, ys, { epochs: 2, batchSize: 8, seed: 7 });
    const bytes = toOnnx(model);
    for (const n of [1, 24]) {
      const part = n === 24 ? xs : randomUniform([n, 2, 2], { seed: 8 });
      const d = maxAbsDiff(await runOnnx(bytes, part), model.predict(part).data());
      worst[`mlp_batch${n}`] = d;
      expect(d).toBeLessThanOrEqual(1e-5);
    }
  });

  it('BatchNormalization on a non-last axis and without center/scale', async () => {
    const model = new Sequential([
      new BatchNormalization({ axis: 1, inputShape: [3, 2], center: false }),
      new BatchNormalization({ scale: false }),
      new Flatten(),
    ]);
    model.layers[0]!.setWeights([
      [2, 3, 4],
      [0.5, -1, 2],
      [1, 2, 0.5],
    ]);
    model.layers[1]!.setWeights([
      [0.1, 0.2],
      [-1, 1],
      [3, 4],
    ]);
    const xs = randomUniform([5, 3, 2], { seed: 9 });
    const d = maxAbsDiff(await runOnnx(toOnnx(model), xs), model.predict(xs).data());
    worst.batchNormAxes = d;
    expect(d).toBeLessThanOrEqual(1e-5);
  });

  it('refuses what it cannot export, by name', () => {
    const built = (act: unknown) =>
      new Sequential([new Dense({ units: 2, inputShape: [2], activation: act as string })]);
    const cases: [() => unknown, RegExp][] = [
      [() => toOnnx(built('sparsemax')), /activation "sparsemax" has no ONNX form/],
      [
        () => toOnnx(built('glu'), { opset: 17 }),
        /activation "glu" has no ONNX form before opset 18/,
      ],
      [() => toOnnx(built((t: Tensor) => t.mul(2))), /has no ONNX form \(custom functions/],
      [
        () => toOnnx(built('relu'), { opset: 13 }),
        /opset must be an integer from 17 to 21, got 13/,
      ],
      [() => toOnnx(new Sequential([new Dense({ units: 1 })])), /is not built/],
      [() => toOnnx({} as never), /expects a Sequential model/],
    ];
    for (const [f, re] of cases) {
      expect(f).toThrow(GradflowError);
      expect(f).toThrow(re);
    }
  });
});
