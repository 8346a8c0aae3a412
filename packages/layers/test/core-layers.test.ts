import {
  GradflowError,
  grad,
  randomNormal,
  setGlobalSeed,
  tensor,
  type Tensor,
} from '@gradflow/autodiff';
import { describe, expect, it } from 'vitest';
import {
  BatchNormalization,
  Dense,
  Dropout,
  Flatten,
  InputLayer,
  Sequential,
  gradientFlow,
  layers,
} from '../src/index.js';
import { sameBits, values } from './helpers.js';

const ones = (shape: number[]) =>
  tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1), { shape });

function expectError(f: () => unknown, re: RegExp): void {
  expect(f).toThrow(GradflowError);
  expect(f).toThrow(re);
}

describe('Dropout', () => {
  it('is the identity at inference (predict, evaluate, forward without training)', () => {
    const d = new Dropout({ rate: 0.5, seed: 1 });
    const x = randomNormal([4, 5], { seed: 2 });
    expect(sameBits(d.call(x), x)).toBe(true);
    expect(sameBits(d.forward([], x).output, x)).toBe(true);
  });

  it('in training zeroes a fraction rate of the inputs and scales the rest by 1 / (1 - rate)', () => {
    const rate = 0.3;
    const d = new Dropout({ rate, seed: 3 });
    const n = 20000;
    const out = values(d.forward([], ones([n, 1]), null, true).output);
    const zeros = out.filter((v) => v === 0).length;
    expect(out.every((v) => v === 0 || v === Math.fround(1 / (1 - rate)))).toBe(true);
    // Binomial(n, rate): 6 standard errors.
    expect(Math.abs(zeros / n - rate)).toBeLessThan(6 * Math.sqrt((rate * (1 - rate)) / n));
  });

  it('a seed makes the sequence of masks reproducible; each pass draws a new mask', () => {
    const x = ones([8, 8]);
    const a = new Dropout({ rate: 0.5, seed: 42 });
    const b = new Dropout({ rate: 0.5, seed: 42 });
    const a1 = a.forward([], x, null, true).output;
    const a2 = a.forward([], x, null, true).output;
    expect(sameBits(a1, b.forward([], x, null, true).output)).toBe(true);
    expect(sameBits(a2, b.forward([], x, null, true).output)).toBe(true);
    expect(sameBits(a1, a2)).toBe(false);
    setGlobalSeed(5);
    const c = new Dropout({ rate: 0.5 }).forward([], x, null, true).output;
    setGlobalSeed(5);
    expect(sameBits(c, new Dropout({ rate: 0.5 }).forward([], x, null, true).output)).toBe(true);
  });

  it('the gradient passes only through the kept units, scaled the same way', () => {
    const d = new Dropout({ rate: 0.5, seed: 9 });
    let mask: Tensor | null = null;
    const g = grad((x: Tensor) => {
      const y = d.forward([], x, null, true).output;
      mask = y;
      return y.sum();
    })(ones([3, 4])) as Tensor;
    expect(values(g)).toEqual(values(mask!));
  });

  it('rate 0 is the identity in training too', () => {
    const x = randomNormal([3, 3], { seed: 1 });
    expect(sameBits(new Dropout({ rate: 0 }).forward([], x, null, true).output, x)).toBe(true);
  });

  it('seeded fit with Dropout is reproducible and differs from fit without it', async () => {
    const x = randomNormal([32, 4], { seed: 1 });
    const y = randomNormal([32, 1], { seed: 2 });
    const make = (rate: number) => {
      const m = new Sequential([
        new Dense({
          units: 8,
          inputShape: [4],
          activation: 'relu',
          kernelInitializer: { class_name: 'HeNormal', config: { seed: 3 } },
        }),
        new Dropout({ rate, seed: 4 }),
        new Dense({
          units: 1,
          kernelInitializer: { class_name: 'GlorotUniform', config: { seed: 5 } },
        }),
      ]);
      m.compile({ optimizer: 'sgd', loss: 'mse' });
      return m;
    };
    const [a, b, c] = [make(0.5), make(0.5), make(0)];
    for (const m of [a, b, c]) await m.fit(x, y, { epochs: 2, batchSize: 8, seed: 6 });
    const same = (p: Sequential, q: Sequential) =>
      p.getWeights().every((w, i) => sameBits(w, q.getWeights()[i]!));
    expect(same(a, b)).toBe(true);
    expect(same(a, c)).toBe(false);
    // evaluate runs at inference: deterministic, equal to the loss of predict.
    const e1 = a.evaluate(x, y) as number;
    expect(a.evaluate(x, y)).toBe(e1);
  });

  it('getConfig / fromConfig round-trips; bad rates and noise shapes are errors', () => {
    const d = new Dropout({ rate: 0.25, seed: 7, name: 'drop' });
    expect(d.getConfig()).toEqual({
      name: 'drop',
      trainable: true,
      dtype: 'float32',
      rate: 0.25,
      seed: 7,
      noise_shape: null,
    });
    expect(Dropout.fromConfig(d.getConfig()).getConfig()).toEqual(d.getConfig());
    expect(layers.deserialize({ class_name: 'Dropout', config: { rate: 0.1 } })).toBeInstanceOf(
      Dropout,
    );
    expectError(() => new Dropout({ rate: 1 }), /rate must be a number in \[0, 1\), got 1/);
    expectError(() => new Dropout({ rate: -0.1 }), /rate must be a number in \[0, 1\)/);
    expectError(() => new Dropout(undefined as never), /expects options such as \{ rate: 0.5 \}/);
    expectError(() => new Dropout({ rate: 0.1, seed: 1.5 }), /seed must be an integer/);
    expectError(
      () => Dropout.fromConfig({ rate: 0.5, noise_shape: [null, 1] }),
      /noise_shape is not supported/,
    );
  });
});

