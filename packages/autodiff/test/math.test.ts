import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GradflowError,
  checkGrads,
  cos,
  grad,
  pow,
  sin,
  tan,
  tensor,
  trace,
} from '../src/index.js';
import { f64, valuesOf } from './core-helpers.js';

/** d/dx of an elementwise f at each point, by the engine (float64). */
function derivative(f: (x: ReturnType<typeof f64>) => ReturnType<typeof f64>, xs: number[]) {
  return valuesOf(grad((x: ReturnType<typeof f64>) => f(x).sum())(f64(xs)));
}

describe('sin, cos and tan', () => {
  it('sin and cos are primitives, tan is their quotient in a "tan" scope', () => {
    const g = trace((x) => tan(x).add(sin(x)).add(cos(x)), f64([0.5]));
    const forward = g.nodes.filter((n) => n.phase === 'forward');
    expect(forward.map((n) => n.op)).toEqual(['sin', 'cos', 'div', 'sin', 'add', 'cos', 'add']);
    expect(forward[2]!.scope).toEqual(['tan']);
  });

  it("tan equals Math.tan and tan'(x) equals 1 / cos²(x) for x in (-1.5, 1.5)", () => {
    fc.assert(
      fc.property(fc.double({ min: -1.5, max: 1.5, noNaN: true }), (x) => {
        expect(tan(f64(x)).item()).toBeCloseTo(Math.tan(x), 12);
        const [d] = derivative(tan, [x]);
        const want = 1 / Math.cos(x) ** 2;
        expect(Math.abs(d! - want)).toBeLessThanOrEqual(4e-16 * want);
      }),
    );
  });

  it("sin'' = -sin and cos'' = -cos (gradients of gradients)", () => {
    const xs = [-3, -1, 0, 0.5, 2];
    const d2 = (f: typeof sin) => valuesOf(grad((x) => grad((y) => f(y).sum())(x).sum())(f64(xs)));
    expect(d2(sin)).toEqual(xs.map((x) => -Math.sin(x)));
    expect(d2(cos)).toEqual(xs.map((x) => -Math.cos(x)));
  });

  it('the Tensor methods forward to the functions', () => {
    const x = f64([0.25, -2]);
    expect(valuesOf(x.sin())).toEqual(valuesOf(sin(x)));
    expect(valuesOf(x.cos())).toEqual(valuesOf(cos(x)));
    expect(valuesOf(x.tan())).toEqual(valuesOf(tan(x)));
    expect(valuesOf(x.pow(3))).toEqual(valuesOf(pow(x, 3)));
  });
});

describe('pow', () => {
  it('is exact for integer exponents, negative bases included (pow(-2, 3) = -8)', () => {
    expect(pow(-2, 3).item()).toBe(-8);
    expect(pow(tensor(-2), 2).item()).toBe(4);
    expect(pow(2, -2).item()).toBe(0.25);
    expect(pow(-2, -3).item()).toBe(-0.125);
    // every integer power of a small integer that float64 represents exactly comes out exact
    fc.assert(
      fc.property(fc.integer({ min: -9, max: 9 }), fc.integer({ min: 0, max: 16 }), (b, n) => {
        expect(pow(f64(b), n).item()).toBe(b ** n);
      }),
    );
  });

  it('gives NaN for a negative base with a non-integer exponent, as NumPy, and 1 for x^0', () => {
    expect(Number.isNaN(pow(f64(-8), 1 / 3).item())).toBe(true);
    expect(Number.isNaN(pow(f64(-1), 1.5).item())).toBe(true);
    expect(Number.isNaN(pow(f64(-4), 0.5).item())).toBe(true);
    expect(valuesOf(pow(f64([NaN, 0, -3]), 0))).toEqual([1, 1, 1]);
    expect(valuesOf(pow(f64([0, 0]), f64([2.5, -0.5])))).toEqual([0, Infinity]);
  });

  it('d/dx x^n = n x^(n-1) for integer n, and d/dx x^y = y x^(y-1) for real y and x > 0', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }).filter((x) => Math.abs(x) > 0.1),
        fc.integer({ min: -6, max: 6 }),
        (x, n) => {
          const [d] = derivative((t) => pow(t, n), [x]);
          const want = n * x ** (n - 1);
          expect(Math.abs(d! - want)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(want)));
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (x, y) => {
          const [d] = derivative((t) => pow(t, y), [x]);
          const want = y * x ** (y - 1);
          expect(Math.abs(d! - want)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(want)));
        },
      ),
    );
  });

  it('the derivative at x = 0: 0 for n >= 2 and y > 1, 1 for n = 1, -inf for negative exponents, +inf for y = 0.5, NaN for 0 < y < 1', () => {
    const at0 = (y: number) => derivative((t) => pow(t, y), [0])[0];
    expect(at0(0)).toBe(0);
    expect(at0(1)).toBe(1);
    expect(at0(2)).toBe(0);
    expect(at0(7)).toBe(0);
    expect(at0(1.5)).toBe(0);
    expect(at0(-1)).toBe(-Infinity);
    expect(at0(-2)).toBe(-Infinity);
    expect(at0(-0.5)).toBe(-Infinity);
    expect(at0(0.5)).toBe(Infinity);
    expect(at0(0.3)).toBeNaN();
    // negative base, non-integer exponent: the derivative is NaN like the value
    expect(derivative((t) => pow(t, 1.5), [-1])[0]).toBeNaN();
  });

  it('with a tensor exponent, d/dy x^y = x^y log x (checkGrads in both arguments)', () => {
    const x = f64([0.5, 1.5, 3]);
    const y = f64([-1.5, 0.7, 2.2]);
    const [, gy] = grad((a, b) => pow(a, b).sum(), [0, 1])(x, y) as [
      ReturnType<typeof f64>,
      ReturnType<typeof f64>,
    ];
    const want = [0.5, 1.5, 3].map((v, i) => v ** [-1.5, 0.7, 2.2][i]! * Math.log(v));
    valuesOf(gy).forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 13));
    expect(() => checkGrads((a, b) => pow(a, b), [x, y], { order: 2 })).not.toThrow();
  });

  it('rejects an exponent that is neither a number nor a tensor, naming pow', () => {
    expect(() => pow(f64(2), '3' as never)).toThrow(GradflowError);
    expect(() => pow(f64(2), '3' as never)).toThrow(/pow/);
  });
});
