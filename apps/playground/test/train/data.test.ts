import { GradflowError } from '@gradflow/autodiff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATASETS, DOMAIN, MAX_NOISE, Rng, generate, split } from '../../src/lib/train/data.js';

const count = (y: Uint8Array, label: number) => y.filter((v) => v === label).length;

describe('train data sets', () => {
  it('each data set has exactly half of each class, all points inside the square', () => {
    for (const dataset of DATASETS)
      for (const noise of [0, 0.25, MAX_NOISE]) {
        const { x, y } = generate(dataset, { n: 200, noise, seed: 7 });
        expect(y.length).toBe(200);
        expect(count(y, 1)).toBe(100);
        expect(count(y, 0)).toBe(100);
        expect(x.length).toBe(400);
        for (const v of x) {
          expect(Number.isFinite(v)).toBe(true);
          expect(Math.abs(v)).toBeLessThanOrEqual(DOMAIN);
        }
      }
  });

  it('the same seed gives the same points; another seed other points (unless nothing is random)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DATASETS),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 10 }),
        (dataset, seed, k) => {
          const noise = k * 0.05;
          const a = generate(dataset, { n: 40, noise, seed });
          const b = generate(dataset, { n: 40, noise, seed });
          expect(a).toEqual(b);
          // A spiral without noise has no randomness at all.
          if (dataset === 'spiral' && noise === 0) return;
          const c = generate(dataset, { n: 40, noise, seed: seed + 1 });
          expect(c.x).not.toEqual(a.x);
        },
      ),
    );
  });

  it('without noise the classes follow their rule', () => {
    const circle = generate('circle', { n: 200, noise: 0, seed: 3 });
    const xor = generate('xor', { n: 200, noise: 0, seed: 3 });
    for (let i = 0; i < 200; i++) {
      const r = Math.hypot(circle.x[2 * i]!, circle.x[2 * i + 1]!);
      if (circle.y[i] === 1) expect(r).toBeLessThanOrEqual(2.5);
      else expect(r).toBeGreaterThanOrEqual(3.5);
      const sign = Math.sign(xor.x[2 * i]! * xor.x[2 * i + 1]!);
      expect(sign).toBe(xor.y[i] === 1 ? 1 : -1);
    }
    // Each class of the xor set fills both of its quadrants, half and half.
    for (const label of [0, 1]) {
      const right = Array.from(xor.y).filter((y, i) => y === label && xor.x[2 * i]! > 0).length;
      expect(right).toBe(50);
    }
    const gauss = generate('gauss', { n: 400, noise: 0, seed: 3 });
    let mean1 = 0;
    for (let i = 0; i < 400; i++) if (gauss.y[i] === 1) mean1 += gauss.x[2 * i]! / 200;
    expect(mean1).toBeCloseTo(2, 0);
  });

  it('split keeps every point once, in the given ratio, deterministically', () => {
    const points = generate('moons', { n: 100, noise: 0.1, seed: 1 });
    const s = split(points, 0.3, 5);
    expect(s.train.y.length).toBe(30);
    expect(s.test.y.length).toBe(70);
    expect(split(points, 0.3, 5)).toEqual(s);
    const key = (x: Float64Array, i: number) => `${x[2 * i]},${x[2 * i + 1]}`;
    const all = new Set(Array.from(points.y, (_, i) => key(points.x, i)));
    const seen = [
      ...Array.from(s.train.y, (_, i) => key(s.train.x, i)),
      ...Array.from(s.test.y, (_, i) => key(s.test.x, i)),
    ];
    expect(new Set(seen)).toEqual(all);
  });

  it('bad options are GradflowErrors that name the value', () => {
    expect(() => generate('ring' as never, { n: 10, noise: 0, seed: 1 })).toThrow(
      /unknown data set "ring"/,
    );
    expect(() => generate('xor', { n: 9, noise: 0, seed: 1 })).toThrow(GradflowError);
    expect(() => generate('xor', { n: 10, noise: 0.9, seed: 1 })).toThrow(
      /noise must be in \[0, 0.5\], got 0.9/,
    );
    expect(() => split(generate('xor', { n: 10, noise: 0, seed: 1 }), 1, 1)).toThrow(/ratio/);
  });

  it('Rng is uniform in [0, 1) and replays from its seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    let sum = 0;
    for (let i = 0; i < 2000; i++) {
      const v = a.next();
      expect(v).toBe(b.next());
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      sum += v;
    }
    expect(sum / 2000).toBeCloseTo(0.5, 1);
  });
});
