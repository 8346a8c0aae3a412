import { describe, expect, it } from 'vitest';
import { setWasmEnabled } from '@gradflow/autodiff';
import {
  DEFAULT_CONFIG,
  hiddenActivations,
  initializerIds,
  type TrainConfig,
} from '../../src/lib/train/config.js';
import { DOMAIN } from '../../src/lib/train/data.js';
import { GRID, POINTS, Trainer, gridPoints } from '../../src/lib/train/trainer.js';

const config = (patch: Partial<TrainConfig> = {}): TrainConfig => ({ ...DEFAULT_CONFIG, ...patch });

describe('Trainer', () => {
  it('training on xor and on circle lowers the loss, the same way for the same seed', () => {
    for (const dataset of ['xor', 'circle'] as const) {
      const c = config({ dataset, optimizer: 'adam', learningRate: 0.03 });
      const a = new Trainer(c);
      const before = a.losses();
      a.run(150);
      const after = a.losses();
      expect(after.train).toBeLessThan(before.train * 0.5);
      expect(after.test).toBeLessThan(before.test * 0.5);
      const b = new Trainer(c);
      b.run(150);
      expect(b.losses()).toEqual(after);
    }
  });

  it('SGD with momentum and RMSprop train too', () => {
    for (const optimizer of ['sgd', 'rmsprop'] as const) {
      const t = new Trainer(config({ dataset: 'gauss', optimizer, learningRate: 0.01 }));
      const before = t.losses().train;
      t.run(60);
      expect(t.losses().train).toBeLessThan(before);
    }
  });

  it('counts steps and epochs: an epoch is one pass over the training set in batches', () => {
    const t = new Trainer(config({ batchSize: 25, split: 0.5 }));
    expect(t.data.train.y.length).toBe(POINTS / 2);
    expect([t.step, t.epoch]).toEqual([0, 0]);
    t.run(9);
    expect([t.step, t.epoch]).toEqual([9, 0]);
    t.run(1);
    expect([t.step, t.epoch]).toEqual([10, 1]);
  });

  it('reset restores the initial weights, losses and counters', () => {
    const t = new Trainer(config());
    const initial = t.frame();
    t.run(20);
    expect(t.frame().trainLoss).not.toBe(initial.trainLoss);
    t.reset();
    expect(t.frame()).toEqual(initial);
  });

  it('reports one gradient norm per layer with weights, zero before the first step', () => {
    const t = new Trainer(
      config({
        layers: [
          { units: 3, activation: 'relu' },
          { units: 2, activation: 'elu' },
          { units: 2, activation: 'gelu' },
        ],
      }),
    );
    expect(Array.from(t.frame().gradNorms)).toEqual([0, 0, 0, 0]);
    t.run(1);
    const norms = t.frame().gradNorms;
    expect(norms.length).toBe(4);
    for (const v of norms) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThan(0);
    }
  });

  it('the heatmap grid is GRID×GRID probabilities, top row first', () => {
    const f = new Trainer(
      config({ dataset: 'gauss', layers: [], optimizer: 'adam', learningRate: 0.1 }),
    );
    f.run(100);
    const grid = f.frame().grid;
    expect(grid).toBeInstanceOf(Float32Array);
    expect(grid.length).toBe(GRID * GRID);
    for (const p of grid) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
    // Class 1 is the blob at (2, 2): the top-right corner is class 1, the bottom-left class 0.
    expect(grid[GRID - 1]!).toBeGreaterThan(0.9);
    expect(grid[(GRID - 1) * GRID]!).toBeLessThan(0.1);
    const xy = gridPoints();
    expect([xy[0], xy[1]]).toEqual([-DOMAIN + DOMAIN / GRID, DOMAIN - DOMAIN / GRID]);
  });

  it('a network without hidden layers and with extra features learns the circle', () => {
    const t = new Trainer(
      config({ layers: [], features: ['x1sq', 'x2sq'], optimizer: 'adam', learningRate: 0.1 }),
    );
    t.run(100);
    expect(t.losses().train).toBeLessThan(0.2);
  });

  it('every offered initializer and hidden activation builds a model that takes a finite step', () => {
    for (const initializer of initializerIds()) {
      const t = new Trainer(config({ initializer }));
      expect(Number.isFinite(t.run(1)), initializer).toBe(true);
    }
    const acts = hiddenActivations();
    for (const activation of acts) {
      const one = new Trainer(config({ layers: [{ units: 3, activation }] }));
      expect(Number.isFinite(one.run(1)), activation).toBe(true);
    }
  });

  it('bad settings are clear errors', () => {
    expect(() => new Trainer(config({ initializer: 'nope' }))).toThrow(/nope/);
    expect(() => new Trainer(config({ features: [] }))).toThrow(/at least one feature/);
    expect(() => new Trainer(config()).run(0)).toThrow(/count must be a whole number >= 1, got 0/);
  });
});

describe('Trainer: the compiled step', () => {
  const run = (compiled: boolean) => {
    const t = new Trainer(config({ dataset: 'spiral', optimizer: 'adam', batchSize: 32 }), {
      compiled,
    });
    const losses = [t.run(1), t.run(20), t.run(1)];
    // Compiled: one program for the full batch of 32, one for the last batch of 26.
    expect(t.compiledSteps).toBe(compiled ? 2 : 0);
    return { losses, frame: t.frame() };
  };

  it('equals the eager step bit for bit on the tape backend (a partial last batch included)', () => {
    setWasmEnabled(false);
    try {
      expect(run(true)).toEqual(run(false));
    } finally {
      setWasmEnabled(true);
    }
  });

  it('agrees with the eager step within float32 rounding on the WebAssembly backend', () => {
    const a = run(true);
    const b = run(false);
    a.losses.forEach((l, i) => expect(l).toBeCloseTo(b.losses[i]!, 5));
    const grid = a.frame.grid;
    let worst = 0;
    for (let i = 0; i < grid.length; i++)
      worst = Math.max(worst, Math.abs(grid[i]! - b.frame.grid[i]!));
    expect(worst).toBeLessThan(1e-4);
  });
});
