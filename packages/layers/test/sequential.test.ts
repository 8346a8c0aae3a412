import {
  type Tensor,
  randomNormal,
  randomUniform,
  tensor,
  valueAndGrad,
  zeros,
} from '@gradflow/autodiff';
import { describe, expect, it, vi } from 'vitest';
import {
  Activation,
  Adam,
  BinaryCrossentropy,
  Dense,
  History,
  MeanSquaredError,
  PACKAGE_NAME,
  SGD,
  Sequential,
  initializers,
} from '../src/index.js';
import { sameBits, values } from './helpers.js';

const seeded = (id: string, seed: number) => initializers.get(id, { seed });

/** y = 2 x0 - x1 + 1 on 40 seeded points. */
function linearData(n = 40) {
  const x = randomUniform([n, 2], { minval: -1, maxval: 1, seed: 1 });
  const xv = x.toArray() as number[][];
  const y = tensor(xv.map(([a, b]) => [2 * a! - b! + 1]));
  return { x, y };
}

function mlp(name = 'mlp') {
  return new Sequential({
    name,
    layers: [
      new Dense({
        units: 64,
        inputShape: [2],
        name: 'hidden',
        kernelInitializer: seeded('he_normal', 1),
      }),
      new Activation({ activation: 'relu', name: 'relu' }),
      new Dense({ units: 1, name: 'out', kernelInitializer: seeded('glorot_uniform', 2) }),
    ],
  });
}

describe('Sequential: building and summary', () => {
  it('resolves as @gradflow/layers', () => {
    expect(PACKAGE_NAME).toBe('@gradflow/layers');
  });

  it('prints and returns a Keras 3 summary table', () => {
    const lines: string[] = [];
    const text = mlp().summary({ printFn: (t) => lines.push(t) });
    expect(text).toBe(
      [
        'Model: "mlp"',
        '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓',
        '┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃',
        '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩',
        '│ hidden (Dense)                  │ (None, 64)             │           192 │',
        '├─────────────────────────────────┼────────────────────────┼───────────────┤',
        '│ relu (Activation)               │ (None, 64)             │             0 │',
        '├─────────────────────────────────┼────────────────────────┼───────────────┤',
        '│ out (Dense)                     │ (None, 1)              │            65 │',
        '└─────────────────────────────────┴────────────────────────┴───────────────┘',
        ' Total params: 257 (1.00 KB)',
        ' Trainable params: 257 (1.00 KB)',
        ' Non-trainable params: 0 (0.00 B)',
      ].join('\n'),
    );
    expect(lines).toEqual([text]);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    mlp().summary();
    expect(log).toHaveBeenCalledWith(text);
  });

  it('shows unbuilt layers as Keras does, and thousands separators and frozen layers once built', () => {
    const m = new Sequential({
      name: 'lazy',
      layers: [
        new Dense({ units: 1000, name: 'a' }),
        new Dense({ units: 10, name: 'b', trainable: false }),
      ],
    });
    const before = m.summary({ printFn: () => {} });
    expect(before).toContain(
      '│ a (Dense)                       │ ?                      │   0 (unbuilt) │',
    );
    m.build([null, 50]);
    const after = m.summary({ printFn: () => {} });
    expect(after).toContain(
      '│ a (Dense)                       │ (None, 1000)           │        51,000 │',
    );
    expect(after).toContain(
      '│ b (Dense)                       │ (None, 10)             │        10,010 │',
    );
    expect(after).toContain(' Total params: 61,010 (238.32 KB)');
    expect(after).toContain(' Trainable params: 51,000 (199.22 KB)');
    expect(after).toContain(' Non-trainable params: 10,010 (39.10 KB)');
  });

  it('builds from the first layer inputShape, from build(), or from the first data', () => {
    expect(mlp().built).toBe(true);
    const m = new Sequential([new Dense({ units: 3 }), new Dense({ units: 2 })]);
    expect(m.built).toBe(false);
    expect(() => m.outputShape).toThrow(/has no known input shape yet/);
    expect(m.predict(tensor([[1, 2, 3, 4]])).shape).toEqual([1, 2]);
    expect(m.inputShape).toEqual([null, 4]);
    expect(m.outputShape).toEqual([null, 2]);
    const b = new Sequential();
    b.add(new Dense({ units: 3 }));
    b.build([null, 5]);
    b.add(new Dense({ units: 1 }));
    expect(b.layers[1]!.built).toBe(true);
    expect(b.countParams()).toBe(18 + 4);
    expect(b.pop().inputShape).toEqual([null, 3]);
    expect(b.layers).toHaveLength(1);
  });

  it('rejects non-layers, duplicate names and incompatible shapes', () => {
    const m = new Sequential({ name: 'm' });
    expect(() => m.add({} as never)).toThrow(
      /Sequential.add: expected a layer such as new Dense\(\{ units: 8 \}\), got an object/,
    );
    m.add(new Dense({ units: 2, name: 'x', inputShape: [3] }));
    expect(() => m.add(new Dense({ units: 2, name: 'x' }))).toThrow(
      /Sequential.add: all layers of a Sequential model need unique names; "x" is already used/,
    );
    expect(() => m.build([null, 4])).toThrow(
      /Sequential.build: model "m" expects inputs of shape \[null, 3\], got \[null, 4\]/,
    );
    expect(() => new Sequential({ layer: [] } as never)).toThrow(
      /Sequential: unknown option "layer"; valid options: layers, name/,
    );
    expect(() => new Sequential().pop()).toThrow(
      /Sequential.pop: there are no layers in the model/,
    );
  });
});

