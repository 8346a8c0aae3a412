import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measure, quantile, summarize } from '../src/measure.js';

describe('quantile', () => {
  it('interpolates linearly between ranks like NumPy', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(sorted, 0.5)).toBeCloseTo(5.5);
    expect(quantile(sorted, 0.1)).toBeCloseTo(1.9);
    expect(quantile(sorted, 0.9)).toBeCloseTo(9.1);
    expect(quantile([42], 0.9)).toBe(42);
  });

  it('lies between min and max and is monotone in q', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, q1, q2) => {
          const sorted = [...xs].sort((a, b) => a - b);
          const [lo, hi] = q1 <= q2 ? [q1, q2] : [q2, q1];
          const a = quantile(sorted, lo);
          const b = quantile(sorted, hi);
          return sorted[0] <= a && a <= b && b <= sorted[sorted.length - 1];
        },
      ),
    );
  });

  it('rejects an empty sample and q outside [0, 1]', () => {
    expect(() => quantile([], 0.5)).toThrow(/no samples/);
    expect(() => quantile([1], 1.5)).toThrow(/q must be in \[0, 1\], got 1.5/);
  });
});

describe('summarize and measure', () => {
  it('orders p10 <= median <= p90 and counts the samples', () => {
    const stats = summarize([5, 1, 4, 2, 3]);
    expect(stats).toMatchObject({ median: 3, min: 1, max: 5, mean: 3, iterations: 5 });
    expect(stats.p10).toBeLessThanOrEqual(stats.median);
    expect(stats.p90).toBeGreaterThanOrEqual(stats.median);
  });

  it('calls fn warmup + iterations times and times only the iterations', () => {
    let calls = 0;
    const stats = measure(() => calls++, { warmup: 3, iterations: 7 });
    expect(calls).toBe(10);
    expect(stats.iterations).toBe(7);
    expect(stats.min).toBeGreaterThanOrEqual(0);
  });

  it('rejects invalid options with the offending value', () => {
    expect(() => measure(() => 0, { iterations: 0 })).toThrow(/iterations .* got 0/);
    expect(() => measure(() => 0, { warmup: -1 })).toThrow(/warmup .* got -1/);
  });
});

describe('measure with a time budget', () => {
  it('stops timing once the budget is spent, after at least minIterations calls', () => {
    let calls = 0;
    const busy = () => {
      calls++;
      const end = performance.now() + 2;
      while (performance.now() < end) {
        // spin
      }
    };
    const stats = measure(busy, { warmup: 100, iterations: 1000, budgetMs: 10, minIterations: 3 });
    expect(stats.iterations).toBeGreaterThanOrEqual(3);
    expect(stats.iterations).toBeLessThan(20);
    expect(calls).toBeLessThan(40);
  });

  it('rejects a budget that is not positive', () => {
    expect(() => measure(() => 0, { budgetMs: 0 })).toThrow(/budgetMs must be > 0, got 0/);
  });
});
