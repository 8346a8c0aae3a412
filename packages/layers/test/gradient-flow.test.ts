import {
  type Tensor,
  SELU_ALPHA,
  SELU_SCALE,
  grad,
  randomNormal,
  randomUniform,
  tanh,
  tensor,
} from '@gradflow/autodiff';
import { describe, expect, it } from 'vitest';
import {
  Activation,
  Dense,
  type LayerFlow,
  Sequential,
  SATURATION_THRESHOLD,
  activationSaturation,
  gradientFlow,
  initializers,
  losses,
} from '../src/index.js';

const seeded = (id: string, seed: number) => initializers.get(id, { seed });

/** Euclidean norm and population standard deviation, accumulated in float64. */
function stats(t: Tensor): { norm: number; std: number; mean: number } {
  const d = Array.from(t.data());
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  return {
    norm: Math.sqrt(d.reduce((a, b) => a + b * b, 0)),
    mean,
    std: Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length),
  };
}

/** A float64 model mixing Dense layers with and without activation and an Activation layer. */
function smallModel(compile = true) {
  const m = new Sequential({
    name: 'small',
    layers: [
      new Dense({
        units: 5,
        activation: 'tanh',
        inputShape: [3],
        name: 'd0',
        dtype: 'float64',
        kernelInitializer: seeded('glorot_normal', 1),
        biasInitializer: seeded('random_normal', 2),
      }),
      new Dense({
        units: 4,
        name: 'd1',
        dtype: 'float64',
        kernelInitializer: seeded('he_normal', 3),
      }),
      new Activation({ activation: 'relu', name: 'a1', dtype: 'float64' }),
      new Dense({
        units: 2,
        name: 'out',
        dtype: 'float64',
        useBias: false,
        kernelInitializer: seeded('glorot_uniform', 4),
      }),
    ],
  });
  if (compile) m.compile({ optimizer: 'sgd', loss: 'mean_squared_error' });
  const x = randomNormal([6, 3], { seed: 5, dtype: 'float64' });
  const y = randomNormal([6, 2], { seed: 6, dtype: 'float64' });
  return { m, x, y };
}

