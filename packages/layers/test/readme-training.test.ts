import { randomNormal, randomUniform, tensor } from '@gradflow/autodiff';
import { describe, expect, it } from 'vitest';
import {
  Adam,
  BatchNormalization,
  CosineDecay,
  Dense,
  Dropout,
  EarlyStopping,
  Sequential,
  TerminateOnNaN,
  initializers,
} from '../src/index.js';

// The README's Tour section "Training with callbacks and a learning-rate schedule", line by line.
describe('README: training with callbacks and a learning-rate schedule', () => {
  it('warmup + cosine decay with EarlyStopping fits the line and stops before 200 epochs', async () => {
    const x = randomUniform([256, 2], { minval: -1, maxval: 1, seed: 1 });
    const y = x.matmul(tensor([[2], [-1]])).add(0.5); // y = 2 x0 - x1 + 0.5
    const init = initializers.get('glorot_uniform', { seed: 3 });
    const model = new Sequential([
      new Dense({ units: 1, inputShape: [2], kernelInitializer: init }),
    ]);
    const schedule = new CosineDecay({
      initialLearningRate: 0,
      warmupTarget: 0.1,
      warmupSteps: 20,
      decaySteps: 400,
    });
    model.compile({ optimizer: new Adam({ learningRate: schedule }), loss: 'mean_squared_error' });
    const history = await model.fit(x, y, {
      epochs: 200,
      seed: 2,
      validationSplit: 0.25,
      callbacks: [
        new EarlyStopping({ monitor: 'val_loss', patience: 10, restoreBestWeights: true }),
        new TerminateOnNaN(),
      ],
    });
    expect(history.epoch.length).toBeLessThan(200);
    expect(history.history.val_loss!.at(-1)).toBeLessThan(1e-6);
    const optimizer = model.optimizer!;
    expect(optimizer.iterations).toBe(history.epoch.length * Math.ceil(192 / 32));
    expect(optimizer.learningRate).toBe(schedule.call(optimizer.iterations));
  });
});

// The README's Tour section "Compiled training steps", line by line.
describe('README: compiled training steps', () => {
  it('fit compiles by default and says so; jitCompile: false trains eagerly', async () => {
    const x = randomNormal([200, 4], { seed: 1 });
    const labels = Int32Array.from(
      x.data().filter((_, i) => i % 4 === 0),
      (v) => (v > 0 ? 1 : 0),
    );
    const seeded = (seed: number) => initializers.get('he_normal', { seed });
    const make = () =>
      new Sequential([
        new Dense({ units: 16, activation: 'relu', inputShape: [4], kernelInitializer: seeded(3) }),
        new BatchNormalization(),
        new Dropout({ rate: 0.2, seed: 1 }),
        new Dense({ units: 2, activation: 'softmax', kernelInitializer: seeded(4) }),
      ]);
    const model = make();
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
    const history = await model.fit(x, labels, { epochs: 5, batchSize: 32, seed: 2 });
    expect(model.jitStatus).toEqual({ jitCompile: 'auto', compiled: true, reason: null });
    const loss = history.history.loss!;
    loss.slice(1).forEach((l, i) => expect(l).toBeLessThan(loss[i]!));
    const eager = make();
    eager.compile({
      optimizer: 'adam',
      loss: 'sparse_categorical_crossentropy',
      jitCompile: false,
    });
    expect(eager.jitStatus.reason).toBe('jitCompile is false');
  });
});
