import { randomUniform, tensor } from '@gradflow/autodiff';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Dense, SGD, Sequential, gradientFlow, initializers } from '../src/index.js';

function model(loss: string, units = 3) {
  const m = new Sequential({
    name: 'net',
    layers: [
      new Dense({
        units,
        inputShape: [2],
        kernelInitializer: initializers.get('glorot_uniform', { seed: 1 }),
      }),
    ],
  });
  m.compile({ optimizer: 'sgd', loss });
  return m;
}

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

describe('one validator of inputs and labels', () => {
  const cases: [string, string, unknown, unknown][] = [
    [
      'mean_squared_error',
      'different sample counts',
      [[1, 2]],
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ],
    ['mean_squared_error', 'labels of the wrong width', [[1, 2]], [[1, 2]]],
    ['sparse_categorical_crossentropy', 'a class index out of range', [[1, 2]], [3]],
    [
      'sparse_categorical_crossentropy',
      'one-hot labels for a sparse loss',
      [[1, 2]],
      [[0, 1, 0]].concat(),
    ],
    ['categorical_crossentropy', 'class indices for a one-hot loss', [[1, 2]], [2]],
    ['binary_crossentropy', 'labels outside [0, 1]', [[1, 2]], [[2]]],
    ['mean_squared_error', 'a NaN in x', [[1, NaN]], [[1, 2, 3]]],
    ['mean_squared_error', 'x without a feature axis', [1, 2], [1, 2]],
    ['mean_squared_error', 'x of the wrong width', [[1, 2, 3]], [[1, 2, 3]]],
  ];
  for (const [loss, what, x, y] of cases) {
    it(`fit, evaluate, trainOnBatch and gradientFlow report ${what} alike`, () => {
      const units = loss === 'binary_crossentropy' ? 1 : 3;
      const m = model(loss, units);
      const strip = (s: string) => s.replace(/^[A-Za-z.]+: /, '');
      const evaluate = message(() => m.evaluate(x as never, y as never));
      expect(evaluate.startsWith('Sequential.evaluate: ')).toBe(true);
      expect(strip(message(() => m.trainOnBatch(x as never, y as never)))).toBe(strip(evaluate));
      const flow = message(() => gradientFlow(m, x as never, y as never));
      expect(flow.startsWith('gradientFlow: ')).toBe(true);
      expect(strip(flow)).toBe(strip(evaluate));
    });
  }

  it('labels are checked directly, without running the loss on a made-up prediction', async () => {
    const m = model('sparse_categorical_crossentropy');
    const loss = m.loss!;
    const perSample = vi.spyOn(loss, 'perSample');
    const call = vi.spyOn(loss, 'call');
    await expect(m.fit([[1, 2]], [5])).rejects.toThrow(
      /Sequential.fit: y \(shape \[1\]\) does not suit the model's output \[null, 3\] and the loss sparse_categorical_crossentropy: sparse_categorical_crossentropy: labels must be integer class indices in \[0, 3\) for predictions with 3 classes; got 5/,
    );
    expect(() => gradientFlow(m, [[1, 2]], [1.5])).toThrow(/got 1.5 at flat index 0/);
    expect(perSample).not.toHaveBeenCalled();
    expect(call).not.toHaveBeenCalled();
  });

  it('a loss given as a function accepts any labels until it runs', () => {
    const custom = new Sequential([new Dense({ units: 1, inputShape: [2] })]);
    custom.compile({
      optimizer: 'sgd',
      loss: (yTrue, yPred) => yPred.sub(yTrue as never).square(),
    });
    expect(() => custom.evaluate([[1, 2]], [[1]])).not.toThrow();
  });
});

describe('fit with a loss that stops being finite', () => {
  afterEach(() => vi.restoreAllMocks());

  it('warns once, naming the epoch and batch where the loss first became non-finite', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const x = randomUniform([8, 2], { minval: -1, maxval: 1, seed: 3 });
    const y = tensor([[1], [2], [3], [4], [5], [6], [7], [8]]).mul(1e3);
    const m = new Sequential([new Dense({ units: 1, inputShape: [2], kernelInitializer: 'ones' })]);
    m.compile({ optimizer: new SGD({ learningRate: 1e6 }), loss: 'mse' });
    const losses: number[] = [];
    const history = await m.fit(x, y, {
      epochs: 4,
      batchSize: 2,
      shuffle: false,
      callbacks: { onBatchEnd: (_b, logs) => void losses.push(logs.loss!) },
    });
    expect(history.history.loss!.some((l) => !Number.isFinite(l))).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    const first = losses.findIndex((l) => !Number.isFinite(l));
    const text = String(warn.mock.calls[0]![0]);
    expect(text).toContain(`epoch ${Math.floor(first / 4) + 1}/4, batch ${(first % 4) + 1}/4`);
    expect(text).toMatch(/^Sequential.fit: the loss became (NaN|Infinity)/);
    expect(text).toMatch(/clipnorm.*lower learning rate/);
  });

  it('says nothing while the loss stays finite', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const m = model('mse', 1);
    await m.fit([[1, 2]], [[1]], { epochs: 3 });
    expect(warn).not.toHaveBeenCalled();
  });
});
