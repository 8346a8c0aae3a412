import {
  type Tensor,
  activations,
  add,
  checkGrads,
  grad,
  matmul,
  randomNormal,
  relu,
  tensor,
  vjp,
  zeros,
} from '@gradflow/autodiff';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Activation, Dense, GlorotUniform, HeNormal, initializers, layers } from '../src/index.js';
import { sameBits, values } from './helpers.js';

describe('Dense', () => {
  it('builds lazily from the first input: kernel [inputDim, units], bias [units]', () => {
    const d = new Dense({ units: 3 });
    expect(d.built).toBe(false);
    expect(d.inputShape).toBeNull();
    const y = d.call(
      tensor([
        [1, 2, 3, 4, 5],
        [0, 0, 0, 0, 1],
      ]),
    );
    expect(d.built).toBe(true);
    expect(y.shape).toEqual([2, 3]);
    expect(d.getWeights().map((w) => w.shape)).toEqual([[5, 3], [3]]);
    expect(d.inputShape).toEqual([null, 5]);
    expect(d.outputShape).toEqual([null, 3]);
    expect(d.weightNames()).toEqual([`${d.name}/kernel`, `${d.name}/bias`]);
    expect(d.countParams()).toBe(18);
  });

  it('builds at once with inputShape (or inputDim)', () => {
    const d = new Dense({ units: 4, inputShape: [2] });
    expect(d.built).toBe(true);
    expect(d.kernel.shape).toEqual([2, 4]);
    expect(d.bias!.shape).toEqual([4]);
    expect(new Dense({ units: 4, inputDim: 3 }).kernel.shape).toEqual([3, 4]);
    expect(() => new Dense({ units: 4, inputDim: 3, inputShape: [2] })).toThrow(
      /Dense: inputDim 3 contradicts inputShape \[2\]; give one of them/,
    );
  });

  it('computes activation(x · kernel + bias), along the last axis for any rank >= 2', () => {
    const d = new Dense({ units: 2, activation: 'relu', inputShape: [3], dtype: 'float64' });
    d.setWeights([
      [
        [1, -1],
        [2, 0],
        [0, 3],
      ],
      [0.5, -10],
    ]);
    const x = tensor(
      [
        [1, 1, 1],
        [-1, 0, 2],
      ],
      { dtype: 'float64' },
    );
    // row 1: z = [1 + 2 + 0.5, -1 + 3 - 10] = [3.5, -8]; row 2: z = [-1 + 0.5, 1 + 6 - 10] = [-0.5, -3]
    expect(d.call(x).toArray()).toEqual([
      [3.5, 0],
      [0, 0],
    ]);
    const x3 = randomNormal([2, 4, 3], { seed: 1, dtype: 'float64' });
    const y3 = d.call(x3);
    expect(y3.shape).toEqual([2, 4, 2]);
    expect(sameBits(y3, relu(add(matmul(x3, d.kernel), d.bias!)))).toBe(true);
  });

  it("defaults to Keras's glorot_uniform kernel, zeros bias, linear activation", () => {
    const d = new Dense({ units: 5, inputShape: [7] });
    expect(d.kernelInitializer).toBeInstanceOf(GlorotUniform);
    expect(values(d.bias!)).toEqual([0, 0, 0, 0, 0]);
    const limit = Math.sqrt(6 / 12);
    expect(values(d.kernel).every((v) => Math.abs(v) <= limit)).toBe(true);
    expect(d.activationId).toBe('linear');
    expect(d.useBias).toBe(true);
  });

  it('takes initializers as ids, instances or configs, and has no bias with useBias: false', () => {
    const a = new Dense({
      units: 3,
      inputShape: [4],
      kernelInitializer: 'he_normal',
      useBias: false,
    });
    expect(a.kernelInitializer).toBeInstanceOf(HeNormal);
    expect(a.getWeights()).toHaveLength(1);
    expect(a.bias).toBeNull();
    const b = new Dense({
      units: 3,
      inputShape: [4],
      kernelInitializer: new HeNormal({ seed: 7 }),
      biasInitializer: { class_name: 'Constant', config: { value: 0.1 } },
    });
    expect(sameBits(b.kernel, new HeNormal({ seed: 7 }).apply([4, 3]))).toBe(true);
    expect(values(b.bias!)).toEqual([0.1, 0.1, 0.1].map(Math.fround));
  });

  it('has a Keras config and rebuilds from it', () => {
    const d = new Dense({
      units: 3,
      activation: 'leakyRelu',
      kernelInitializer: initializers.get('lecun_uniform', { seed: 4 }),
      name: 'hidden',
    });
    expect(d.getConfig()).toEqual({
      name: 'hidden',
      trainable: true,
      dtype: 'float32',
      units: 3,
      activation: 'leaky_relu',
      use_bias: true,
      kernel_initializer: {
        module: 'keras.initializers',
        class_name: 'LecunUniform',
        config: { seed: 4 },
        registered_name: null,
      },
      bias_initializer: {
        module: 'keras.initializers',
        class_name: 'Zeros',
        config: {},
        registered_name: null,
      },
      kernel_regularizer: null,
      bias_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    });
    d.build([null, 6]);
    const again = layers.deserialize(JSON.parse(JSON.stringify(d.serialize()))) as Dense;
    expect(again).toBeInstanceOf(Dense);
    expect(again.getConfig()).toEqual(d.getConfig());
    expect(again.inputShape).toEqual([null, 6]);
    expect(sameBits(again.kernel, d.kernel)).toBe(true); // seeded initializer: same weights
  });

  it('setWeights checks count and shapes; getWeights returns kernel then bias', () => {
    const d = new Dense({ units: 2, inputShape: [3], name: 'd1' });
    expect(() => d.setWeights([[[1, 2, 3]]])).toThrow(
      /Dense: layer "d1" expects 2 weights \(kernel, bias\), got 1/,
    );
    expect(() => d.setWeights([zeros([2, 3]), zeros([2])])).toThrow(
      /Dense: layer "d1": weight 0 \(kernel\) must have shape \[3, 2\], got \[2, 3\]/,
    );
    d.setWeights([zeros([3, 2]), [1, 2]]);
    expect(values(d.getWeights()[1]!)).toEqual([1, 2]);
    expect(() => new Dense({ units: 2, name: 'lazy' }).setWeights([zeros([1, 2])])).toThrow(
      /Dense: layer "lazy" is not built yet, so it has no weights to set/,
    );
  });

  it('reports bad options and bad inputs clearly', () => {
    expect(() => new Dense({ units: 0 })).toThrow(/Dense: units must be a positive integer, got 0/);
    expect(() => new Dense({ units: 2.5 })).toThrow(
      /Dense: units must be a positive integer, got 2.5/,
    );
    expect(() => new Dense(undefined as never)).toThrow(
      /Dense: expects options such as \{ units: 64, activation: 'relu' \}/,
    );
    expect(() => new Dense({ units: 2, activation: 'rleu' })).toThrow(
      /Dense: activations.get: unknown activation "rleu"; valid ids: relu, leaky_relu/,
    );
    expect(() => new Dense({ units: 2, kernelInitializer: 'he_norm' })).toThrow(
      /Dense: kernelInitializer: initializers.get: unknown initializer "he_norm"; valid ids:/,
    );
    expect(() => new Dense({ units: 2, kernel_initializer: 'he_normal' } as never)).toThrow(
      /Dense: unknown option "kernel_initializer"; valid options: name, inputShape, inputDim, dtype, trainable, units, activation, useBias, kernelInitializer, biasInitializer/,
    );
    expect(() => new Dense({ units: 2, inputShape: [0] })).toThrow(
      /Dense: inputShape must be a non-empty array of positive integers/,
    );
    const d = new Dense({ units: 2, inputShape: [3], name: 'dd' });
    expect(() => d.call(tensor([[1, 2]]))).toThrow(
      /Dense: layer "dd" expects inputs of shape \[null, 3\] \(last axis 3\), got shape \[1, 2\]/,
    );
    expect(() => d.build([null, 2])).toThrow(
      /Dense: layer "dd" was built for inputs of shape \[null, 3\] and cannot take inputs of shape \[null, 2\]/,
    );
    expect(() => d.forward(d.getWeights(), tensor([1, 2, 3]))).toThrow(
      /Dense: layer "dd" expects inputs of shape \[null, 3\] \(last axis 3\), got shape \[3\]/,
    );
    expect(() => d.forward([d.kernel], tensor([[1, 2, 3]]))).toThrow(
      /Dense: layer "dd" takes 2 parameters \(kernel, bias\), got 1/,
    );
    expect(() => new Dense({ units: 2 }).call(tensor([1, 2]))).toThrow(
      /expects inputs with a batch axis and a feature axis \(rank >= 2\), got shape \[null\]/,
    );
    expect(() => new Dense({ units: 2, name: 'u' }).kernel).toThrow(
      /Dense: layer "u" is not built yet, so it has no kernel/,
    );
  });

  it('names layers as Keras does: dense, dense_1, ...', () => {
    const a = new Dense({ units: 1 });
    const b = new Dense({ units: 1 });
    const m = /^dense(_(\d+))?$/;
    expect(a.name).toMatch(m);
    const n = (s: string) => Number(m.exec(s)![2] ?? 0);
    expect(n(b.name)).toBe(n(a.name) + 1);
  });
});