/** A one-unit layer y = f(x) (kernel 1, bias 0), so that the pre-activations are exactly x. */
function identityLayer(activation: string | ((x: Tensor) => Tensor), x: number[]) {
  const m = new Sequential([
    new Dense({
      units: 1,
      inputShape: [1],
      activation,
      kernelInitializer: 'ones',
      dtype: 'float64',
    }),
  ]);
  return gradientFlow(
    m,
    tensor(
      x.map((v) => [v]),
      { dtype: 'float64' },
    ),
    tensor(
      x.map(() => [0]),
      { dtype: 'float64' },
    ),
    { loss: 'mse' },
  ).layers[0]!;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('gradientFlow: the numbers', () => {
  it('gives one entry per layer, first layer first, with the contract fields', () => {
    const { m, x, y } = smallModel();
    const r = gradientFlow(m, x, y);
    expect(r.layers.map((l) => l.name)).toEqual(['d0', 'd1', 'a1', 'out']);
    expect(r.layers.map((l) => l.index)).toEqual([0, 1, 2, 3]);
    expect(r.layers.map((l) => l.className)).toEqual(['Dense', 'Dense', 'Activation', 'Dense']);
    expect(r.layers.map((l) => l.activation)).toEqual(['tanh', 'linear', 'relu', 'linear']);
    expect(r.layers.map((l) => l.units)).toEqual([5, 4, 4, 2]);
    for (const l of r.layers) {
      for (const k of [
        'name',
        'activationMean',
        'activationStd',
        'saturatedFraction',
        'outputGradNorm',
        'kernelGradNorm',
      ] as const)
        expect(l).toHaveProperty(k);
    }
    expect(r.samples).toBe(6);
    expect(r.lossName).toBe('mean_squared_error');
    expect(r.saturationThreshold).toBe(SATURATION_THRESHOLD);
  });

  it('is plain JSON data: a round trip through JSON.stringify changes nothing', () => {
    const { m, x, y } = smallModel();
    const r = gradientFlow(m, x, y);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    const leaves = (v: unknown): unknown[] =>
      v !== null && typeof v === 'object' ? Object.values(v).flatMap(leaves) : [v];
    for (const v of leaves(r))
      expect(
        v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)),
      ).toBe(true);
    expect(Object.getPrototypeOf(r.layers[0])).toBe(Object.prototype);
  });

  it('the loss is the compiled loss of the model on (x, y), as evaluate gives it', () => {
    const { m, x, y } = smallModel();
    expect(rel(gradientFlow(m, x, y).loss, m.evaluate(x, y) as number)).toBeLessThan(1e-12);
  });

  it('kernel and bias gradient norms equal those of a direct grad of the loss w.r.t. the parameters', () => {
    const { m, x, y } = smallModel();
    const r = gradientFlow(m, x, y);
    const g = grad((p: Tensor[][]) => m.computeLoss(p, x, y))(m.parameters()) as Tensor[][];
    expect(rel(r.layers[0]!.kernelGradNorm!, stats(g[0]![0]!).norm)).toBeLessThan(1e-12);
    expect(rel(r.layers[0]!.kernelGradStd!, stats(g[0]![0]!).std)).toBeLessThan(1e-12);
    expect(rel(r.layers[0]!.biasGradNorm!, stats(g[0]![1]!).norm)).toBeLessThan(1e-12);
    expect(rel(r.layers[1]!.kernelGradNorm!, stats(g[1]![0]!).norm)).toBeLessThan(1e-12);
    expect(rel(r.layers[3]!.kernelGradNorm!, stats(g[3]![0]!).norm)).toBeLessThan(1e-12);
    // An Activation layer has no weights; Dense without bias has no bias gradient.
    expect(r.layers[2]).toMatchObject({
      kernelGradNorm: null,
      kernelGradStd: null,
      kernelGradRatio: null,
      kernelStd: null,
      biasGradNorm: null,
    });
    expect(r.layers[3]!.biasGradNorm).toBeNull();
    expect(rel(r.layers[1]!.kernelStd!, stats(m.layers[1]!.getWeights()[0]!).std)).toBeLessThan(
      1e-12,
    );
  });

  it("output gradient norms equal the gradient of the rest of the network w.r.t. that layer's output", () => {
    const { m, x, y } = smallModel();
    const r = gradientFlow(m, x, y);
    const params = m.parameters();
    const layers = m.layers;
    const outputs = m.forward(params, x).layers.map((l) => l.output);
    const mse = losses.get('mean_squared_error');
    layers.forEach((_, i) => {
      // L(a_i): the layers after i applied to a_i, then the loss; no probes involved.
      const rest = (a: Tensor) =>
        mse.call(
          y,
          layers.slice(i + 1).reduce((h, l, k) => l.forward(params[i + 1 + k]!, h).output, a),
        );
      const g = grad(rest)(tensor(outputs[i]!)) as Tensor;
      expect(rel(r.layers[i]!.outputGradNorm, stats(g).norm)).toBeLessThan(1e-12);
      expect(rel(r.layers[i]!.outputGradStd, stats(g).std)).toBeLessThan(1e-12);
    });
    // At the last layer of an MSE model the gradient is 2 (out - y) / (samples · units).
    const out = outputs[3]!.data();
    const yd = y.data();
    const closed = Math.sqrt(
      Array.from(out).reduce((s, o, k) => s + ((2 * (o - yd[k]!)) / 12) ** 2, 0),
    );
    expect(rel(r.layers[3]!.outputGradNorm, closed)).toBeLessThan(1e-12);
  });

  it("the pre-activation gradient is the output gradient times f' (tanh: 1 - tanh²)", () => {
    const { m, x, y } = smallModel();
    const r = gradientFlow(m, x, y);
    const params = m.parameters();
    const z = m.forward(params, x).layers[0]!.preActivation;
    const layers = m.layers;
    const mse = losses.get('mean_squared_error');
    const fromPre = (zz: Tensor) =>
      mse.call(
        y,
        layers.slice(1).reduce((h, l, k) => l.forward(params[1 + k]!, h).output, tanh(zz)),
      );
    expect(
      rel(r.layers[0]!.preActivationGradNorm, stats(grad(fromPre)(tensor(z)) as Tensor).norm),
    ).toBeLessThan(1e-12);
    // A layer without activation: the two gradients are the same.
    expect(rel(r.layers[1]!.preActivationGradNorm, r.layers[1]!.outputGradNorm)).toBeLessThan(
      1e-12,
    );
  });

  it("activation statistics are the moments of each layer's output and pre-activation", () => {
    const { m, x, y } = smallModel();
    const r = gradientFlow(m, x, y);
    const fwd = m.forward(m.parameters(), x).layers;
    fwd.forEach((l, i) => {
      const a = stats(l.output);
      const z = stats(l.preActivation);
      const f = r.layers[i]!;
      expect(f.activationMean).toBeCloseTo(a.mean, 12);
      expect(f.activationStd).toBeCloseTo(a.std, 12);
      expect(f.activationSecondMoment).toBeCloseTo(a.std ** 2 + a.mean ** 2, 12);
      expect(f.preActivationMean).toBeCloseTo(z.mean, 12);
      expect(f.preActivationStd).toBeCloseTo(z.std, 12);
    });
  });

  it('ratios are to the last layer (kernels: to the last layer that has one)', () => {
    const m = new Sequential([
      new Dense({
        units: 4,
        activation: 'relu',
        inputShape: [2],
        kernelInitializer: seeded('he_normal', 1),
      }),
      new Dense({ units: 1, kernelInitializer: seeded('glorot_uniform', 2) }),
      new Activation('sigmoid'),
    ]);
    m.compile({ loss: 'binary_crossentropy' });
    const x = randomNormal([8, 2], { seed: 3 });
    const y = randomUniform([8, 1], { seed: 4 });
    const r = gradientFlow(m, x, y);
    const [a, b, c] = r.layers as [LayerFlow, LayerFlow, LayerFlow];
    expect(c.outputGradRatio).toBe(1);
    expect(a.outputGradRatio).toBeCloseTo(a.outputGradNorm / c.outputGradNorm, 12);
    expect(b.kernelGradRatio).toBe(1);
    expect(a.kernelGradRatio).toBeCloseTo(a.kernelGradNorm! / b.kernelGradNorm!, 12);
    expect(c.kernelGradRatio).toBeNull();
  });

  it('measures without changing the model', () => {
    const { m, x, y } = smallModel();
    const before = m.getWeights().map((w) => Array.from(w.data()));
    const first = gradientFlow(m, x, y);
    expect(m.getWeights().map((w) => Array.from(w.data()))).toEqual(before);
    expect(gradientFlow(m, x, y)).toEqual(first);
  });

  it('works in float32 and with nested arrays as data', () => {
    const m = new Sequential([
      new Dense({
        units: 3,
        activation: 'sigmoid',
        inputShape: [2],
        kernelInitializer: seeded('glorot_uniform', 1),
      }),
      new Dense({ units: 1 }),
    ]);
    m.compile({ loss: 'mse' });
    const r = gradientFlow(
      m,
      [
        [1, 2],
        [3, 4],
      ],
      [[1], [0]],
    );
    expect(r.samples).toBe(2);
    expect(r.layers[0]!.saturatedFraction).toBeGreaterThanOrEqual(0);
    expect(r.layers[0]!.saturatedFraction).toBeLessThanOrEqual(1);
    expect(r.layers[0]!.kernelGradNorm).toBeGreaterThan(0);
  });
});

