import { randomUniform, tensor } from '@gradflow/autodiff';
import { describe, expect, it } from 'vitest';
import {
  Adam,
  CosineDecay,
  Dense,
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
