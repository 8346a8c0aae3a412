import { type Tensor, randomUniform, tensor, zeros } from '@gradflow/autodiff';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Dense,
  EarlyStopping,
  ExponentialDecay,
  LearningRateScheduler,
  ReduceLROnPlateau,
  SGD,
  Sequential,
  TerminateOnNaN,
  callbacks,
  initializers,
} from '../src/index.js';

/** A model stand-in whose weights are [epoch it was taken at], so restored weights name their epoch. */
function fakeModel(learningRate: number | ExponentialDecay = 1) {
  const model = {
    stopTraining: false,
    optimizer: new SGD({ learningRate }),
    epoch: 0,
    weights: [tensor([0])] as Tensor[],
    getWeights: () => [tensor([model.epoch])],
    setWeights: (w: readonly Tensor[]) => void (model.weights = w.slice()),
  };
  return model;
}

/** Runs a callback over a scripted sequence of epoch logs, as fit would; returns the epochs run. */
function script(
  cb: EarlyStopping | ReduceLROnPlateau,
  values: number[],
  monitor = 'loss',
  model = fakeModel(),
): { epochs: number; model: ReturnType<typeof fakeModel>; logs: Record<string, number>[] } {
  cb.setModel(model);
  cb.onTrainBegin();
  const logs: Record<string, number>[] = [];
  let epoch = 0;
  for (; epoch < values.length && !model.stopTraining; epoch++) {
    model.epoch = epoch;
    const l = { [monitor]: values[epoch]! };
    cb.onEpochEnd(epoch, l);
    logs.push(l);
  }
  if (cb instanceof EarlyStopping) cb.onTrainEnd();
  return { epochs: epoch, model, logs };
}

afterEach(() => vi.restoreAllMocks());