describe('Dense gradients agree with finite differences', () => {
  const smooth = [
    'linear',
    'tanh',
    'sigmoid',
    'softplus',
    'gelu',
    'silu',
    'elu',
    'softmax',
    'mish',
  ];
  const kinked = ['relu', 'leaky_relu', 'selu', 'relu6', 'hard_sigmoid'];
  const inits = [
    'glorot_uniform',
    'glorot_normal',
    'he_normal',
    'he_uniform',
    'lecun_normal',
    'lecun_uniform',
    'orthogonal',
    'random_normal',
    'variance_scaling',
  ];
  const kinks: Record<string, number[]> = {
    relu: [0],
    leaky_relu: [0],
    selu: [0],
    relu6: [0, 6],
    hard_sigmoid: [-3, 3],
  };

  it('checkGrads of forward(kernel, bias, x) for each activation and initializer (2nd order for smooth ones)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...smooth, ...kinked),
        fc.constantFrom(...inits),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 1e6 }),
        (activation, init, inputDim, units, batch, seed) => {
          const d = new Dense({
            units,
            activation,
            inputShape: [inputDim],
            dtype: 'float64',
            kernelInitializer: initializers.get(init, { seed }),
            biasInitializer: {
              class_name: 'RandomNormal',
              config: { stddev: 0.5, seed: seed + 1 },
            },
          });
          const x = randomNormal([batch, inputDim], {
            seed: seed + 2,
            dtype: 'float64',
            stddev: 2,
          });
          const [kernel, bias] = d.getWeights() as [Tensor, Tensor];
          // Finite differences straddling a kink are meaningless: keep pre-activations away from kinks.
          const z = values(add(matmul(x, kernel), bias));
          fc.pre(z.every((v) => (kinks[activation] ?? []).every((k) => Math.abs(v - k) > 0.05)));
          const f = (k: Tensor, b: Tensor, xx: Tensor) => d.forward([k, b], xx).output;
          checkGrads(f, [kernel, bias, x], {
            order: smooth.includes(activation) ? 2 : 1,
            seed,
            rtol: 1e-6,
            atol: 1e-9,
          });
        },
      ),
      { numRuns: numRuns(0.6) },
    );
  });

  it('the kernel gradient of sum(x·W + b) is xᵀ·1 and the bias gradient is the batch size (exact)', () => {
    const d = new Dense({ units: 2, inputShape: [3], dtype: 'float64', kernelInitializer: 'ones' });
    const x = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { dtype: 'float64' },
    );
    const g = grad((p: Tensor[]) => d.forward(p, x).output.sum())(d.getWeights()) as Tensor[];
    expect(g[0]!.toArray()).toEqual([
      [5, 5],
      [7, 7],
      [9, 9],
    ]);
    expect(g[1]!.toArray()).toEqual([2, 2]);
  });
});

