import {
  GradflowError,
  type Tensor,
  add,
  mean,
  randomNormal,
  setWasmEnabled,
  slice,
  square,
  sub,
  tensor,
} from '@gradflow/autodiff';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  Activation,
  Adam,
  BatchNormalization,
  type Callback,
  CosineDecay,
  Dense,
  Dropout,
  EarlyStopping,
  Flatten,
  InputLayer,
  ExponentialDecay,
  type FitOptions,
  type JitCompile,
  LearningRateScheduler,
  type Optimizer,
  PiecewiseConstantDecay,
  PolynomialDecay,
  RMSprop,
  ReduceLROnPlateau,
  SGD,
  Sequential,
  type CompileOptions,
} from '../src/index.js';
import type { TensorInput } from '../src/util.js';
import { Layer, type LayerForward } from '../src/layers/layer.js';

/*
 * fit with the training step compiled by jit (the default) against the same fit run eagerly
 * (jitCompile: false): the same losses, metrics, weights and moving statistics. On the tape
 * backend (WebAssembly off) the compiled step is the eager step's primitives run by an
 * interpreter, so every bit is equal. On the WebAssembly backend the fused float32 kernels'
 * exp / log / erf are within a few ulps of the eager ones, so values agree to a relative 1e-5
 * after a few epochs of training (measured: about 1e-6).
 */

interface Case {
  name: string;
  model: () => Sequential;
  compile: () => Omit<CompileOptions, 'jitCompile'>;
  data: () => { x: Tensor; y: Tensor | Int32Array };
  fit: () => FitOptions;
  /** What the run itself must show (the compiled one; the eager one equals it). */
  after?: (history: Record<string, number[]>) => void;
}

const SEED = { class_name: 'GlorotUniform', config: { seed: 7 } } as const;

function mlp(out: number, activation: string, hidden = 'tanh'): Sequential {
  return new Sequential([
    new Dense({ units: 8, activation: hidden, inputShape: [3], kernelInitializer: SEED }),
    new Dense({ units: out, activation, kernelInitializer: { ...SEED, config: { seed: 8 } } }),
  ]);
}

const X = () => randomNormal([50, 3], { seed: 11 });
const REGRESSION = () => ({ x: X(), y: randomNormal([50, 1], { seed: 12 }) });
const CLASSES = () => {
  const x = X();
  const d = x.data();
  const labels = new Int32Array(50).map((_, i) =>
    d[3 * i]! > 0.4 ? 2 : d[3 * i + 1]! > 0 ? 1 : 0,
  );
  return { x, y: labels };
};
const ONE_HOT = () => {
  const { x, y } = CLASSES();
  const oh = new Float32Array(150);
  y.forEach((c, i) => (oh[3 * i + c] = 1));
  return { x, y: tensor(oh, { shape: [50, 3] }) };
};
const FIT: FitOptions = { epochs: 4, batchSize: 16, seed: 3 }; // 50 samples: the last batch has 2

/** Runs the tests of the enclosing describe with WebAssembly off (the jit's tape backend). */
function tapeBackendOnly(): void {
  let previous = true;
  beforeAll(() => {
    previous = setWasmEnabled(false);
  });
  afterAll(() => {
    setWasmEnabled(previous);
  });
}

/** fit's options with a callback that gets the model being trained. */
function fitWithModel(hooks: (model: () => Sequential) => Omit<Callback, 'setModel'>): FitOptions {
  let model: Sequential | null = null;
  return {
    ...FIT,
    callbacks: { setModel: (m) => (model = m as Sequential), ...hooks(() => model!) },
  };
}