describe('EarlyStopping (Keras semantics on scripted losses)', () => {
  it('stops once `patience` epochs in a row bring no improvement', () => {
    const cb = new EarlyStopping({ monitor: 'loss', patience: 2 });
    const r = script(cb, [1, 0.9, 0.95, 0.93, 0.8, 0.7]);
    expect(r.epochs).toBe(4);
    expect(cb.stoppedEpoch).toBe(3);
    expect(cb.best).toBe(0.9);
    expect(cb.bestEpoch).toBe(1);
  });

  it('patience 0 stops at the first epoch (after the first) without improvement', () => {
    expect(script(new EarlyStopping({ monitor: 'loss' }), [1, 0.5, 0.6, 0.1]).epochs).toBe(3);
    // an equal value is no improvement
    expect(script(new EarlyStopping({ monitor: 'loss' }), [1, 1, 0.1]).epochs).toBe(2);
  });

  it('an improvement must beat the best by more than minDelta (its sign ignored)', () => {
    const cb = new EarlyStopping({ monitor: 'loss', minDelta: -0.1, patience: 1 });
    expect(cb.minDelta).toBe(0.1);
    expect(script(cb, [1, 0.95, 0.5]).epochs).toBe(2);
    expect(script(new EarlyStopping({ monitor: 'loss', patience: 1 }), [1, 0.95, 0.5]).epochs).toBe(
      3,
    );
  });

  it("mode 'auto' maximizes accuracies and minimizes losses; 'max' and 'min' force it", () => {
    expect(
      script(new EarlyStopping({ monitor: 'val_accuracy' }), [0.5, 0.6, 0.55, 0.9], 'val_accuracy')
        .epochs,
    ).toBe(3);
    expect(
      script(new EarlyStopping({ monitor: 'val_loss' }), [0.5, 0.6, 0.4], 'val_loss').epochs,
    ).toBe(2);
    expect(
      script(new EarlyStopping({ monitor: 'f1', mode: 'max' }), [0.5, 0.6, 0.55], 'f1').epochs,
    ).toBe(3);
    expect(() => new EarlyStopping({ monitor: 'f1' })).toThrow(
      /EarlyStopping: cannot tell whether "f1" should be minimized or maximized; pass mode: 'min' or mode: 'max'/,
    );
  });

  it('with a baseline, the wait restarts only for values that also beat the baseline', () => {
    const values = [0.9, 0.8, 0.85, 0.7, 0.6];
    expect(script(new EarlyStopping({ monitor: 'loss', patience: 2 }), values).epochs).toBe(5);
    const cb = new EarlyStopping({ monitor: 'loss', patience: 2, baseline: 0.5 });
    expect(script(cb, values).epochs).toBe(3);
    expect(cb.stoppedEpoch).toBe(2);
  });

  it('restoreBestWeights sets the best epoch’s weights back at the end, stopped early or not', () => {
    const stopped = script(
      new EarlyStopping({ monitor: 'loss', patience: 1, restoreBestWeights: true }),
      [1, 0.5, 0.7, 0.2],
    );
    expect(stopped.epochs).toBe(3);
    expect(stopped.model.weights[0]!.item()).toBe(1);
    const finished = script(
      new EarlyStopping({ monitor: 'loss', patience: 5, restoreBestWeights: true }),
      [1, 0.3, 0.7, 0.4],
    );
    expect(finished.epochs).toBe(4);
    expect(finished.model.weights[0]!.item()).toBe(1);
    const untouched = script(new EarlyStopping({ monitor: 'loss', patience: 5 }), [1, 0.3, 0.7]);
    expect(untouched.model.weights[0]!.item()).toBe(0);
  });

  it('startFromEpoch ignores the first epochs (a warm-up)', () => {
    const cb = new EarlyStopping({ monitor: 'loss', startFromEpoch: 2 });
    expect(script(cb, [1, 2, 3, 2.5, 2.6]).epochs).toBe(5);
    expect(cb.best).toBe(2.5);
  });

  it('warns (and does nothing) when the monitored value is not in the logs; is reusable', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const cb = new EarlyStopping();
    expect(script(cb, [1, 2, 3], 'loss').epochs).toBe(3);
    expect(warn).toHaveBeenCalledTimes(3);
    expect(String(warn.mock.calls[0]![0])).toMatch(
      /EarlyStopping: early stopping is conditioned on "val_loss", which is not in the logs; available: loss/,
    );
    const again = new EarlyStopping({ monitor: 'loss' });
    script(again, [1, 2]);
    expect(script(again, [5, 4, 3]).epochs).toBe(3);
  });

  it("Keras's documented example: patience 3 on a diverging loss runs only 4 epochs", async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const x = tensor(
      Array.from({ length: 5 }, (_, i) => Array.from({ length: 20 }, (_, j) => i * 20 + j)),
    );
    const model = new Sequential([
      new Dense({
        units: 10,
        inputShape: [20],
        kernelInitializer: initializers.get('glorot_uniform', { seed: 7 }),
      }),
    ]);
    model.compile({ optimizer: new SGD(), loss: 'mse' });
    const history = await model.fit(x, zeros([5, 10]), {
      epochs: 10,
      batchSize: 1,
      callbacks: [new EarlyStopping({ monitor: 'loss', patience: 3 })],
    });
    expect(history.history.loss).toHaveLength(4);
  });
});

describe('TerminateOnNaN', () => {
  it('stops fit after the first batch whose loss is NaN or infinite', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const x = randomUniform([8, 2], { minval: -1, maxval: 1, seed: 3 });
    const y = tensor([[1], [2], [3], [4], [5], [6], [7], [8]]).mul(1e3);
    const model = new Sequential([
      new Dense({ units: 1, inputShape: [2], kernelInitializer: 'ones' }),
    ]);
    model.compile({ optimizer: new SGD({ learningRate: 1e6 }), loss: 'mse' });
    const batches: number[] = [];
    const terminate = new TerminateOnNaN();
    const history = await model.fit(x, y, {
      epochs: 5,
      batchSize: 2,
      shuffle: false,
      callbacks: [terminate, { onBatchEnd: (_b, logs) => void batches.push(logs.loss!) }],
    });
    const first = batches.findIndex((l) => !Number.isFinite(l));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(batches).toHaveLength(first + 1);
    expect(history.epoch).toHaveLength(Math.floor(first / 4) + 1);
    expect(terminate.stoppedBatch).toBe(first % 4);
    expect(log).toHaveBeenCalledWith(`Batch ${first % 4}: Invalid loss, terminating training`);
  });
});