describe('gradientFlow: saturation', () => {
  it('relu with every pre-activation negative is 100% saturated and 100% dead; the linear layer after it 0%', () => {
    const m = new Sequential([
      new Dense({
        units: 3,
        activation: 'relu',
        inputShape: [2],
        kernelInitializer: { class_name: 'Constant', config: { value: -1 } },
      }),
      new Dense({ units: 1 }),
    ]);
    m.compile({ loss: 'mse' });
    const x = randomUniform([10, 2], { minval: 0.1, maxval: 1, seed: 1 });
    const r = gradientFlow(m, x, randomNormal([10, 1], { seed: 2 }));
    expect(r.layers[0]).toMatchObject({
      saturatedFraction: 1,
      deadFraction: 1,
      saturation: 'elementwise',
      maxDerivative: 1,
    });
    expect(r.layers[1]).toMatchObject({
      saturatedFraction: 0,
      deadFraction: 0,
      saturation: 'linear',
      maxDerivative: 1,
    });
    // Nothing flows back through dead units: the first kernel gets no gradient at all.
    expect(r.layers[0]!.kernelGradNorm).toBe(0);
  });

  it("relu'(0) = 0, so exactly-zero pre-activations count as dead; positive ones are not saturated", () => {
    expect(identityLayer('relu', [-2, -1e-9, 0, 1e-9, 3])).toMatchObject({
      saturatedFraction: 3 / 5,
      deadFraction: 3 / 5,
    });
  });

  it("sigmoid: saturated where σ'(z) = σ(1-σ) < 0.05 · 1/4, i.e. |z| > 4.36", () => {
    // σ(1-σ) = 0.0125 at |z| = ln((1 + √0.95) / (1 - √0.95)) = 4.3636...
    const edge = Math.log((1 + Math.sqrt(0.95)) / (1 - Math.sqrt(0.95)));
    const l = identityLayer('sigmoid', [
      -10,
      -edge - 0.01,
      -edge + 0.01,
      -1,
      0,
      2,
      edge - 0.01,
      edge + 0.01,
      30,
    ]);
    expect(l.maxDerivative).toBeCloseTo(0.25, 12);
    expect(l.saturatedFraction).toBeCloseTo(4 / 9, 12);
    expect(l.deadFraction).toBe(0);
  });

  it('tanh: saturated where 1 - tanh²(z) < 0.05, i.e. |z| > atanh(√0.95) = 2.18', () => {
    const edge = Math.atanh(Math.sqrt(0.95));
    expect(
      identityLayer('tanh', [-edge - 0.01, -edge + 0.01, 0, edge - 0.01, edge + 0.01, 5]),
    ).toMatchObject({ saturatedFraction: 3 / 6, maxDerivative: 1 });
  });

  it('the threshold is an option: with 0.5, tanh units with |z| > atanh(√0.5) are saturated', () => {
    const m = new Sequential([
      new Dense({
        units: 1,
        inputShape: [1],
        activation: 'tanh',
        kernelInitializer: 'ones',
        dtype: 'float64',
      }),
    ]);
    const x = tensor([[0], [0.8], [0.9], [2]], { dtype: 'float64' });
    const r = gradientFlow(m, x, tensor([[0], [0], [0], [0]]), {
      loss: 'mse',
      saturationThreshold: 0.5,
    });
    expect(Math.atanh(Math.sqrt(0.5))).toBeCloseTo(0.8814, 4);
    expect(r.layers[0]!.saturatedFraction).toBe(2 / 4);
    expect(r.saturationThreshold).toBe(0.5);
  });

  it('softmax mixes the units of a sample: no saturated fraction, saying why', () => {
    const m = new Sequential([
      new Dense({ units: 3, inputShape: [2], kernelInitializer: seeded('glorot_uniform', 1) }),
      new Activation('softmax'),
    ]);
    m.compile({ loss: 'categorical_crossentropy' });
    const r = gradientFlow(m, randomNormal([4, 2], { seed: 1 }), [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(r.layers[1]).toMatchObject({
      saturatedFraction: null,
      deadFraction: null,
      saturation: 'not-elementwise',
      maxDerivative: null,
    });
    expect(r.layers[1]!.outputGradNorm).toBeGreaterThan(0);
  });

  it('an unbounded derivative (exponential) has no "5% of the maximum"', () => {
    expect(identityLayer('exponential', [-30, 0, 1])).toMatchObject({
      saturatedFraction: null,
      saturation: 'unbounded-derivative',
      maxDerivative: null,
    });
  });

  it('a custom elementwise activation works too: 2·tanh has max derivative 2', () => {
    const twice = (x: Tensor) => tanh(x).mul(2);
    const edge = Math.atanh(Math.sqrt(0.95));
    expect(identityLayer(twice, [0, edge + 0.01])).toMatchObject({
      saturation: 'elementwise',
      maxDerivative: 2,
      saturatedFraction: 1 / 2,
    });
  });

  it("each activation's maximum derivative: sigmoid 1/4, tanh 1, relu 1, hard_sigmoid 1/6, selu λα (at 0⁻), gelu 1.129", () => {
    const max = (id: string) => activationSaturation(activationOf(id)).maxDerivative;
    expect(max('sigmoid')).toBeCloseTo(0.25, 12);
    expect(max('tanh')).toBeCloseTo(1, 12);
    expect(max('relu')).toBe(1);
    expect(max('hard_sigmoid')).toBeCloseTo(1 / 6, 12);
    expect(max('selu')).toBeCloseTo(SELU_SCALE * SELU_ALPHA, 12);
    // gelu'(x) = Φ(x) + x φ(x) peaks at x = √2, where it is Φ(√2) + √2 φ(√2) = 1.1289...
    expect(max('gelu')).toBeCloseTo(1.1289, 3);
    expect(activationSaturation(activationOf('linear'))).toEqual({
      rule: 'linear',
      maxDerivative: 1,
    });
    for (const id of ['softmax', 'log_softmax', 'sparsemax', 'glu'])
      expect(activationSaturation(activationOf(id)).rule).toBe('not-elementwise');
  });
});

/** The activation function of a layer built with this id (the same function the layer uses). */
function activationOf(id: string): (x: Tensor) => Tensor {
  return new Activation(id).activation;
}

describe('gradientFlow: errors', () => {
  const x = [[1, 2, 3]];
  const y = [[1, 2]];

  it('an uncompiled model needs the loss option', () => {
    const { m, x: xs, y: ys } = smallModel(false);
    expect(() => gradientFlow(m, xs, ys)).toThrow(
      /gradientFlow: model "small" is not compiled.*\{ loss: 'mean_squared_error' \}/,
    );
    const compiled = smallModel(true);
    expect(gradientFlow(m, xs, ys, { loss: 'mean_squared_error' })).toEqual(
      gradientFlow(compiled.m, xs, ys),
    );
  });

  it('the loss option overrides the compiled loss', () => {
    const { m, x: xs, y: ys } = smallModel();
    const r = gradientFlow(m, xs, ys, { loss: 'mean_absolute_error' });
    expect(r.lossName).toBe('mean_absolute_error');
    expect(() => gradientFlow(m, xs, ys, { loss: 'nope' })).toThrow(
      /gradientFlow: options.loss: .*unknown loss "nope"/,
    );
  });

  it('an unbuilt or empty model is an error, and nothing is built', () => {
    const lazy = new Sequential({ name: 'lazy', layers: [new Dense({ units: 2 })] });
    lazy.compile({ loss: 'mse' });
    expect(() => gradientFlow(lazy, x, y)).toThrow(
      /gradientFlow: model "lazy" is not built.*inputShape.*build/,
    );
    expect(lazy.built).toBe(false);
    expect(() => gradientFlow(new Sequential({ name: 'empty' }), x, y)).toThrow(
      /gradientFlow: model "empty" has no layers/,
    );
  });

  it('shapes: x against the model, y against x and the output', () => {
    const { m } = smallModel();
    expect(() => gradientFlow(m, [[1, 2]], [[1, 2]])).toThrow(
      /gradientFlow: x has shape \[1, 2\] but model "small" expects inputs of shape \[null, 3\]/,
    );
    expect(() => gradientFlow(m, [1, 2, 3], [[1, 2]])).toThrow(
      /gradientFlow: x must have a batch axis and a feature axis .*got shape \[3\]/,
    );
    expect(() =>
      gradientFlow(
        m,
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        y,
      ),
    ).toThrow(
      /gradientFlow: x and y must have the same number of samples; x has 2 \(shape \[2, 3\]\) and y has 1 \(shape \[1, 2\]\)/,
    );
    expect(() => gradientFlow(m, x, [[1, 2, 3]])).toThrow(
      /gradientFlow: y \(shape \[1, 3\]\) does not suit the model's output \[null, 2\] and the loss mean_squared_error/,
    );
    expect(() => gradientFlow(m, [[1, NaN, 3]], y)).toThrow(
      /gradientFlow: x contains a non-finite value \(NaN\) at flat index 1/,
    );
    expect(() => gradientFlow(m, 'x' as never, y)).toThrow(/gradientFlow: x must be a Tensor/);
  });

  it('options and the model argument are checked', () => {
    const { m } = smallModel();
    expect(() => gradientFlow(m, x, y, { threshold: 0.1 } as never)).toThrow(
      /gradientFlow: unknown option "threshold"; valid options: loss, saturationThreshold/,
    );
    expect(() => gradientFlow(m, x, y, { saturationThreshold: 1 })).toThrow(
      /gradientFlow: saturationThreshold must be a number in \(0, 1\), got 1/,
    );
    expect(() => gradientFlow({} as never, x, y)).toThrow(
      /gradientFlow: expects a Sequential model, got an object/,
    );
  });
});

describe('README: Gradient flow', () => {
  it('the Tour snippet: a sigmoid network with N(0, 1) weights saturates most first-layer units', () => {
    const model = new Sequential([
      new Dense({
        units: 64,
        activation: 'sigmoid',
        inputShape: [64],
        kernelInitializer: { class_name: 'RandomNormal', config: { stddev: 1, seed: 1 } },
      }),
      new Dense({
        units: 64,
        activation: 'sigmoid',
        kernelInitializer: { class_name: 'RandomNormal', config: { stddev: 1, seed: 2 } },
      }),
      new Dense({ units: 1 }),
    ]);
    model.compile({ optimizer: 'sgd', loss: 'mean_squared_error' });
    const flow = gradientFlow(
      model,
      randomNormal([128, 64], { seed: 3 }),
      randomNormal([128, 1], { seed: 4 }),
    );
    expect(flow.layers.length).toBe(3);
    // z has std ≈ √64 = 8, and P(|z| > 4.36) ≈ 0.585 for z ~ N(0, 64).
    expect(flow.layers[0]!.saturatedFraction).toBeGreaterThan(0.5);
    expect(flow.layers[0]!.saturatedFraction).toBeLessThan(0.7);
    expect(flow.layers[0]!.kernelGradRatio).toBeCloseTo(
      flow.layers[0]!.kernelGradNorm! / flow.layers[2]!.kernelGradNorm!,
      10,
    );
  });
});
