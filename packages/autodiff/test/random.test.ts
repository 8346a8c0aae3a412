import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import {
  GradflowError,
  RandomGenerator,
  randomNormal,
  randomUniform,
  setGlobalSeed,
  truncatedNormal,
} from '../src/index.js';
import { portableLog } from '../src/random.js';
import { valuesOf } from './core-helpers.js';

function moments(v: readonly number[]): { mean: number; variance: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1);
  return { mean, variance };
}

describe('seeded random tensors', () => {
  it('the first float64 values for seed 42 are pinned, so a platform or algorithm change shows', () => {
    expect(valuesOf(randomNormal([6], { seed: 42, dtype: 'float64' }))).toEqual([
      0.31875784963858494, -0.7706160167419408, 0.15178267621950975, -0.12624145471928355,
      -0.3257678439811117, 3.249048507410778,
    ]);
    expect(valuesOf(randomUniform([6], { seed: 42, dtype: 'float64' }))).toEqual([
      0.6606157208001621, 0.1117019639532224, 0.0791056456144914, 0.015209237180418,
      0.8806870827450254, 0.1833730151847529,
    ]);
    // truncatedNormal redraws the sixth normal (3.249 > 2)
    expect(valuesOf(truncatedNormal([6], { seed: 42, dtype: 'float64' }))).toEqual([
      0.31875784963858494, -0.7706160167419408, 0.15178267621950975, -0.12624145471928355,
      -0.3257678439811117, -0.6872105228743656,
    ]);
    // float32 draws are the float64 draws rounded
    expect(valuesOf(randomNormal([4], { seed: 42 }))).toEqual(
      [0.31875784963858494, -0.7706160167419408, 0.15178267621950975, -0.12624145471928355].map(
        Math.fround,
      ),
    );
  });

  it('the same seed gives identical tensors; mean and stddev shift and scale the same draws', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), (seed) => {
        expect(valuesOf(randomNormal([17], { seed }))).toEqual(
          valuesOf(randomNormal([17], { seed })),
        );
        expect(valuesOf(randomUniform([3, 5], { seed, dtype: 'float64' }))).toEqual(
          valuesOf(randomUniform([3, 5], { seed, dtype: 'float64' })),
        );
        expect(valuesOf(truncatedNormal([9], { seed }))).toEqual(
          valuesOf(truncatedNormal([9], { seed })),
        );
        const z = valuesOf(randomNormal([5], { seed, dtype: 'float64' }));
        expect(valuesOf(randomNormal([5], { seed, dtype: 'float64', mean: 1, stddev: 2 }))).toEqual(
          z.map((v) => 1 + 2 * v),
        );
      }),
      { numRuns: numRuns(0.2) },
    );
  });

  it('different seeds give different tensors', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 1000 }),
        (seed, delta) => {
          expect(valuesOf(randomNormal([8], { seed, dtype: 'float64' }))).not.toEqual(
            valuesOf(randomNormal([8], { seed: seed + delta, dtype: 'float64' })),
          );
          expect(valuesOf(randomUniform([8], { seed, dtype: 'float64' }))).not.toEqual(
            valuesOf(randomUniform([8], { seed: seed + delta, dtype: 'float64' })),
          );
        },
      ),
      { numRuns: numRuns(0.2) },
    );
    // seeds that differ only above 2^32 differ too
    expect(valuesOf(randomUniform([4], { seed: 1 }))).not.toEqual(
      valuesOf(randomUniform([4], { seed: 1 + 2 ** 32 })),
    );
  });

  it('setGlobalSeed makes unseeded draws replay', () => {
    setGlobalSeed(7);
    const a = valuesOf(randomNormal([5]));
    setGlobalSeed(7);
    expect(valuesOf(randomNormal([5]))).toEqual(a);
  });

  // Sample moments of n = 40000 draws: the sample mean has standard error s/sqrt(n) and the sample
  // variance about s^2 sqrt(2/n) (less for bounded draws); 6 standard errors never fail by chance.
  const n = 40000;

  it('randomNormal(mean 2, stddev 3) has sample mean 2 and variance 9 within 6 standard errors', () => {
    const m = moments(
      valuesOf(randomNormal([n], { seed: 1, mean: 2, stddev: 3, dtype: 'float64' })),
    );
    expect(Math.abs(m.mean - 2)).toBeLessThan((6 * 3) / Math.sqrt(n));
    expect(Math.abs(m.variance - 9)).toBeLessThan(6 * 9 * Math.sqrt(2 / n));
  });

  it('randomUniform(-1, 3) stays in [-1, 3) with mean 1 and variance 16/12', () => {
    const v = valuesOf(randomUniform([n], { seed: 2, minval: -1, maxval: 3, dtype: 'float64' }));
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...v)).toBeLessThan(3);
    const m = moments(v);
    expect(Math.abs(m.mean - 1)).toBeLessThan((6 * Math.sqrt(16 / 12)) / Math.sqrt(n));
    expect(Math.abs(m.variance - 16 / 12)).toBeLessThan(6 * (16 / 12) * Math.sqrt(2 / n));
  });

  it('truncatedNormal stays within 2 stddev of the mean, with the truncated normal variance 0.7737 s^2', () => {
    const v = valuesOf(truncatedNormal([n], { seed: 3, mean: -1, stddev: 0.5, dtype: 'float64' }));
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...v)).toBeLessThanOrEqual(0);
    const m = moments(v);
    expect(Math.abs(m.mean + 1)).toBeLessThan((6 * 0.5) / Math.sqrt(n));
    // Var of a standard normal truncated to [-2, 2]: 1 - 4 phi(2) / (Phi(2) - Phi(-2)) = 0.77374
    expect(Math.abs(m.variance - 0.77374 * 0.25)).toBeLessThan(6 * 0.25 * Math.sqrt(2 / n));
  });

  it('float32 uniform draws stay below maxval even where float32 rounding would reach it (seed 8, 2^20 draws)', () => {
    const v = randomUniform([1 << 20], { seed: 8 }).data();
    let top = -Infinity;
    for (let i = 0; i < v.length; i++) top = Math.max(top, v[i]!);
    expect(top).toBeLessThan(1);
    const w = randomUniform([1 << 16], { seed: 5, minval: -0.05, maxval: 0.05 }).data();
    for (let i = 0; i < w.length; i++)
      expect(w[i]! < Math.fround(0.05) && w[i]! >= Math.fround(-0.05)).toBe(true);
  });

  it('maxval = minval gives the constant minval', () => {
    expect(valuesOf(randomUniform([3], { seed: 1, minval: 2, maxval: 2 }))).toEqual([2, 2, 2]);
  });

  it('RandomGenerator: uniform() is in [0, 1) with 53 random bits and int(n) in [0, n)', () => {
    const g = new RandomGenerator(123);
    for (let i = 0; i < 1000; i++) {
      const u = g.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      expect(Number.isInteger(u * 2 ** 53)).toBe(true);
      const k = g.int(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
  });
});