describe('Sequential: weights and config', () => {
  it('getWeights lists each layer kernel then bias; setWeights checks count and shapes', () => {
    const m = mlp();
    const w = m.getWeights();
    expect(w.map((t) => t.shape)).toEqual([[2, 64], [64], [64, 1], [1]]);
    expect(() => m.setWeights(w.slice(0, 3))).toThrow(
      /Sequential.setWeights: model "mlp" has 4 weights \(hidden: 2, relu: 0, out: 2\), got an array of length 3/,
    );
    expect(() => m.setWeights([w[0]!, w[1]!, zeros([1, 64]), w[3]!])).toThrow(
      /Dense: layer "out": weight 0 \(kernel\) must have shape \[64, 1\], got \[1, 64\]/,
    );
    const other = mlp('copy');
    other.setWeights(w);
    const x = randomNormal([5, 2], { seed: 3 });
    expect(sameBits(other.predict(x), m.predict(x))).toBe(true);
  });

  it('round-trips through getConfig / fromConfig (JSON) and keeps the architecture', () => {
    const m = mlp();
    const config = JSON.parse(JSON.stringify(m.getConfig()));
    expect(config.name).toBe('mlp');
    expect(config.build_input_shape).toEqual([null, 2]);
    expect(config.layers.map((l: { class_name: string }) => l.class_name)).toEqual([
      'Dense',
      'Activation',
      'Dense',
    ]);
    const again = Sequential.fromConfig(config);
    expect(again.getConfig()).toEqual(m.getConfig());
    // seeded initializers: the rebuilt model has the very same weights
    m.getWeights().forEach((w, i) => expect(sameBits(again.getWeights()[i]!, w)).toBe(true));
  });
});