const optimizers: [string, () => Optimizer][] = [
  ['SGD', () => new SGD({ learningRate: 0.1 })],
  [
    'SGD momentum nesterov clipnorm',
    () => new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true, clipnorm: 1 }),
  ],
  ['Adam', () => new Adam({ learningRate: 0.01 })],
  ['RMSprop clipvalue', () => new RMSprop({ learningRate: 0.01, clipvalue: 0.5 })],
  [
    'Adam + ExponentialDecay',
    () =>
      new Adam({
        learningRate: new ExponentialDecay({
          initialLearningRate: 0.02,
          decaySteps: 3,
          decayRate: 0.5,
        }),
      }),
  ],
  [
    'SGD + PiecewiseConstantDecay',
    () =>
      new SGD({
        learningRate: new PiecewiseConstantDecay({ boundaries: [4, 8], values: [0.1, 0.05, 0.01] }),
      }),
  ],
  [
    'RMSprop + PolynomialDecay',
    () =>
      new RMSprop({
        learningRate: new PolynomialDecay({ initialLearningRate: 0.01, decaySteps: 10 }),
      }),
  ],
  // globalClipnorm reads the joint norm's value, so its update stays eager after a compiled gradient
  ['Adam globalClipnorm', () => new Adam({ learningRate: 0.01, globalClipnorm: 0.5 })],
  [
    'SGD + CosineDecay',
    () => new SGD({ learningRate: new CosineDecay({ initialLearningRate: 0.1, decaySteps: 12 }) }),
  ],
];