describe('ReduceLROnPlateau (Keras semantics on scripted losses)', () => {
  it('multiplies the rate by factor after patience epochs, then cools down, never below minLr', () => {
    const cb = new ReduceLROnPlateau({
      monitor: 'loss',
      factor: 0.5,
      patience: 2,
      cooldown: 1,
      minLr: 0.1,
    });
    const r = script(cb, new Array(12).fill(1));
    // logged at each epoch's end, before that epoch's reduction (as Keras)
    expect(r.logs.map((l) => l.learning_rate)).toEqual([
      1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.1, 0.1, 0.1,
    ]);
    expect(r.model.optimizer.learningRate).toBe(0.1);
  });

  it('improvements by more than minDelta reset the wait; accuracies are maximized', () => {
    const cb = new ReduceLROnPlateau({ monitor: 'loss', patience: 2, minDelta: 0.01 });
    script(cb, [1, 0.995, 0.98, 0.975, 0.97]);
    // 0.995 is no improvement on 1 by > 0.01 (wait 1), 0.98 is (reset), then 2 epochs without one
    expect(cb.best).toBe(0.98);
    const r = script(
      new ReduceLROnPlateau({ monitor: 'val_acc', patience: 1 }),
      [0.5, 0.6, 0.55],
      'val_acc',
    );
    expect(r.model.optimizer.learningRate).toBeCloseTo(0.1, 15);
  });

  it('rejects factor >= 1, and says why a schedule’s rate cannot be reduced', () => {
    expect(() => new ReduceLROnPlateau({ factor: 1 })).toThrow(
      /ReduceLROnPlateau: factor must be a number in \[0, 1\)/,
    );
    const cb = new ReduceLROnPlateau({ monitor: 'loss', patience: 0 });
    const model = fakeModel(
      new ExponentialDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 }),
    );
    expect(() => script(cb, [1, 2], 'loss', model)).toThrow(
      /the learning rate is the schedule ExponentialDecay, so it cannot be set/,
    );
  });
});

describe('LearningRateScheduler', () => {
  it("Keras's documented example: lr kept for 10 epochs, then times exp(-0.1) each epoch", async () => {
    const model = new Sequential([new Dense({ units: 10, inputShape: [20] })]);
    model.compile({ optimizer: new SGD(), loss: 'mse' });
    expect(model.optimizer!.learningRate).toBe(0.01);
    const schedule = (epoch: number, lr: number) => (epoch < 10 ? lr : lr * Math.exp(-0.1));
    const x = tensor(
      Array.from({ length: 5 }, (_, i) => Array.from({ length: 20 }, (_, j) => (i + j) / 100)),
    );
    const history = await model.fit(x, zeros([5, 10]), {
      epochs: 15,
      callbacks: [new LearningRateScheduler(schedule)],
    });
    expect(Math.round(model.optimizer!.learningRate * 1e5) / 1e5).toBe(0.00607);
    expect(history.history.learning_rate).toHaveLength(15);
    expect(history.history.learning_rate![10]).toBeCloseTo(0.01 * Math.exp(-0.1), 15);
  });

  it('rejects a schedule that is not a function or returns no rate', () => {
    expect(() => new LearningRateScheduler(0.1 as never)).toThrow(
      /LearningRateScheduler: expects a function/,
    );
    const cb = new LearningRateScheduler(() => NaN);
    cb.setModel(fakeModel());
    expect(() => cb.onEpochBegin(0)).toThrow(
      /the schedule must return a finite number >= 0, got NaN for epoch 0/,
    );
  });
});

describe('callbacks registry', () => {
  it('builds callbacks from ids and from their serialized form', () => {
    expect(callbacks.list()).toEqual([
      'early_stopping',
      'reduce_lr_on_plateau',
      'terminate_on_nan',
    ]);
    const es = new EarlyStopping({
      monitor: 'val_accuracy',
      patience: 3,
      restoreBestWeights: true,
    });
    const again = callbacks.get(JSON.parse(JSON.stringify(callbacks.serialize(es))));
    expect(again).toBeInstanceOf(EarlyStopping);
    expect(again.getConfig()).toEqual(es.getConfig());
    expect(callbacks.get('TerminateOnNaN')).toBeInstanceOf(TerminateOnNaN);
    expect(() => callbacks.get('model_checkpoint')).toThrow(
      /callbacks.get: unknown callback "model_checkpoint"/,
    );
  });
});
