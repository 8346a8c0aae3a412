import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import {
  type Tensor,
  GradflowError,
  activationInfo,
  activations,
  celu,
  elu,
  gelu,
  grad,
  hardShrink,
  leakyRelu,
  relu,
  softShrink,
  squareplus,
  tensor,
  threshold,
} from '../src/index.js';

/** The library's parameterised activations, called with a reference's parameter object. */
const withOptions: Record<string, (x: Tensor, p: Record<string, number>) => Tensor> = {
  relu: (x, p) => relu(x, p),
  leaky_relu: (x, p) => leakyRelu(x, p),
  elu: (x, p) => elu(x, p),
  celu: (x, p) => celu(x, p),
  gelu: (x, p) => gelu(x, { approximate: p.approximate === 1 }),
  hard_shrink: (x, p) => hardShrink(x, p),
  soft_shrink: (x, p) => softShrink(x, p),
  threshold: (x, p) => threshold(x, p),
  squareplus: (x, p) => squareplus(x, p),
};

const INITIALIZERS = ['glorot_uniform', 'he_normal', 'lecun_normal'];

describe('activationInfo', () => {
  it('knows every registered id, accepts the camelCase aliases, and names the valid ids for an unknown one', () => {
    for (const id of activations.list()) expect(activationInfo(id).id).toBe(id);
    expect(activationInfo('leakyRelu').id).toBe('leaky_relu');
    expect(activationInfo('hardSwish').id).toBe('hard_swish');
    expect(activationInfo('logSoftmax').id).toBe('log_softmax');
    expect(() => activationInfo('relu7')).toThrow(GradflowError);
    expect(() => activationInfo('relu7')).toThrow(
      /activationInfo: unknown activation "relu7"; valid ids: relu, /,
    );
  });

  it('every entry has formulas, an initializer it pairs with, an ordered range and parameters inside their slider range', () => {
    for (const id of activations.list()) {
      const info = activationInfo(id);
      expect(info.tex.length, id).toBeGreaterThan(0);
      expect(info.dtex.length, id).toBeGreaterThan(0);
      expect(INITIALIZERS, id).toContain(info.pairsWith);
      expect(info.range[0], id).toBeLessThan(info.range[1]);
      for (const p of info.params) {
        expect(p.name, id).toMatch(/^[a-z][A-Za-z]*$/);
        expect(p.min <= p.default && p.default <= p.max && p.step > 0, `${id}.${p.name}`).toBe(
          true,
        );
      }
    }
  });

  it("every elementwise reference gives NaN at NaN, stays in its range, and maxDerivative bounds |f'| and is attained", () => {
    const grid = Array.from({ length: 4001 }, (_, i) => -20 + i * 0.01);
    for (const id of activations.list()) {
      const info = activationInfo(id);
      if (!info.elementwise) continue;
      expect(info.f!(NaN), id).toBeNaN();
      expect(info.df!(NaN), id).toBeNaN();
      expect(info.d2f!(NaN), id).toBeNaN();
      let top = 0;
      for (const x of grid) {
        const y = info.f!(x);
        expect(y >= info.range[0] - 1e-3 && y <= info.range[1] + 1e-3, `${id}(${x}) = ${y}`).toBe(
          true,
        );
        top = Math.max(top, Math.abs(info.df!(x)));
      }
      if (info.maxDerivative === undefined) continue;
      expect(top, id).toBeLessThanOrEqual(info.maxDerivative * (1 + 1e-12));
      // attained, or approached at a kink (hard_silu's 1.5 at x -> 3-)
      expect(top, id).toBeGreaterThan(info.maxDerivative * (1 - 5e-3));
    }
  });

  it("references take the parameters: f and f' equal the library's activation called with the same options", () => {
    const ids = Object.keys(withOptions);
    const cases = fc.constantFrom(...ids).chain((id) => {
      const params = activationInfo(id).params;
      const values = params.map((p) =>
        fc
          .integer({ min: 0, max: Math.round((p.max - p.min) / p.step) })
          .map((k) => Math.min(p.max, p.min + k * p.step)),
      );
      return fc.tuple(
        fc.constant(id),
        fc.tuple(...values).map((vs) => Object.fromEntries(params.map((p, i) => [p.name, vs[i]!]))),
        fc.array(fc.double({ min: -8, max: 8, noNaN: true }), { minLength: 1, maxLength: 16 }),
      );
    });
    fc.assert(
      fc.property(cases, ([id, p, xs]) => {
        const info = activationInfo(id);
        // keep away from the kinks, which move with the parameters
        const pts = xs.filter((x) =>
          [p.threshold ?? 0, -(p.threshold ?? 0)].every((k) => Math.abs(x - k) > 1e-6),
        );
        if (pts.length === 0) return;
        const f = (t: Tensor) => withOptions[id]!(t, p);
        const x = tensor(pts, { dtype: 'float64' });
        const y = Array.from(f(x).data());
        const d = Array.from((grad((t: Tensor) => f(t).sum())(x) as Tensor).data());
        pts.forEach((v, i) => {
          const at = `${id} ${JSON.stringify(p)} at ${v}`;
          expect(Math.abs(y[i]! - info.f!(v, p)), at).toBeLessThanOrEqual(
            1e-12 * (1 + Math.abs(y[i]!)),
          );
          expect(Math.abs(d[i]! - info.df!(v, p)), at).toBeLessThanOrEqual(
            1e-12 * (1 + Math.abs(d[i]!)),
          );
        });
      }),
      { numRuns: numRuns(1) },
    );
  });

  it('missing parameters take the Keras defaults', () => {
    const leaky = activationInfo('leaky_relu');
    expect(leaky.f!(-1)).toBe(-0.2);
    expect(leaky.f!(-1, {})).toBe(-0.2);
    expect(leaky.f!(-1, { negativeSlope: 0.1 })).toBe(-0.1);
    expect(activationInfo('threshold').f!(-1, { defaultValue: 3 })).toBe(3);
  });
});
