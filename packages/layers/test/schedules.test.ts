import { tensor } from '@gradflow/autodiff';
import { describe, expect, it } from 'vitest';
import {
  Adam,
  CosineDecay,
  CosineDecayRestarts,
  ExponentialDecay,
  InverseTimeDecay,
  type LearningRateSchedule,
  PiecewiseConstantDecay,
  PolynomialDecay,
  RMSprop,
  SGD,
  optimizers,
  schedules,
} from '../src/index.js';

const STEPS = [0, 1, 7, 10, 55, 100, 999, 1000, 1001, 2500, 10_000, 25_000];

/** Every step of STEPS: the schedule equals Keras 3's formula, written out here. */
function expectFormula(s: LearningRateSchedule, formula: (step: number) => number) {
  for (const step of STEPS) expect(s.call(step)).toBeCloseTo(formula(step), 14);
}

describe("learning-rate schedules follow Keras 3's formulas", () => {
  it('ExponentialDecay: lr0 · rate^(step / decaySteps), floored with staircase', () => {
    const o = { initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96 };
    expectFormula(new ExponentialDecay(o), (s) => 0.1 * 0.96 ** (s / 1000));
    expectFormula(
      new ExponentialDecay({ ...o, staircase: true }),
      (s) => 0.1 * 0.96 ** Math.floor(s / 1000),
    );
  });

  it('PiecewiseConstantDecay: values[i] up to and including boundaries[i]', () => {
    const s = new PiecewiseConstantDecay({ boundaries: [100, 1000], values: [1, 0.5, 0.1] });
    expectFormula(s, (t) => (t <= 100 ? 1 : t <= 1000 ? 0.5 : 0.1));
    expect([0, 100, 101, 1000, 1001].map((t) => s.call(t))).toEqual([1, 1, 0.5, 0.5, 0.1]);
    expect(s.name).toBe('PiecewiseConstant');
  });

  it('PolynomialDecay: (lr0 - end)(1 - step/decaySteps)^power + end, capped or cycled', () => {
    const o = { initialLearningRate: 0.1, decaySteps: 1000, endLearningRate: 0.01, power: 0.5 };
    expectFormula(
      new PolynomialDecay(o),
      (s) => 0.09 * (1 - Math.min(s, 1000) / 1000) ** 0.5 + 0.01,
    );
    expectFormula(new PolynomialDecay({ ...o, cycle: true }), (s) => {
      const steps = 1000 * (s === 0 ? 1 : Math.ceil(s / 1000));
      return 0.09 * (1 - s / steps) ** 0.5 + 0.01;
    });
    expect(new PolynomialDecay({ initialLearningRate: 1, decaySteps: 10 }).call(10)).toBe(0.0001);
  });

  it('InverseTimeDecay: lr0 / (1 + rate · step / decaySteps), floored with staircase', () => {
    const o = { initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.5 };
    expectFormula(new InverseTimeDecay(o), (s) => 0.1 / (1 + (0.5 * s) / 1000));
    expectFormula(
      new InverseTimeDecay({ ...o, staircase: true }),
      (s) => 0.1 / (1 + 0.5 * Math.floor(s / 1000)),
    );
  });

  it('CosineDecay: lr0 ((1 - alpha) ½(1 + cos(π min(step, T)/T)) + alpha)', () => {
    const cos = (from: number, s: number, T: number, alpha: number) =>
      from * ((1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * Math.min(s, T)) / T)) + alpha);
    expectFormula(
      new CosineDecay({ initialLearningRate: 0.1, decaySteps: 1000, alpha: 0.1 }),
      (s) => cos(0.1, s, 1000, 0.1),
    );
    expect(new CosineDecay({ initialLearningRate: 1, decaySteps: 1000 }).call(500)).toBeCloseTo(
      0.5,
      15,
    );
  });

  it('CosineDecay with warmup: linear from lr0 to warmupTarget, then cosine from the target', () => {
    const s = new CosineDecay({
      initialLearningRate: 0,
      decaySteps: 1000,
      warmupTarget: 0.1,
      warmupSteps: 100,
    });
    expectFormula(s, (t) => {
      if (t < 100) return 0.1 * (t / 100);
      const u = Math.min(t, 1100) - 100;
      return 0.1 * 0.5 * (1 + Math.cos((Math.PI * u) / 1000));
    });
    expect(s.call(50)).toBeCloseTo(0.05, 15);
    expect(s.call(100)).toBeCloseTo(0.1, 15);
    expect(s.call(600)).toBeCloseTo(0.05, 15);
    expect(s.call(5000)).toBeCloseTo(0, 15);
  });

  it('CosineDecayRestarts: periods T·tMul^i, each starting at lr0·mMul^i (walked period by period)', () => {
    for (const [tMul, mMul, alpha] of [
      [2, 0.5, 0],
      [1, 1, 0.1],
      [1.5, 0.9, 0.05],
    ] as const) {
      const s = new CosineDecayRestarts({
        initialLearningRate: 0.2,
        firstDecaySteps: 100,
        tMul,
        mMul,
        alpha,
      });
      // An independent oracle: walk the periods until the one holding the step.
      const walked = (step: number) => {
        let start = 0;
        let length = 100;
        let i = 0;
        while (step >= start + length) {
          start += length;
          length *= tMul;
          i++;
        }
        const cosine = 0.5 * mMul ** i * (1 + Math.cos((Math.PI * (step - start)) / length));
        return 0.2 * ((1 - alpha) * cosine + alpha);
      };
      for (const step of [0, 1, 50, 99, 150, 250, 333, 777, 1234, 4321])
        expect(s.call(step)).toBeCloseTo(walked(step), 12);
    }
    expect(new CosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 10 }).name).toBe(
      'SGDRDecay',
    );
  });

  it('rejects bad options and steps with errors naming the schedule', () => {
    expect(
      () => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.9 }),
    ).toThrow(/ExponentialDecay: decaySteps must be a finite number > 0, got 0/);
    expect(() => new PiecewiseConstantDecay({ boundaries: [10], values: [1] })).toThrow(
      /PiecewiseConstantDecay: values must have one more entry than boundaries/,
    );
    expect(() => new PiecewiseConstantDecay({ boundaries: [10, 5], values: [1, 2, 3] })).toThrow(
      /boundaries must increase/,
    );
    expect(() => new CosineDecay({ initialLearningRate: 1, decay_steps: 10 } as never)).toThrow(
      /CosineDecay: unknown option "decay_steps"/,
    );
    expect(() => new CosineDecay({ initialLearningRate: 1, decaySteps: 10 }).call(-1)).toThrow(
      /CosineDecay.call: step must be an integer >= 0, got -1/,
    );
  });
});