describe('probes', () => {
  it('zero probes change nothing, and their gradients are the gradients w.r.t. the pre-activation and output', () => {
    const d = new Dense({
      units: 3,
      activation: 'tanh',
      inputShape: [2],
      dtype: 'float64',
      kernelInitializer: initializers.get('glorot_normal', { seed: 3 }),
    });
    const x = randomNormal([4, 2], { seed: 5, dtype: 'float64' });
    const params = d.getWeights();
    const plain = d.forward(params, x);
    const probes = { preActivation: zeros([4, 3], 'float64'), output: zeros([4, 3], 'float64') };
    const probed = d.forward(params, x, probes);
    expect(sameBits(probed.output, plain.output)).toBe(true);
    const loss = (y: Tensor) => y.square().sum();
    const g = grad((q: { preActivation: Tensor; output: Tensor }) =>
      loss(d.forward(params, x, q).output),
    )(probes) as { preActivation: Tensor; output: Tensor };
    // dL/dy = 2y; dL/dz = 2y (1 - y²) for tanh
    const y = values(plain.output);
    values(g.output).forEach((v, i) => expect(v).toBeCloseTo(2 * y[i]!, 14));
    values(g.preActivation).forEach((v, i) =>
      expect(v).toBeCloseTo(2 * y[i]! * (1 - y[i]! ** 2), 14),
    );
    // the same as a VJP through the activation alone
    const viaVjp = vjp((z: Tensor) => activations.get('tanh')(z), plain.preActivation).vjp(
      g.output,
    )[0]!;
    values(viaVjp).forEach((v, i) => expect(v).toBeCloseTo(values(g.preActivation)[i]!, 14));
    expect(() => d.forward(params, x, { output: zeros([4, 2]) })).toThrow(
      /the output probe must be a Tensor of shape \[4, 3\] \(zeros\), got a Tensor of shape \[4, 2\]/,
    );
  });
});

