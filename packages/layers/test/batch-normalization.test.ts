import { GradflowError, randomNormal, tensor, type Tensor } from '@gradflow/autodiff';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchNormalization, Dense, SGD, Sequential, gradientFlow, layers } from '../src/index.js';
import { values } from './helpers.js';
import { maxAbsDiff, tf, tfjsCpu, toTf } from './tfjs.js';

const EPS = 1e-3;

/** Two features: [1, 3] (mean 2, variance 1) and [0, 4] (mean 2, variance 4). */
const X = tensor([
  [1, 0],
  [3, 4],
]);

function built(options: ConstructorParameters<typeof BatchNormalization>[0] = {}) {
  const bn = new BatchNormalization({ inputShape: [2], ...options });
  return bn;
}

describe('BatchNormalization: hand-computed values', () => {
  it('has Keras 3 defaults and weights gamma, beta, moving_mean, moving_variance', () => {
    const bn = built({ name: 'bn' });
    expect([bn.axis, bn.momentum, bn.epsilon, bn.center, bn.scale]).toEqual([
      -1,
      0.99,
      1e-3,
      true,
      true,
    ]);
    expect(bn.weightNames()).toEqual([
      'bn/gamma',
      'bn/beta',
      'bn/moving_mean',
      'bn/moving_variance',
    ]);
    expect(bn.weightTrainable()).toEqual([true, true, false, false]);
    expect(bn.getWeights().map(values)).toEqual([
      [1, 1],
      [0, 0],
      [0, 0],
      [1, 1],
    ]);
  });

  it('training normalizes with the batch mean and biased variance and returns the blended moving statistics', () => {
    const bn = built();
    bn.setWeights([
      [2, 1],
      [0.5, 0],
      [0, 0],
      [1, 1],
    ]);
    const r = bn.forward(bn.getWeights(), X, null, true);
    const s0 = 1 / Math.sqrt(1 + EPS);
    const s1 = 1 / Math.sqrt(4 + EPS);
    const want = [-2 * s0 + 0.5, -2 * s1, 2 * s0 + 0.5, 2 * s1];
    expect(maxAbsDiff(values(r.output), want)).toBeLessThan(1e-6);
    // moving = moving * 0.99 + batch * 0.01
    expect(r.updates!.map(values)).toEqual([
      [Math.fround(0.02), Math.fround(0.02)],
      [Math.fround(1), Math.fround(0.99 + 0.04)],
    ]);
  });

  it('inference uses the moving statistics, so one sample alone is normalized the same way', () => {
    const bn = built();
    bn.setWeights([
      [2, 1],
      [0.5, 0],
      [1, -1],
      [4, 0.25],
    ]);
    const r = bn.forward(bn.getWeights(), tensor([[3, 0]]));
    const want = [(2 * (3 - 1)) / Math.sqrt(4 + EPS) + 0.5, (0 + 1) / Math.sqrt(0.25 + EPS)];
    expect(maxAbsDiff(values(r.output), want)).toBeLessThan(1e-6);
    expect(r.updates).toBeUndefined();
  });

  it('center: false and scale: false drop beta and gamma', () => {
    const bn = built({ center: false, scale: false, name: 'plain' });
    expect(bn.weightNames()).toEqual(['plain/moving_mean', 'plain/moving_variance']);
    const out = bn.forward(bn.getWeights(), X, null, true).output;
    expect(
      maxAbsDiff(values(out), [
        -1 / Math.sqrt(1 + EPS),
        -2 / Math.sqrt(4 + EPS),
        1 / Math.sqrt(1 + EPS),
        2 / Math.sqrt(4 + EPS),
      ]),
    ).toBeLessThan(1e-6);
  });

  it('axis 1 of a rank-3 input normalizes each channel over batch and positions', () => {
    const bn = new BatchNormalization({ axis: 1, inputShape: [2, 3] });
    expect(bn.getWeights()[0]!.shape).toEqual([2]);
    const x = tensor([
      [
        [0, 1, 2],
        [10, 10, 10],
      ],
    ]);
    const out = bn.forward(bn.getWeights(), x, null, true).output;
    // channel 0: mean 1, variance 2/3; channel 1: constant, so 0
    const s = 1 / Math.sqrt(2 / 3 + EPS);
    expect(maxAbsDiff(values(out), [-s, 0, s, 0, 0, 0])).toBeLessThan(1e-6);
  });

  it('fit applies the moving-average update once per step and the optimizer never touches it', async () => {
    const bn = built({ name: 'bn_fit' });
    const model = new Sequential([bn]);
    model.compile({ optimizer: new SGD({ learningRate: 0.1, momentum: 0.9 }), loss: 'mse' });
    await model.fit(
      X,
      tensor([
        [0, 0],
        [0, 0],
      ]),
      { epochs: 3, batchSize: 2, shuffle: false },
    );
    // batch mean [2, 2], variance [1, 4]: after k steps moving = target + (init - target) 0.99^k
    const k = 0.99 ** 3;
    const [, , mm, mv] = bn.getWeights().map(values);
    expect(maxAbsDiff(mm!, [2 - 2 * k, 2 - 2 * k])).toBeLessThan(1e-6);
    expect(maxAbsDiff(mv!, [1, 4 - 3 * k])).toBeLessThan(1e-6);
    const summary = model.summary({ printFn: () => {} });
    expect(summary).toMatch(/Trainable params: 4 /);
    expect(summary).toMatch(/Non-trainable params: 4 /);
  });

  it('a BatchNormalization layer with trainable = false runs in inference mode in fit', async () => {
    const bn = built({ trainable: false });
    const model = new Sequential([bn]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    await model.fit(X, X, { epochs: 1, batchSize: 2 });
    expect(bn.getWeights().map(values)).toEqual([
      [1, 1],
      [0, 0],
      [0, 0],
      [1, 1],
    ]);
  });

  it('getConfig / fromConfig round-trips, with Keras ids for the initializers', () => {
    const bn = new BatchNormalization({
      name: 'bn_cfg',
      momentum: 0.9,
      epsilon: 1e-5,
      center: false,
      gammaInitializer: 'he_normal',
      movingVarianceInitializer: { class_name: 'Constant', config: { value: 2 } },
    });
    const config = bn.getConfig();
    expect(config).toMatchObject({
      name: 'bn_cfg',
      axis: -1,
      momentum: 0.9,
      epsilon: 1e-5,
      center: false,
      scale: true,
      gamma_initializer: { class_name: 'HeNormal' },
      moving_variance_initializer: { class_name: 'Constant', config: { value: 2 } },
    });
    const again = BatchNormalization.fromConfig(config);
    expect(again.getConfig()).toEqual(config);
    const layer = layers.deserialize({ class_name: 'BatchNormalization', config: { axis: [3] } });
    expect((layer as BatchNormalization).axis).toBe(3);
  });

  it('bad options and configs get a GradflowError naming them', () => {
    const cases: [() => unknown, RegExp][] = [
      [
        () => new BatchNormalization({ momentum: 1.5 }),
        /momentum must be a number in \[0, 1\], got 1.5/,
      ],
      [() => new BatchNormalization({ epsilon: 0 }), /epsilon must be a finite number > 0/],
      [() => new BatchNormalization({ axis: 0.5 }), /axis must be an integer/],
      [
        () => new BatchNormalization({ axis: 0, inputShape: [3] }),
        /axis 0 must name a feature axis/,
      ],
      [
        () => new BatchNormalization({ gammaInitializer: 'nope' }),
        /gammaInitializer: .*unknown initializer "nope"/,
      ],
      [() => new BatchNormalization({ mommentum: 0.9 } as never), /unknown option "mommentum"/],
      [() => BatchNormalization.fromConfig({ axis: [1, 2] }), /only one normalization axis/],
      [
        () => BatchNormalization.fromConfig({ gamma_regularizer: { class_name: 'L2' } }),
        /gamma_regularizer is not supported/,
      ],
      [
        () => built().setWeights([[1], [1], [1], [1]]),
        /weight 0 \(gamma\) must have shape \[2\], got \[1\]/,
      ],
      [
        () => built().call(tensor([[1, 2, 3]])),
        /expects inputs with 2 features on axis -1, got shape \[1, 3\]/,
      ],
    ];
    for (const [f, re] of cases) {
      expect(f).toThrow(GradflowError);
      expect(f).toThrow(re);
    }
  });
});

describe('BatchNormalization against TF.js 4.22', () => {
  beforeAll(async () => {
    await tfjsCpu();
  });

  const x = randomNormal([16, 3], { seed: 7, mean: 1, stddev: 2 });
  const y = randomNormal([16, 1], { seed: 8 });

  function twin() {
    const ours = new Sequential([
      new Dense({
        units: 4,
        inputShape: [3],
        kernelInitializer: { class_name: 'GlorotUniform', config: { seed: 1 } },
      }),
      new BatchNormalization({ momentum: 0.9 }),
      new Dense({
        units: 1,
        kernelInitializer: { class_name: 'GlorotUniform', config: { seed: 2 } },
      }),
    ]);
    // Non-default BN weights, so that every term of the formula matters.
    ours.layers[1]!.setWeights([
      [1.5, 0.5, 2, 1],
      [0.1, -0.2, 0.3, 0.4],
      [0.2, 0, -0.1, 0.5],
      [2, 0.5, 1, 3],
    ]);
    const theirs = tf.sequential({
      layers: [
        tf.layers.dense({ units: 4, inputShape: [3] }),
        tf.layers.batchNormalization({ momentum: 0.9 }),
        tf.layers.dense({ units: 1 }),
      ],
    });
    // Layer by layer: TF.js's model.setWeights orders all trainable weights before the others.
    ours.layers.forEach((l, i) => theirs.layers[i]!.setWeights(l.getWeights().map((w) => toTf(w))));
    return { ours, theirs };
  }

  it('inference and training outputs match within 1e-5', () => {
    const { ours, theirs } = twin();
    const xt = toTf(x);
    const inference = theirs.predict(xt) as tf.Tensor;
    expect(maxAbsDiff(ours.predict(x).data(), inference.dataSync())).toBeLessThan(1e-5);
    const bnOurs = ours.layers[1]!;
    const h = ours.layers[0]!.call(x);
    const training = theirs.layers[1]!.apply(toTf(h), {
      training: true,
    }) as tf.Tensor;
    const mine = bnOurs.forward(bnOurs.getWeights(), h, null, true).output;
    expect(maxAbsDiff(mine.data(), training.dataSync())).toBeLessThan(1e-5);
  });

  it('one SGD fit step gives the same weights and moving statistics', async () => {
    const { ours, theirs } = twin();
    ours.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mean_squared_error' });
    theirs.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    await ours.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false });
    await theirs.fit(toTf(x), toTf(y), {
      epochs: 2,
      batchSize: 8,
      shuffle: false,
      verbose: 0,
    });
    const a = ours.getWeights();
    const b = theirs.layers.flatMap((l) => l.getWeights());
    expect(a.length).toBe(b.length);
    a.forEach((w: Tensor, i) => expect(maxAbsDiff(w.data(), b[i]!.dataSync())).toBeLessThan(1e-5));
  });

  it('gradientFlow measures a model with BatchNormalization in inference and training mode', () => {
    const { ours } = twin();
    const inference = gradientFlow(ours, x, y, { loss: 'mse' });
    const training = gradientFlow(ours, x, y, { loss: 'mse', training: true });
    const before = ours.getWeights().map(values);
    expect(inference.layers.map((l) => l.className)).toEqual([
      'Dense',
      'BatchNormalization',
      'Dense',
    ]);
    // In training the batch statistics make each feature of the BN output have mean beta.
    expect(training.layers[1]!.activationMean).toBeCloseTo((0.1 - 0.2 + 0.3 + 0.4) / 4, 5);
    expect(inference.layers[1]!.activationMean).not.toBeCloseTo((0.1 - 0.2 + 0.3 + 0.4) / 4, 3);
    expect(inference.layers[1]!.kernelGradNorm).toBeNull();
    expect(ours.getWeights().map(values)).toEqual(before);
  });
});