describe('portableLog', () => {
  it('equals Math.log bit for bit on positive doubles, subnormals included', () => {
    fc.assert(
      fc.property(fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }), (x) => {
        expect(portableLog(x)).toBe(Math.log(x));
      }),
      { numRuns: numRuns(50) },
    );
  });

  it('equals Math.log near 1 (|x - 1| < 2^-20, its special branch) and at special values', () => {
    fc.assert(
      fc.property(fc.double({ min: 1 - 2 ** -20, max: 1 + 2 ** -20, noNaN: true }), (x) => {
        expect(portableLog(x)).toBe(Math.log(x));
      }),
      { numRuns: numRuns(10) },
    );
    for (const x of [
      1,
      2,
      0.5,
      Math.E,
      10,
      5e-324,
      2.2250738585072014e-308,
      1.7976931348623157e308,
      0.1,
      0.7,
      1.5,
    ]) {
      expect(portableLog(x), `log(${x})`).toBe(Math.log(x));
    }
    expect(portableLog(0)).toBe(-Infinity);
    expect(portableLog(Infinity)).toBe(Infinity);
    expect(portableLog(-1)).toBeNaN();
    expect(portableLog(NaN)).toBeNaN();
  });
});

describe('random option errors name the op and the bad value', () => {
  function expectError(fn: () => unknown, op: string, ...fragments: string[]): void {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GradflowError);
    expect((err as GradflowError).op).toBe(op);
    for (const f of fragments) expect((err as Error).message).toContain(f);
  }

  it('negative or non-finite stddev and mean', () => {
    expectError(() => randomNormal([2], { stddev: -1 }), 'randomNormal', 'stddev', '-1');
    expectError(() => truncatedNormal([2], { stddev: -0.5 }), 'truncatedNormal', 'stddev', '-0.5');
    expectError(() => randomNormal([2], { mean: NaN }), 'randomNormal', 'mean', 'NaN');
    expectError(
      () => randomNormal([2], { stddev: Infinity }),
      'randomNormal',
      'stddev',
      'Infinity',
    );
  });

  it('maxval below minval, and non-finite bounds', () => {
    expectError(
      () => randomUniform([2], { minval: 1, maxval: 0 }),
      'randomUniform',
      'maxval (0)',
      'minval (1)',
    );
    expectError(
      () => randomUniform([2], { maxval: Infinity }),
      'randomUniform',
      'maxval',
      'Infinity',
    );
  });

  it('non-integer or unsafe seeds', () => {
    expectError(() => randomNormal([2], { seed: 1.5 }), 'randomNormal', 'seed', '1.5');
    expectError(() => randomUniform([2], { seed: 2 ** 60 }), 'randomUniform', 'seed');
    expectError(
      () => truncatedNormal([2], { seed: '3' as unknown as number }),
      'truncatedNormal',
      'seed',
      '3',
    );
    expectError(() => setGlobalSeed(NaN), 'setGlobalSeed', 'seed', 'NaN');
    expectError(() => new RandomGenerator(0.5), 'RandomGenerator', 'seed');
  });

  it('bad dtypes and shapes', () => {
    expectError(
      () => randomUniform([2], { dtype: 'int32' as unknown as 'float32' }),
      'randomUniform',
      '"int32"',
      'float32, float64',
    );
    expectError(
      () => truncatedNormal([2], { dtype: 'float16' as unknown as 'float32' }),
      'truncatedNormal',
      '"float16"',
    );
    expectError(() => randomNormal([2, -3]), 'randomNormal', '-3');
  });
});