describe('schedules as any optimizer’s learning rate', () => {
  it('the step counter starts at 0: the first update uses schedule(0), the next schedule(1)', () => {
    const schedule = new ExponentialDecay({
      initialLearningRate: 0.5,
      decaySteps: 1,
      decayRate: 0.5,
    });
    const opt = new SGD({ learningRate: schedule });
    expect(opt.learningRate).toBe(0.5);
    let w = tensor([1], { dtype: 'float64' });
    const g = tensor([1], { dtype: 'float64' });
    [w] = opt.apply([g], [w]);
    expect(w.item()).toBe(1 - 0.5);
    expect(opt.learningRate).toBe(0.25);
    [w] = opt.apply([g], [w]);
    expect(w.item()).toBe(1 - 0.5 - 0.25);
    expect(opt.iterations).toBe(2);
  });

  it('Adam and RMSprop take schedules too', () => {
    const schedule = new PiecewiseConstantDecay({ boundaries: [0], values: [0.1, 0.01] });
    for (const opt of [
      new Adam({ learningRate: schedule }),
      new RMSprop({ learningRate: schedule }),
    ]) {
      expect(opt.learningRate).toBe(0.1);
      opt.apply([tensor([1])], [tensor([1])]);
      expect(opt.learningRate).toBe(0.01);
    }
  });

  it('is saved in the optimizer config in Keras serialized form and restored', () => {
    const opt = new Adam({
      learningRate: new CosineDecay({
        initialLearningRate: 0,
        decaySteps: 100,
        warmupTarget: 0.01,
        warmupSteps: 10,
      }),
    });
    const saved = JSON.parse(JSON.stringify(optimizers.serialize(opt)));
    expect(saved.config.learning_rate).toEqual({
      module: 'keras.optimizers.schedules',
      class_name: 'CosineDecay',
      config: {
        initial_learning_rate: 0,
        decay_steps: 100,
        alpha: 0,
        name: 'CosineDecay',
        warmup_target: 0.01,
        warmup_steps: 10,
      },
      registered_name: null,
    });
    const again = optimizers.get(saved);
    expect(again.learningRateSchedule).toBeInstanceOf(CosineDecay);
    expect(again.getConfig()).toEqual(opt.getConfig());
    for (const name of schedules.list()) expect(typeof name).toBe('string');
    expect(schedules.list()).toHaveLength(6);
  });

  it('a schedule’s rate cannot be set, as in Keras', () => {
    const opt = new SGD({
      learningRate: new InverseTimeDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 1 }),
    });
    expect(() => (opt.learningRate = 0.1)).toThrow(
      /SGD: the learning rate is the schedule InverseTimeDecay, so it cannot be set/,
    );
    expect(() => schedules.get({ class_name: 'WarmUp' })).toThrow(
      /schedules.get: unknown learning rate schedule "WarmUp"; valid ids: ExponentialDecay/,
    );
  });
});