const CASES: Case[] = [
  ...optimizers.map(([name, optimizer]): Case => ({
    name: `Dense MLP, ${name}`,
    model: () => mlp(1, 'linear'),
    compile: () => ({ optimizer: optimizer(), loss: 'mse', metrics: ['mae'] }),
    data: REGRESSION,
    fit: () => FIT,
  })),
  {
    name: 'InputLayer, Flatten of [2, 3] samples, Dropout after it, Activation',
    model: () =>
      new Sequential([
        new InputLayer({ shape: [2, 3] }),
        new Flatten(),
        new Dropout({ rate: 0.25, seed: 9 }),
        new Dense({ units: 5, kernelInitializer: SEED }),
        new Activation('selu'),
        new Dense({ units: 1, kernelInitializer: SEED }),
      ]),
    compile: () => ({ optimizer: new SGD({ learningRate: 0.05, momentum: 0.5 }), loss: 'mae' }),
    data: () => ({ x: randomNormal([50, 2, 3], { seed: 13 }), y: REGRESSION().y }),
    fit: () => FIT,
  },
  {
    name: 'float64 weights, Adam with amsgrad',
    model: () =>
      new Sequential([
        new Dense({
          units: 8,
          activation: 'softplus',
          inputShape: [3],
          kernelInitializer: SEED,
          dtype: 'float64',
        }),
        new Dense({ units: 1, dtype: 'float64', kernelInitializer: SEED }),
      ]),
    compile: () => ({ optimizer: new Adam({ learningRate: 0.01, amsgrad: true }), loss: 'mse' }),
    data: REGRESSION,
    fit: () => FIT,
  },
  {
    name: 'BatchNormalization (moving statistics)',
    model: () =>
      new Sequential([
        // no bias before BatchNormalization (as Keras advises): its gradient is rounding noise
        new Dense({ units: 6, useBias: false, inputShape: [3], kernelInitializer: SEED }),
        new BatchNormalization({ momentum: 0.8 }),
        new Dense({ units: 1, activation: 'sigmoid', kernelInitializer: SEED }),
      ]),
    compile: () => ({
      optimizer: new SGD({ learningRate: 0.1 }),
      loss: 'binary_crossentropy',
      metrics: ['accuracy'],
    }),
    data: () => ({
      x: X(),
      y: tensor(
        CLASSES().y.map((c) => (c > 0 ? 1 : 0)),
        { shape: [50, 1] },
      ),
    }),
    fit: () => FIT,
  },
  {
    name: 'Dropout with a seed',
    model: () =>
      new Sequential([
        new Dense({ units: 8, activation: 'relu', inputShape: [3], kernelInitializer: SEED }),
        new Dropout({ rate: 0.4, seed: 5 }),
        new Dense({ units: 1, kernelInitializer: SEED }),
      ]),
    compile: () => ({ optimizer: 'adam', loss: 'mse' }),
    data: REGRESSION,
    fit: () => FIT,
  },
  ...[true, false].map((fromLogits): Case => ({
    name: `sparse integer labels (Int32Array), ${fromLogits ? 'logits' : 'softmax'}`,
    model: () => (fromLogits ? mlp(3, 'linear', 'relu') : mlp(3, 'softmax')),
    compile: () => ({
      optimizer: new Adam({ learningRate: 0.05 }),
      loss: { class_name: 'SparseCategoricalCrossentropy', config: { from_logits: fromLogits } },
      metrics: ['accuracy'],
    }),
    data: CLASSES,
    fit: () => ({ ...FIT, epochs: 10 }),
    // labels read once while tracing would leave the model at chance (1/3)
    after: (h) => expect(h.accuracy!.at(-1)).toBeGreaterThan(0.9),
  })),
  {
    name: 'categorical (one-hot) labels, validationSplit',
    model: () => mlp(3, 'softmax', 'gelu'),
    compile: () => ({
      optimizer: new RMSprop({ learningRate: 0.02 }),
      loss: 'categorical_crossentropy',
      metrics: ['accuracy'],
    }),
    data: ONE_HOT,
    fit: () => ({ ...FIT, validationSplit: 0.2 }),
  },
  {
    name: 'EarlyStopping and ReduceLROnPlateau on validationData',
    model: () => mlp(1, 'linear', 'sigmoid'),
    compile: () => ({ optimizer: new SGD({ learningRate: 0.3 }), loss: 'mse' }),
    data: REGRESSION,
    fit: () => ({
      ...FIT,
      epochs: 30,
      validationData: [randomNormal([10, 3], { seed: 20 }), randomNormal([10, 1], { seed: 21 })],
      callbacks: [
        new ReduceLROnPlateau({ monitor: 'val_loss', patience: 1, factor: 0.5 }),
        new EarlyStopping({ monitor: 'val_loss', patience: 3 }),
      ],
    }),
    after: (h) => {
      expect(h.loss!.length).toBeLessThan(30); // stopped early
      expect(new Set(h.learning_rate).size).toBeGreaterThan(1); // the rate was reduced
    },
  },
  {
    name: 'layers frozen by a callback between epochs (a new layout compiles anew)',
    model: () =>
      new Sequential([
        new Dense({ units: 6, useBias: false, inputShape: [3], kernelInitializer: SEED }),
        new BatchNormalization(),
        new Dense({ units: 1, kernelInitializer: SEED }),
      ]),
    compile: () => ({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' }), // reset below: it learns the new set of weights
    data: REGRESSION,
    fit: () =>
      fitWithModel((model) => ({
        onEpochEnd: (epoch) => {
          const layers = model().layers;
          if (epoch === 0) layers[1]!.trainable = false; // BatchNormalization in inference mode
          if (epoch === 1) layers.forEach((l) => (l.trainable = false)); // nothing left to train
          model().optimizer!.reset();
        },
      })),
  },
  {
    name: 'stopTraining set by a callback in the middle of an epoch',
    model: () => mlp(1, 'linear'),
    compile: () => ({ optimizer: 'sgd', loss: 'mse' }),
    data: REGRESSION,
    fit: () =>
      fitWithModel((model) => ({
        onBatchEnd: (b) => void (b === 1 && (model().stopTraining = true)),
      })),
    after: (h) => expect(h.loss!.length).toBe(1),
  },
  {
    name: 'LearningRateScheduler',
    model: () => mlp(1, 'linear', 'elu'),
    compile: () => ({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' }),
    data: REGRESSION,
    fit: () => ({ ...FIT, callbacks: [new LearningRateScheduler((epoch, lr) => lr * 0.7)] }),
  },
];

async function train(c: Case, jitCompile: JitCompile) {
  const model = c.model();
  model.compile({ ...c.compile(), jitCompile });
  const { x, y } = c.data();
  const history = await model.fit(x, y, c.fit());
  const weights = model.layers.flatMap((l) => l.getWeights().map((w) => Array.from(w.data())));
  return { model, history: history.history, weights };
}

/** Largest |a - b| over each list, relative to the list's largest |b| (lists by key). */
function relDiff(a: Record<string, number[]> | number[][], b: typeof a): number {
  let worst = 0;
  for (const k of Object.keys(b)) {
    const p = (a as Record<string, number[]>)[k]!;
    const q = (b as Record<string, number[]>)[k]!;
    expect(p.length).toBe(q.length);
    const scale = Math.max(...q.map(Math.abs)) || 1;
    q.forEach((v, i) => (worst = Math.max(worst, Math.abs(p[i]! - v) / scale)));
  }
  return worst;
}

describe('fit compiles its training step by default, with the eager results', () => {
  describe('on the tape backend (WebAssembly off): bit for bit', () => {
    tapeBackendOnly();
    for (const c of CASES)
      it(c.name, async () => {
        const jitted = await train(c, 'auto');
        const eager = await train(c, false);
        expect(jitted.model.jitStatus).toEqual({
          jitCompile: 'auto',
          compiled: true,
          reason: null,
        });
        expect(eager.model.jitStatus.compiled).toBe(false);
        expect(jitted.history).toEqual(eager.history);
        expect(jitted.weights).toEqual(eager.weights);
        c.after?.(jitted.history);
      });
  });

  describe('on the WebAssembly backend: within 1e-5 (relative)', () => {
    for (const c of CASES)
      it(c.name, async () => {
        const jitted = await train(c, 'auto');
        const eager = await train(c, false);
        expect(jitted.model.jitStatus.compiled).toBe(true);
        expect(Object.keys(jitted.history)).toEqual(Object.keys(eager.history));
        const d = Math.max(
          relDiff(jitted.history, eager.history),
          relDiff(jitted.weights, eager.weights),
        );
        expect(d).toBeLessThanOrEqual(1e-5);
      });
  });
});

/** A layer kind the trainer does not know: x * alpha, with one weight. */
class Scale extends Layer {
  readonly className = 'Scale';
  constructor() {
    super('Scale', 'scale', {});
  }
  protected localWeightNames(): string[] {
    return ['alpha'];
  }
  computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    return inputShape.slice();
  }
  protected makeWeights(): Tensor[] {
    return [tensor([1.5])];
  }
  forward(params: readonly Tensor[], x: Tensor): LayerForward {
    this.checkParams(params);
    return { input: x, preActivation: x, output: x.mul(params[0]!) };
  }
}

/** mean((yPred - y)²) where y is copied in JavaScript: a trace sees the first batch's labels only. */
function copiedLabelsLoss(yTrue: TensorInput, yPred: Tensor): Tensor {
  const t = yTrue as Tensor;
  return mean(square(sub(yPred, tensor(Array.from(t.data()), { shape: t.shape.slice() }))), -1);
}

describe("the optimizer's update is part of the compiled step", () => {
  const run = async (optimizer: Optimizer) => {
    const model = mlp(1, 'linear');
    model.compile({ optimizer, loss: 'mse' });
    const apply = vi.spyOn(optimizer, 'apply');
    const { x, y } = REGRESSION();
    await model.fit(x, y, FIT);
    return { iterations: optimizer.iterations, eagerApplies: apply.mock.calls.length };
  };

  it('where it is a pure function of tensors: apply never runs, and iterations still count steps', async () => {
    expect(await run(new RMSprop({ learningRate: 0.01, clipnorm: 1 }))).toEqual({
      iterations: 16,
      eagerApplies: 0,
    });
  });

  it('not with globalClipnorm (it reads the joint norm): apply runs once per step', async () => {
    expect(await run(new SGD({ globalClipnorm: 1 }))).toEqual({
      iterations: 16,
      eagerApplies: 16,
    });
  });
});

describe('the check against eager judges gradients, not what Adam makes of their rounding noise', () => {
  it('a bias before BatchNormalization (a gradient of pure rounding noise) under Adam stays compiled on WebAssembly', async () => {
    const model = new Sequential([
      new Dense({ units: 16, activation: 'tanh', inputShape: [3], kernelInitializer: SEED }),
      new Dense({ units: 16, kernelInitializer: SEED }),
      new BatchNormalization(),
      new Dense({ units: 1, activation: 'sigmoid', kernelInitializer: SEED }),
    ]);
    model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'binary_crossentropy' });
    const { x, y } = CLASSES();
    await model.fit(
      x,
      tensor(
        y.map((c) => c % 2),
        { shape: [50, 1] },
      ),
      FIT,
    );
    expect(model.jitStatus).toEqual({ jitCompile: 'auto', compiled: true, reason: null });
  });
});

describe('batch shapes beyond what the compiled cache holds', () => {
  tapeBackendOnly();

  it('trainOnBatch with 12 batch sizes, twice over (compiles, evictions, recompiles), equals eager', () => {
    const run = (jitCompile: JitCompile) => {
      const model = mlp(1, 'tanh');
      model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'mse', jitCompile });
      const { x, y } = REGRESSION();
      const losses: number[] = [];
      for (let round = 0; round < 2; round++)
        for (let n = 1; n <= 12; n++)
          losses.push(
            model.trainOnBatch(slice(x, [n, 0], [n, 3]), slice(y as Tensor, [n, 0], [n, 1])).loss!,
          );
      return { losses, weights: model.layers.map((l) => l.getWeights().map((w) => w.toArray())) };
    };
    expect(run('auto')).toEqual(run(false));
  });
});