describe('Flatten', () => {
  it('flattens every axis but the batch axis, row-major', () => {
    const f = new Flatten({ inputShape: [2, 3] });
    expect(f.outputShape).toEqual([null, 6]);
    const x = tensor([
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [
        [7, 8, 9],
        [10, 11, 12],
      ],
    ]);
    expect(f.call(x).toArray()).toEqual([
      [1, 2, 3, 4, 5, 6],
      [7, 8, 9, 10, 11, 12],
    ]);
    expect(f.computeOutputShape([null, 2, null])).toEqual([null, null]);
  });

  it('works inside a model with fit, predict and gradientFlow', async () => {
    const model = new Sequential([
      new Flatten({ inputShape: [2, 2] }),
      new Dense({ units: 1, kernelInitializer: 'ones' }),
    ]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = tensor([
      [
        [1, 2],
        [3, 4],
      ],
    ]);
    expect(model.predict(x).toArray()).toEqual([[10]]);
    await model.fit(x, [[0]], { epochs: 1 });
    expect(gradientFlow(model, x, [[0]]).layers.map((l) => l.units)).toEqual([4, 1]);
  });

  it('config round-trips; channels_first is refused', () => {
    const f = new Flatten({ name: 'flat' });
    expect(f.getConfig()).toEqual({
      name: 'flat',
      trainable: true,
      dtype: 'float32',
      data_format: 'channels_last',
    });
    expect(Flatten.fromConfig(f.getConfig()).getConfig()).toEqual(f.getConfig());
    expectError(
      () => Flatten.fromConfig({ data_format: 'channels_first' }),
      /data_format "channels_first" is not supported/,
    );
  });
});

describe('InputLayer', () => {
  it('states the input shape of a Sequential model, which is then built at once', () => {
    const model = new Sequential([new InputLayer({ inputShape: [3] }), new Dense({ units: 2 })]);
    expect(model.built).toBe(true);
    expect(model.inputShape).toEqual([null, 3]);
    expect(model.predict(ones([4, 3])).shape).toEqual([4, 2]);
    expect(model.layers[0]!.getWeights()).toEqual([]);
  });

  it('reads Keras 3 (batch_shape) and Keras 2 / TF.js (batch_input_shape) configs', () => {
    const k3 = InputLayer.fromConfig({
      batch_shape: [null, 5],
      dtype: 'float32',
      sparse: false,
      name: 'in3',
    });
    const k2 = InputLayer.fromConfig({
      batch_input_shape: [8, 2, 3],
      dtype: 'float32',
      sparse: false,
      ragged: false,
      name: 'in2',
    });
    expect(k3.inputShape).toEqual([null, 5]);
    expect(k2.inputShape).toEqual([null, 2, 3]);
    expect(k2.batchSize).toBe(8);
    expect(k3.getConfig()).toEqual({
      batch_shape: [null, 5],
      dtype: 'float32',
      sparse: false,
      name: 'in3',
    });
    expect(new InputLayer({ shape: [4], batchSize: 2 }).getConfig()).toMatchObject({
      batch_shape: [2, 4],
    });
  });

  it('needs exactly one shape and refuses sparse inputs', () => {
    expectError(
      () => new InputLayer({}),
      /needs exactly one of inputShape, shape, batchShape or batchInputShape/,
    );
    expectError(() => new InputLayer({ inputShape: [2], shape: [2] }), /got inputShape and shape/);
    expectError(() => new InputLayer({ batchShape: [null] }), /at least one feature axis/);
    expectError(
      () => new InputLayer({ inputShape: [2], sparse: true }),
      /sparse inputs are not supported/,
    );
  });
});

describe('Sequential config with the new layers', () => {
  it('round-trips through getConfig / fromConfig with the same predictions after setWeights', () => {
    const model = new Sequential([
      new InputLayer({ inputShape: [2, 2] }),
      new Flatten(),
      new Dense({ units: 3, activation: 'tanh' }),
      new BatchNormalization(),
      new Dropout({ rate: 0.5, seed: 1 }),
      new Dense({ units: 1 }),
    ]);
    const again = Sequential.fromConfig(JSON.parse(JSON.stringify(model.getConfig())));
    expect(again.layers.map((l) => l.className)).toEqual([
      'InputLayer',
      'Flatten',
      'Dense',
      'BatchNormalization',
      'Dropout',
      'Dense',
    ]);
    again.setWeights(model.getWeights());
    const x = randomNormal([5, 2, 2], { seed: 3 });
    expect(sameBits(again.predict(x), model.predict(x))).toBe(true);
    expect(again.getConfig()).toEqual(model.getConfig());
  });
});