describe('Activation layer', () => {
  it("applies the activation: new Activation('relu'), an options object, or a function", () => {
    const x = tensor([[-1, 0, 2]]);
    expect(new Activation('relu').call(x).toArray()).toEqual([[0, 0, 2]]);
    expect(new Activation({ activation: 'leakyRelu', name: 'lr' }).call(x).toArray()).toEqual(
      [[-0.2, 0, 2]].map((r) => r.map(Math.fround)),
    );
    const double = (t: Tensor) => t.mul(2);
    const a = new Activation(double);
    expect(a.call(x).toArray()).toEqual([[-2, 0, 4]]);
    expect(a.activationId).toBe('double');
  });

  it('has no weights, keeps the shape and has a Keras config', () => {
    const a = new Activation({ activation: 'sigmoid', name: 'act' });
    a.build([null, 5]);
    expect(a.getWeights()).toEqual([]);
    expect(a.countParams()).toBe(0);
    expect(a.outputShape).toEqual([null, 5]);
    expect(a.getConfig()).toEqual({
      name: 'act',
      trainable: true,
      dtype: 'float32',
      activation: 'sigmoid',
    });
    const b = layers.deserialize(a.serialize());
    expect(b).toBeInstanceOf(Activation);
    expect(b.getConfig()).toEqual(a.getConfig());
  });

  it('rejects unknown ids listing valid ones', () => {
    expect(() => new Activation('sigmod')).toThrow(
      /Activation: activations.get: unknown activation "sigmod"; valid ids: relu/,
    );
    expect(() => new Activation({} as never)).toThrow(
      /Activation: needs an activation, such as new Activation\('relu'\)/,
    );
    expect(() => layers.deserialize({ class_name: 'Conv2D', config: {} })).toThrow(
      /layers.deserialize: unknown layer class "Conv2D"; valid ids: Dense, Activation/,
    );
  });
});
