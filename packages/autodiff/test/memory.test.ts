import { describe, expect, it } from 'vitest';
import {
  type Tensor,
  add,
  logSoftmax,
  matmul,
  mean,
  randomNormal,
  relu,
  sum,
  valueAndGrad,
  zeros,
  grad,
  vjp,
} from '../src/index.js';
import { tapeLength } from '../src/engine.js';
import { BoundedCache } from '../src/kernels/cache.js';
import { broadcastIndex, broadcastMaps } from '../src/kernels/indexing.js';
import { planRuns, plans } from '../src/kernels/elementwise.js';
import { runsCache } from '../src/kernels/reduce.js';

describe('BoundedCache', () => {
  const bytes = (v: Int32Array) => v.byteLength;

  it('evicts the least recently used entry beyond its entry limit', () => {
    const c = new BoundedCache<Int32Array>(2, 1e9, bytes);
    c.set('a', new Int32Array(1));
    c.set('b', new Int32Array(1));
    c.get('a'); // a is now the most recent
    c.set('c', new Int32Array(1));
    expect([c.get('a'), c.get('b'), c.get('c')].map((v) => v !== undefined)).toEqual([
      true,
      false,
      true,
    ]);
    expect(c.size).toBe(2);
  });

  it('holds at most maxBytes, and never caches a value larger than that', () => {
    const c = new BoundedCache<Int32Array>(100, 1000, bytes);
    for (let i = 0; i < 10; i++) c.set(`k${i}`, new Int32Array(100)); // 400 bytes each
    expect(c.bytes).toBe(800);
    expect(c.size).toBe(2);
    c.set('huge', new Int32Array(1000));
    expect(c.get('huge')).toBeUndefined();
    expect(c.bytes).toBe(800);
    c.set('k9', new Int32Array(10)); // replacing a key releases the old value's bytes
    expect(c.bytes).toBe(440);
    c.clear();
    expect([c.size, c.bytes]).toEqual([0, 0]);
  });
});

describe('memory stays bounded', () => {
  it('200 distinct large broadcast shapes keep at most 64 MB of index maps (800 MB unbounded)', () => {
    broadcastMaps.clear();
    let made = 0;
    for (let i = 0; i < 200; i++) {
      const map = broadcastIndex([1, 1000], [1000 + i, 1000])!;
      made += map.byteLength;
      expect(map[(1000 + i) * 1000 - 1]).toBe(999);
    }
    expect(made).toBeGreaterThan(800e6);
    expect(broadcastMaps.bytes).toBeLessThanOrEqual(64 * 2 ** 20);
    expect(broadcastMaps.size).toBeGreaterThan(0);
  });

  it('elementwise run plans and reduction runs are bounded in bytes too (32 MB each)', () => {
    plans.clear();
    runsCache.clear();
    let planned = 0;
    for (let i = 0; i < 150; i++) {
      // [r, 1, c] + [1, k, c]: a run per (row, k) pair, so each plan holds 2 · r · k offsets.
      const plan = planRuns(
        [
          [600 + i, 1, 2],
          [1, 600, 2],
        ],
        [600 + i, 600, 2],
      );
      planned += plan.offsets.reduce((b, o) => b + o.byteLength, 0);
      // sum over the middle axis: one run start per (row, last) pair, 4 · 2 · rows bytes
      expect(sum(zeros([50_000 + i, 3, 2]), 1).shape).toEqual([50_000 + i, 2]);
    }
    expect(planned).toBeGreaterThan(400e6);
    expect(plans.bytes).toBeLessThanOrEqual(32 * 2 ** 20);
    expect(plans.size).toBeGreaterThan(0);
    expect(runsCache.bytes).toBeLessThanOrEqual(32 * 2 ** 20);
    expect(runsCache.size).toBeGreaterThan(0);
    expect(runsCache.size).toBeLessThan(150);
  });

  it('a training loop holds nothing between steps: the tape is empty and the caches stop growing', () => {
    const x = randomNormal([8, 5], { seed: 1 });
    const y = randomNormal([8, 3], { seed: 2 });
    let p = {
      w1: randomNormal([5, 4], { seed: 3 }),
      b1: randomNormal([4], { seed: 4 }),
      w2: randomNormal([4, 3], { seed: 5 }),
    };
    const loss = (q: typeof p) => {
      const logits = matmul(relu(add(matmul(x, q.w1), q.b1)), q.w2);
      return mean(sum(logSoftmax(logits, -1).mul(y), 1)).neg();
    };
    const step = valueAndGrad(loss);
    const run = (n: number) => {
      for (let i = 0; i < n; i++) {
        const { grads } = step(p);
        const g = grads as typeof p;
        p = {
          w1: p.w1.sub(g.w1.mul(0.1)),
          b1: p.b1.sub(g.b1.mul(0.1)),
          w2: p.w2.sub(g.w2.mul(0.1)),
        };
        expect(tapeLength()).toBe(0);
      }
    };
    run(20);
    const held = [broadcastMaps.size, broadcastMaps.bytes];
    run(200);
    expect([broadcastMaps.size, broadcastMaps.bytes]).toEqual(held);
  });

  it('nested transforms and vjp leave the tape empty too, also after an error', () => {
    const x = randomNormal([3], { seed: 6, dtype: 'float64' });
    const d2 = grad((t: Tensor) => grad((u: Tensor) => u.mul(u).mul(u).sum())(t).sum())(x);
    (d2.toArray() as number[]).forEach((v, i) =>
      expect(v).toBeCloseTo(6 * (x.toArray() as number[])[i]!, 12),
    );
    const { vjp: pullback } = vjp((t: Tensor) => t.mul(2), x);
    expect(tapeLength()).toBe(0);
    expect(pullback(x.mul(0).add(1))[0]!.toArray()).toEqual([2, 2, 2]);
    expect(() =>
      grad((t: Tensor) => {
        if (t.size > 0) throw new Error('boom');
        return t.sum();
      })(x),
    ).toThrow('boom');
    expect(tapeLength()).toBe(0);
  });
});