describe('Sequential: compile, fit, evaluate, predict', () => {
  it('fits a linear function; History has one loss per epoch, decreasing', async () => {
    const { x, y } = linearData();
    const m = new Sequential([
      new Dense({ units: 1, inputShape: [2], kernelInitializer: 'zeros' }),
    ]);
    m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const h = await m.fit(x, y, { epochs: 60, batchSize: 8, seed: 1 });
    expect(h).toBeInstanceOf(History);
    expect(h.epoch).toEqual([...Array(60).keys()]);
    expect(Object.keys(h.history)).toEqual(['loss']);
    const loss = h.history.loss!;
    expect(loss).toHaveLength(60);
    expect(loss[59]!).toBeLessThan(loss[0]! / 100);
    const [kernel, bias] = m.getWeights();
    expect(values(kernel!)[0]).toBeCloseTo(2, 2);
    expect(values(kernel!)[1]).toBeCloseTo(-1, 2);
    expect(values(bias!)[0]).toBeCloseTo(1, 2);
    expect(h.params).toEqual({ epochs: 60, steps: 5, verbose: 0, batchSize: 8, samples: 40 });
  });

  it('reports the epoch loss as the sample-weighted mean of the batch losses (as Keras)', async () => {
    const { x, y } = linearData(10);
    const m = new Sequential([new Dense({ units: 1, inputShape: [2], kernelInitializer: 'ones' })]);
    // A learning rate of 0 keeps the weights, so every batch loss is the loss of the same model.
    m.compile({
      optimizer: new SGD({ learningRate: 0 }),
      loss: 'mean_squared_error',
      metrics: ['mae'],
    });
    const batches: Record<string, number>[] = [];
    const h = await m.fit(x, y, {
      epochs: 1,
      batchSize: 4,
      callbacks: { onBatchEnd: (_b, logs) => void batches.push(logs) },
    });
    const full = m.evaluate(x, y, { returnDict: true });
    expect(h.history.loss![0]).toBeCloseTo(full.loss!, 6);
    expect(h.history.mae![0]).toBeCloseTo(full.mae!, 6);
    expect(batches).toHaveLength(3);
    expect(batches[2]!.loss).toBe(h.history.loss![0]);
    const pred = values(m.predict(x));
    const mse = pred.reduce((s, p, i) => s + (p - values(y)[i]!) ** 2, 0) / 10;
    expect(full.loss).toBeCloseTo(mse, 6);
  });

  it('evaluate returns the loss, [loss, ...metrics], or a dict', () => {
    const { x, y } = linearData(12);
    const m = new Sequential([new Dense({ units: 1, inputShape: [2] })]);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    expect(typeof m.evaluate(x, y)).toBe('number');
    m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae', 'mse'] });
    const r = m.evaluate(x, y) as number[];
    expect(r).toHaveLength(3);
    expect(r[2]).toBeCloseTo(r[0]!, 6);
    expect(Object.keys(m.evaluate(x, y, { returnDict: true }))).toEqual(['loss', 'mae', 'mse']);
  });

  it('predicts in batches with the same bits as one pass', () => {
    const m = mlp();
    const x = randomNormal([10, 2], { seed: 8 });
    const all = m.predict(x, { batchSize: 100 });
    expect(sameBits(m.predict(x, { batchSize: 3 }), all)).toBe(true);
    expect(sameBits(m.call(x), all)).toBe(true);
    expect(m.predict([[0.5, -0.5]]).shape).toEqual([1, 1]);
  });

  it('holds out the last validationSplit fraction and reports val_* logs', async () => {
    const { x, y } = linearData(20);
    const m = new Sequential([new Dense({ units: 1, inputShape: [2], kernelInitializer: 'ones' })]);
    m.compile({ optimizer: new SGD({ learningRate: 0 }), loss: 'mse', metrics: ['mae'] });
    const h = await m.fit(x, y, { epochs: 2, batchSize: 5, validationSplit: 0.25, shuffle: false });
    expect(Object.keys(h.history).sort()).toEqual(['loss', 'mae', 'val_loss', 'val_mae']);
    expect(h.params.samples).toBe(15);
    const xv = tensor((x.toArray() as number[][]).slice(15));
    const yv = tensor((y.toArray() as number[][]).slice(15));
    const expected = m.evaluate(xv, yv, { returnDict: true });
    expect(h.history.val_loss![1]).toBeCloseTo(expected.loss!, 6);
    expect(h.history.val_mae![0]).toBeCloseTo(expected.mae!, 6);
    const h2 = await m.fit(x, y, { epochs: 1, validationData: [xv, yv] });
    expect(h2.history.val_loss![0]).toBeCloseTo(expected.loss!, 6);
  });

  it('computes accuracy as binary, sparse or categorical accuracy by the label shapes', async () => {
    const x = tensor([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    const binary = new Sequential([
      new Dense({
        units: 1,
        inputShape: [2],
        kernelInitializer: 'ones',
        biasInitializer: { class_name: 'Constant', config: { value: -3 } },
      }),
    ]);
    // logits 2x - 3: [-3, -1, 1, 3] -> predicted [0, 0, 1, 1]
    binary.compile({
      optimizer: new SGD({ learningRate: 0 }),
      loss: new BinaryCrossentropy({ fromLogits: true }),
      metrics: ['accuracy', 'binary_accuracy'],
    });
    expect(binary.evaluate(x, [0, 1, 1, 1], { returnDict: true })).toMatchObject({
      accuracy: 0.75,
      binary_accuracy: 0.75,
    });
    const multi = new Sequential([
      new Dense({
        units: 3,
        inputShape: [2],
        kernelInitializer: {
          class_name: 'Constant',
          config: {
            value: [
              [1, 0, -1],
              [0, 0, 0],
            ],
          },
        },
      }),
    ]);
    // logits [x, 0, -x]: argmax 1 for x = 0 (first of ties is 0), else 0
    multi.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy', metrics: ['acc'] });
    expect(multi.evaluate(x, [0, 0, 0, 2], { returnDict: true }).acc).toBe(0.75);
    multi.compile({ optimizer: 'sgd', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
    expect(
      multi.evaluate(
        x,
        [
          [1, 0, 0],
          [1, 0, 0],
          [0, 1, 0],
          [1, 0, 0],
        ],
        { returnDict: true },
      ).accuracy,
    ).toBe(0.75);
  });

  it('does not update frozen (trainable: false) layers', async () => {
    const { x, y } = linearData(16);
    const frozen = new Dense({ units: 4, inputShape: [2], trainable: false, name: 'frozen' });
    const m = new Sequential([frozen, new Dense({ units: 1 })]);
    const before = frozen.getWeights();
    const trainedBefore = m.layers[1]!.getWeights();
    m.compile({ optimizer: new Adam({ learningRate: 0.1 }), loss: 'mse' });
    await m.fit(x, y, { epochs: 2, batchSize: 4 });
    frozen.getWeights().forEach((w, i) => expect(sameBits(w, before[i]!)).toBe(true));
    m.layers[1]!.getWeights().forEach((w, i) => expect(sameBits(w, trainedBefore[i]!)).toBe(false));
  });
});

describe('Sequential: callbacks and verbose output', () => {
  it('calls callbacks in Keras order and awaits async ones before going on', async () => {
    const { x, y } = linearData(6);
    const m = new Sequential([new Dense({ units: 1, inputShape: [2] })]);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const events: string[] = [];
    let busy = false;
    const cb = {
      setModel: (model: unknown) => void events.push(model === m ? 'setModel' : 'wrong model'),
      onTrainBegin: () => void events.push('trainBegin'),
      onEpochBegin: (e: number) => void events.push(`epochBegin ${e}`),
      onBatchBegin: (b: number) => {
        if (busy) events.push('overlap!');
        events.push(`batchBegin ${b}`);
      },
      onBatchEnd: async (b: number, logs: Record<string, number>) => {
        busy = true;
        await new Promise((r) => setTimeout(r, 1));
        busy = false;
        events.push(`batchEnd ${b} ${'loss' in logs}`);
      },
      onEpochEnd: async (e: number, logs: Record<string, number>) => {
        await Promise.resolve();
        events.push(`epochEnd ${e} ${Object.keys(logs).join(',')}`);
      },
      onTrainEnd: () => void events.push('trainEnd'),
    };
    await m.fit(x, y, { epochs: 2, batchSize: 4, callbacks: [cb], yieldEvery: 'batch' });
    expect(events).toEqual([
      'setModel',
      'trainBegin',
      'epochBegin 0',
      'batchBegin 0',
      'batchEnd 0 true',
      'batchBegin 1',
      'batchEnd 1 true',
      'epochEnd 0 loss',
      'epochBegin 1',
      'batchBegin 0',
      'batchEnd 0 true',
      'batchBegin 1',
      'batchEnd 1 true',
      'epochEnd 1 loss',
      'trainEnd',
    ]);
  });

  it('stops when a callback sets model.stopTraining', async () => {
    const { x, y } = linearData(8);
    const m = new Sequential([new Dense({ units: 1, inputShape: [2] })]);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const h = await m.fit(x, y, {
      epochs: 50,
      callbacks: {
        onEpochEnd: (e) => {
          if (e === 2) m.stopTraining = true;
        },
      },
    });
    expect(h.history.loss).toHaveLength(3);
  });

  it('prints Keras-style epoch lines with verbose 1 and 2', async () => {
    const { x, y } = linearData(10);
    const m = new Sequential([new Dense({ units: 1, inputShape: [2] })]);
    m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    const lines: string[] = [];
    await m.fit(x, y, {
      epochs: 2,
      batchSize: 4,
      verbose: 1,
      printFn: (l) => lines.push(l),
      validationSplit: 0.2,
    });
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('Epoch 1/2');
    expect(lines[1]).toMatch(
      /^2\/2 ━{20} \d+s \d+(s|ms|us)\/step - loss: \d+\.\d{4} - mae: \d+\.\d{4} - val_loss: \d+\.\d{4} - val_mae: \d+\.\d{4}$/,
    );
    const plain: string[] = [];
    await m.fit(x, y, { epochs: 1, verbose: 2, printFn: (l) => plain.push(l) });
    expect(plain[1]).toMatch(
      /^1\/1 - \d+s - \d+(s|ms|us)\/step - loss: \d+\.\d{4} - mae: \d+\.\d{4}$/,
    );
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await m.fit(x, y, { epochs: 1 });
    expect(log).not.toHaveBeenCalled();
    await m.fit(x, y, { epochs: 1, verbose: 2 });
    expect(log).toHaveBeenCalledWith('Epoch 1/1');
  });
});

describe('Sequential: functional core for gradient diagnostics', () => {
  it('forward(params, x) returns every layer input, pre-activation and output', () => {
    const m = mlp();
    const x = randomNormal([3, 2], { seed: 2 });
    const r = m.forward(m.parameters(), x);
    expect(r.layers).toHaveLength(3);
    expect(r.layers[0]!.input).toBe(x);
    expect(r.layers[1]!.preActivation).toBe(r.layers[0]!.output);
    expect(values(r.layers[1]!.output)).toEqual(
      values(r.layers[0]!.output).map((v) => (v > 0 ? v : 0)),
    );
    expect(sameBits(r.output, m.predict(x))).toBe(true);
  });

  it('gradients w.r.t. parameters are the ones fit applies (SGD, lr 1: w ← w - g)', () => {
    const { x, y } = linearData(8);
    const m = mlp();
    m.compile({ optimizer: new SGD({ learningRate: 1 }), loss: 'mse' });
    const p = m.parameters();
    const { value, grads } = valueAndGrad((q: Tensor[][]) => m.computeLoss(q, x, y))(p) as {
      value: Tensor;
      grads: Tensor[][];
    };
    const logs = m.trainOnBatch(x, y);
    expect(logs.loss).toBe(value.item());
    m.parameters().forEach((layer, i) =>
      layer.forEach((w, j) => expect(sameBits(w, p[i]![j]!.sub(grads[i]![j]!))).toBe(true)),
    );
  });

  it('gradients w.r.t. zero probes are the gradients w.r.t. each layer output (MSE: 2 (out - y) / n at the last layer)', () => {
    const { x, y } = linearData(5);
    const m = mlp();
    m.compile({ optimizer: 'adam', loss: new MeanSquaredError() });
    const probes = m.zeroProbes(5);
    expect(probes.map((q) => q.output.shape)).toEqual([
      [5, 64],
      [5, 64],
      [5, 1],
    ]);
    const { grads } = valueAndGrad(
      (p: Tensor[][], q: typeof probes) => m.computeLoss(p, x, y, { probes: q }),
      [0, 1],
    )(m.parameters(), probes) as { grads: [Tensor[][], typeof probes] };
    const out = values(m.predict(x));
    const yv = values(y);
    values(grads[1][2]!.output).forEach((g, i) =>
      expect(g).toBeCloseTo((2 * (out[i]! - yv[i]!)) / 5, 5),
    );
    // The Dense layer's pre-activation and the Activation layer's input see the same gradient.
    expect(sameBits(grads[1][0]!.output, grads[1][1]!.preActivation)).toBe(true);
    // relu passes the gradient only where the unit is active
    const pre = values(m.forward(m.parameters(), x).layers[1]!.preActivation);
    values(grads[1][1]!.preActivation).forEach((g, i) =>
      expect(pre[i]! > 0 ? g === values(grads[1][1]!.output)[i] : g === 0).toBe(true),
    );
  });
});

describe('Sequential: errors', () => {
  it('refuses to fit, evaluate or compute a loss before compile', async () => {
    const m = mlp();
    await expect(m.fit([[1, 2]], [[1]])).rejects.toThrow(
      /Sequential.fit: model "mlp" must be compiled before fit; call model.compile\(\{ optimizer: 'adam', loss: 'mean_squared_error' \}\) first/,
    );
    expect(() => m.evaluate([[1, 2]], [[1]])).toThrow(/must be compiled before evaluate/);
    expect(() => m.trainOnBatch([[1, 2]], [[1]])).toThrow(/must be compiled before trainOnBatch/);
  });

  it('names unknown optimizer, loss and metric ids with the valid ones', () => {
    const m = mlp();
    expect(() => m.compile({ optimizer: 'adamw', loss: 'mse' })).toThrow(
      /optimizers.get: unknown optimizer "adamw"; valid ids: sgd, adam, rmsprop/,
    );
    expect(() => m.compile({ optimizer: 'adam', loss: 'hinge' })).toThrow(
      /losses.get: unknown loss "hinge"; valid ids: mean_squared_error/,
    );
    expect(() => m.compile({ optimizer: 'adam', loss: 'mse', metrics: ['precision'] })).toThrow(
      /compile: unknown metric "precision"; valid ids: accuracy, acc, binary_accuracy/,
    );
    expect(() => m.compile({ optimizer: 'adam' } as never)).toThrow(
      /Sequential.compile: a loss is required/,
    );
  });

  it('rejects inputs and labels of the wrong shape, kind or count', async () => {
    const m = mlp();
    m.compile({ optimizer: 'adam', loss: 'mse' });
    await expect(m.fit([[1, 2, 3]], [[1]])).rejects.toThrow(
      /Sequential.fit: x has shape \[1, 3\] but model "mlp" expects inputs of shape \[null, 2\]/,
    );
    await expect(
      m.fit(
        [
          [1, 2],
          [3, 4],
        ],
        [[1]],
      ),
    ).rejects.toThrow(
      /Sequential.fit: x and y must have the same number of samples; x has 2 \(shape \[2, 2\]\) and y has 1 \(shape \[1, 1\]\)/,
    );
    await expect(m.fit([[1, 2]], [[1, 2]])).rejects.toThrow(
      /Sequential.fit: y \(shape \[1, 2\]\) does not suit the model's output \[null, 1\] and the loss mean_squared_error: mean_squared_error: labels \(yTrue\) of shape \[1, 2\] do not match predictions \(yPred\) of shape \[1, 1\]/,
    );
    await expect(m.fit([[1, 2]], [['a']] as never)).rejects.toThrow(
      /Sequential.fit: y is not valid tensor data: tensor: data\[0\]\[0\] is string/,
    );
    await expect(m.fit([[1, 2]], [true] as never)).rejects.toThrow(
      /Sequential.fit: y is not valid tensor data: tensor: data\[0\] is boolean/,
    );
    await expect(m.fit([[1, 2]], new Map() as never)).rejects.toThrow(
      /Sequential.fit: y must be a Tensor, nested arrays of numbers or a typed array, got an object/,
    );
    await expect(m.fit([[1, NaN]], [[1]])).rejects.toThrow(
      /Sequential.fit: x contains a non-finite value \(NaN\) at flat index 1/,
    );
    await expect(m.fit([1, 2] as never, [1, 2])).rejects.toThrow(
      /x must have a batch axis and a feature axis/,
    );
    const c = new Sequential([new Dense({ units: 3, inputShape: [2] })]);
    c.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
    await expect(c.fit([[1, 2]], [3])).rejects.toThrow(
      /does not suit the model's output \[null, 3\] and the loss sparse_categorical_crossentropy: .*labels must be integer class indices in \[0, 3\)/,
    );
    c.compile({ optimizer: 'adam', loss: 'categorical_crossentropy' });
    await expect(c.fit([[1, 2]], [2])).rejects.toThrow(
      /these look like integer class indices: use sparse_categorical_crossentropy/,
    );
  });

  it('rejects bad fit options', async () => {
    const { x, y } = linearData(4);
    const m = new Sequential([new Dense({ units: 1, inputShape: [2] })]);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(m.fit(x, y, { epochs: -1 })).rejects.toThrow(
      /Sequential.fit: epochs must be an integer >= 0, got -1/,
    );
    await expect(m.fit(x, y, { batchSize: 0 })).rejects.toThrow(
      /batchSize must be a positive integer, got 0/,
    );
    await expect(m.fit(x, y, { validationSplit: 1 })).rejects.toThrow(
      /validationSplit must be a number in \[0, 1\), got 1/,
    );
    await expect(m.fit(x, y, { validationSplit: 0.8 })).rejects.toThrow(
      /validationSplit 0.8 of 4 samples leaves no training samples/,
    );
    await expect(m.fit(x, y, { batch_size: 4 } as never)).rejects.toThrow(
      /Sequential.fit: unknown option "batch_size"; valid options: epochs, batchSize/,
    );
    await expect(m.fit(x, y, { verbose: 3 as never })).rejects.toThrow(
      /verbose must be 0, 1 or 2, got 3/,
    );
    const first = m.fit(x, y, { epochs: 2, yieldEvery: 'batch' });
    await expect(m.fit(x, y)).rejects.toThrow(
      /Sequential.fit: model "[^"]+" is already training; await the running fit first/,
    );
    await first;
  });
});
