import { it } from 'vitest';
import { Trainer } from '../src/lib/train/trainer.js';
import { DEFAULT_CONFIG } from '../src/lib/train/config.js';
it('m', () => {
  for (const dataset of ['circle','xor','gauss','spiral','moons'] as const) {
  const t = new Trainer({ ...DEFAULT_CONFIG, dataset, optimizer:'adam', learningRate: 0.03 });
  const t0 = performance.now();
  const f0 = t.frame();
  const t1 = performance.now();
  t.run(200);
  const t2 = performance.now();
  const f1 = t.frame();
  t.run(800);
  const f2 = t.frame();
  console.log(dataset, 'frame ms', (t1-t0).toFixed(1), 'step ms', ((t2-t1)/200).toFixed(2), f0.trainLoss, f1.trainLoss, f2.trainLoss, f2.testLoss, t.epoch, Array.from(f1.gradNorms));
  }
});