describe('what cannot be compiled safely trains eagerly, with the reason', () => {
  tapeBackendOnly();

  const custom = (): Case => ({
    name: 'custom layer',
    model: () =>
      new Sequential([
        mlp(4, 'tanh').layers[0]!,
        new Scale(),
        new Dense({ units: 1, kernelInitializer: SEED }),
      ]),
    compile: () => ({ optimizer: 'adam', loss: 'mse' }),
    data: REGRESSION,
    fit: () => FIT,
  });

  it("'auto' does not compile a layer kind it does not know; true compiles it", async () => {
    const auto = await train(custom(), 'auto');
    expect(auto.model.jitStatus).toEqual({
      jitCompile: 'auto',
      compiled: false,
      reason: expect.stringMatching(
        /^layer "scale(_\d+)?" is a Scale, which the trainer does not know to be safe to compile \(give jitCompile: true/,
      ),
    });
    const forced = await train(custom(), true);
    expect(forced.model.jitStatus).toEqual({ jitCompile: true, compiled: true, reason: null });
    expect(forced.history).toEqual(auto.history);
    expect(forced.weights).toEqual(auto.weights);
  });

  const reading = (): Case => ({
    name: 'loss reading label values',
    model: () => mlp(1, 'linear'),
    compile: () => ({ optimizer: 'sgd', loss: copiedLabelsLoss }),
    data: REGRESSION,
    fit: () => FIT,
  });

  it("a loss that reads tensor values in JavaScript is caught by the check against eager: 'auto' falls back", async () => {
    const auto = await train(reading(), 'auto');
    const eager = await train(reading(), false);
    expect(auto.model.jitStatus.compiled).toBe(false);
    expect(auto.model.jitStatus.reason).toMatch(
      /^the loss differ from the eager step's by .* \(relative to the largest\); a layer, activation or loss probably reads tensor values in JavaScript/,
    );
    expect(auto.history).toEqual(eager.history);
    expect(auto.weights).toEqual(eager.weights);
  });

  it('... and jitCompile: true throws a GradflowError saying why', async () => {
    await expect(train(reading(), true)).rejects.toThrow(
      /fit: the training step cannot be compiled \(jitCompile: true\): the loss differ from the eager step's/,
    );
  });

  it('... and a step it refuses leaves the optimizer as it was: no step counted, no slot moved', () => {
    // Reads the predictions in JavaScript: a trace sees them as placeholders, so the compiled loss differs.
    const readsPredictions = (yTrue: TensorInput, yPred: Tensor): Tensor =>
      add(
        copiedLabelsLoss(yTrue, yPred),
        tensor(Array.from(yPred.data()), { shape: yPred.shape.slice() }).mean(-1),
      );
    const m = mlp(1, 'linear');
    const optimizer = new SGD({ learningRate: 0.1, momentum: 0.9 });
    m.compile({ optimizer, loss: readsPredictions, jitCompile: true });
    const { x, y } = REGRESSION();
    const before = m.getWeights().map((w) => Array.from(w.data()));
    expect(() => m.trainOnBatch(x, y)).toThrow(/jitCompile: true/);
    expect(optimizer.iterations).toBe(0);
    expect(m.getWeights().map((w) => Array.from(w.data()))).toEqual(before);
    // A fresh eager model trained once from the same optimizer state matches a first step.
    m.compile({ optimizer, loss: readsPredictions, jitCompile: false });
    m.trainOnBatch(x, y);
    const fresh = mlp(1, 'linear');
    fresh.compile({
      optimizer: new SGD({ learningRate: 0.1, momentum: 0.9 }),
      loss: readsPredictions,
      jitCompile: false,
    });
    fresh.trainOnBatch(x, y);
    expect(m.getWeights().map((w) => Array.from(w.data()))).toEqual(
      fresh.getWeights().map((w) => Array.from(w.data())),
    );
  });

  it('a bad jitCompile and bad Dropout noise are GradflowErrors naming them', () => {
    const m = mlp(1, 'linear');
    expect(() => m.compile({ loss: 'mse', jitCompile: 'yes' as never })).toThrow(
      /Sequential.compile: jitCompile must be 'auto', true or false, got "yes"/,
    );
    expect(() => m.jitStatus).toThrow(GradflowError);
    expect(() => m.forward(m.parameters(), tensor([[1, 2, 3]]), { noise: [null] })).toThrow(
      /Sequential.forward: noise must have one entry per layer \(2\), got/,
    );
    const d = new Dropout({ rate: 0.5, inputShape: [3] });
    expect(() => d.forward([], tensor([[1, 2, 3]]), null, true, tensor([1, 1]))).toThrow(
      /Dropout: layer "dropout(_\d+)?": the noise \(mask\) must be a float32 Tensor of the input's shape \[1, 3\], got/,
    );
  });
});

describe('a long training loop keeps its memory flat', () => {
  const gcNow = (() => {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  })();
  const retained = () => {
    gcNow();
    gcNow();
    const m = process.memoryUsage();
    return { buffers: m.arrayBuffers, heap: m.heapUsed };
  };

  for (const jitCompile of ['auto', false] as const)
    it(`jitCompile ${String(jitCompile)}: array buffers retained after step 500 within 1 MB of those after step 50`, () => {
      // ~5,500 weights (22 kB): a step that kept one copy of them would add ~10 MB by step 500
      const model = new Sequential([
        new Dense({ units: 64, activation: 'relu', inputShape: [20], kernelInitializer: SEED }),
        new Dropout({ rate: 0.2, seed: 1 }),
        new Dense({ units: 64, activation: 'tanh', kernelInitializer: SEED }),
        new BatchNormalization(),
        new Dense({ units: 1, kernelInitializer: SEED }),
      ]);
      model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'], jitCompile });
      const x = randomNormal([32, 20], { seed: 1 });
      const y = randomNormal([32, 1], { seed: 2 });
      let at50 = retained();
      for (let step = 1; step <= 500; step++) {
        model.trainOnBatch(x, y);
        if (step === 50) at50 = retained();
      }
      const at500 = retained();
      expect(model.jitStatus.compiled).toBe(jitCompile === 'auto');
      expect(at500.buffers - at50.buffers).toBeLessThan(1 << 20);
      expect(at500.heap - at50.heap).toBeLessThan(4 << 20); // the heap moves by ~0.5 MB either way
    });
});
