import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import {
  type Tensor,
  GradflowError,
  checkGrads,
  exp,
  grad,
  log1p,
  matmul,
  mul,
  slice,
  sum,
  tensor,
  trace,
  valueAndGrad,
  vjp,
} from '../src/index.js';
import { doublesArb, expectAllClose, f64, valuesOf } from './core-helpers.js';

const scalar = fc.double({ min: -3, max: 3, noNaN: true });
const close = (a: number, e: number, rtol = 1e-12, atol = 1e-12) =>
  Math.abs(a - e) <= atol + rtol * Math.abs(e);

/** The derivative of a scalar function of a scalar, as a scalar function again. */
const d =
  (f: (x: Tensor) => Tensor) =>
  (x: Tensor): Tensor =>
    grad(f)(x) as Tensor;

describe('closed forms of higher derivatives', () => {
  const pow4 = (x: Tensor) => x.mul(x).mul(x).mul(x);

  it('d/dx x^4 = 4x^3, d2 = 12x^2, d3 = 24x, d4 = 24, d5 = 0 for all x in [-3, 3]', () => {
    fc.assert(
      fc.property(scalar, (v) => {
        const x = f64(v);
        expect(close(d(pow4)(x).item(), 4 * v ** 3)).toBe(true);
        expect(close(d(d(pow4))(x).item(), 12 * v * v)).toBe(true);
        expect(close(d(d(d(pow4)))(x).item(), 24 * v)).toBe(true);
        expect(d(d(d(d(pow4))))(x).item()).toBe(24);
        expect(d(d(d(d(d(pow4)))))(x).item()).toBe(0);
      }),
      { numRuns: numRuns(0.3) },
    );
  });

  it('the first four derivatives of exp are exp, for all x in [-3, 3]', () => {
    fc.assert(
      fc.property(scalar, (v) => {
        const x = f64(v);
        const e = Math.exp(v);
        let f: (t: Tensor) => Tensor = exp;
        for (let k = 1; k <= 4; k++) {
          f = d(f);
          expect(close(f(x).item(), e), `d^${k}/dx^${k} exp at ${v}`).toBe(true);
        }
      }),
      { numRuns: numRuns(0.3) },
    );
  });

  it('grad(x => grad(f)(x).sum()) is the elementwise second derivative: (log1p(x^2))" = 2(1 - x^2)/(1 + x^2)^2', () => {
    fc.assert(
      fc.property(doublesArb(5, -3, 3), (vs) => {
        const f = (x: Tensor) => log1p(x.mul(x)).sum();
        const d2 = grad((x: Tensor) => (grad(f)(x) as Tensor).sum())(f64(vs)) as Tensor;
        expectAllClose(
          d2.data(),
          vs.map((v) => (2 * (1 - v * v)) / (1 + v * v) ** 2),
          { rtol: 1e-12, atol: 1e-14 },
          'd2 log1p(x^2)',
        );
      }),
      { numRuns: numRuns(0.3) },
    );
  });

  it('the Hessian of the quadratic form x^T A x, built row by row as grad of a component of grad, is A + A^T', () => {
    const sq = fc
      .integer({ min: 1, max: 4 })
      .chain((n) => fc.tuple(doublesArb(n * n, -2, 2), doublesArb(n, -2, 2)));
    fc.assert(
      fc.property(sq, ([a, xv]) => {
        const n = xv.length;
        const A = f64(a, [n, n]);
        const q = (x: Tensor) => matmul(x, matmul(A, x));
        const rows: number[] = [];
        for (let i = 0; i < n; i++) {
          const row = grad((x: Tensor) => slice(grad(q)(x) as Tensor, [i], [1]).sum())(
            f64(xv),
          ) as Tensor;
          expect(row.shape).toEqual([n]);
          rows.push(...valuesOf(row));
        }
        const want = a.map((_, k) => a[k]! + a[(k % n) * n + Math.floor(k / n)]!);
        expectAllClose(rows, want, { rtol: 1e-12, atol: 1e-12 }, 'Hessian of x^T A x');
      }),
      { numRuns: numRuns(0.3) },
    );
  });

  it('mixed partial d2/dx dy of x^2 y^3 is 6 x y^2 (nested grad over different arguments)', () => {
    fc.assert(
      fc.property(scalar, scalar, (xv, yv) => {
        const f = (x: Tensor, y: Tensor) => x.mul(x).mul(y).mul(y).mul(y);
        const dxy = grad((x: Tensor, y: Tensor) => grad(f, 1)(x, y) as Tensor, 0)(
          f64(xv),
          f64(yv),
        ) as Tensor;
        expect(close(dxy.item(), 6 * xv * yv * yv)).toBe(true);
      }),
      { numRuns: numRuns(0.3) },
    );
  });

  it('checkGrads verifies a smooth multi-input function up to order 3', () => {
    const f = (x: Tensor, w: Tensor) =>
      exp(matmul(w, x).mul(0.5))
        .sum()
        .add(log1p(x.mul(x)).sum());
    checkGrads(f, [f64([0.3, -0.7, 1.1]), f64([0.2, -0.4, 0.1, 0.5, 0.3, -0.2], [2, 3])], {
      order: 3,
    });
  });
});

describe('nesting without perturbation confusion', () => {
  it('d/dx [d/dy (x y)](y = x) is 1, not 2, for every x', () => {
    fc.assert(
      fc.property(scalar, (v) => {
        const g = grad((x: Tensor) => grad((y: Tensor) => x.mul(y))(x) as Tensor)(f64(v)) as Tensor;
        expect(g.item()).toBe(1);
      }),
      { numRuns: numRuns(0.2) },
    );
  });

  it("Siskind and Pearlmutter's example: d/dx [x * d/dy (x + y) at y = 1] at x = 1 is 1", () => {
    const g = grad((x: Tensor) => x.mul(grad((y: Tensor) => x.add(y))(f64(1)) as Tensor))(
      f64(1),
    ) as Tensor;
    expect(g.item()).toBe(1);
  });

  it('an inner grad may close over an outer intermediate: d/dx [d/dy sum(y e^x)](y = x) = e^x', () => {
    fc.assert(
      fc.property(scalar, (v) => {
        const g = grad((x: Tensor) => {
          const z = exp(x);
          return (grad((y: Tensor) => y.mul(z).sum())(x) as Tensor).sum();
        })(f64([v])) as Tensor;
        expect(close(g.item(), Math.exp(v))).toBe(true);
      }),
      { numRuns: numRuns(0.2) },
    );
  });

  it('a pullback from vjp can be differentiated later: d/dc [J^T c] for y = x^2 is 2x', () => {
    const { vjp: pullback } = vjp((x: Tensor) => x.mul(x), f64([3, -1]));
    const g = grad((c: Tensor) => pullback(c)[0]!.sum())(f64([1, 1])) as Tensor;
    expect(valuesOf(g)).toEqual([6, -2]);
  });

  it('the gradient of a function that ignores its argument is zeros of the argument shape and dtype', () => {
    const g = grad((_x: Tensor) => tensor(3))(tensor([1, 2])) as Tensor;
    expect(g.shape).toEqual([2]);
    expect(g.dtype).toBe('float32');
    expect(valuesOf(g)).toEqual([0, 0]);
    const h = grad((x: Tensor) => (grad((_y: Tensor) => x.sum())(x) as Tensor).sum())(
      f64([1, 2]),
    ) as Tensor;
    expect(valuesOf(h)).toEqual([0, 0]);
  });

  it('an inner grad treats an outer variable as a constant: d/dx [d/dy (x^2 y^2)](y = 3) = 4 x * 3', () => {
    const g = grad((x: Tensor) => grad((y: Tensor) => x.mul(x).mul(y).mul(y))(f64(3)) as Tensor)(
      f64(2),
    ) as Tensor;
    expect(g.item()).toBe(24);
  });
});

describe('argnums, pytrees, valueAndGrad and vjp', () => {
  const a = f64([1, 2, 3]);
  const b = f64([4, 5, 6]);
  const c = f64(
    [
      [1, -1],
      [2, 0.5],
    ].flat(),
    [2, 2],
  );
  const f = (x: Tensor, y: Tensor, z: Tensor) => x.mul(y).sum().add(z.mul(z).sum());

  it('argnums picks gradients: a number gives one tensor, an array gives an array in that order', () => {
    expect(valuesOf(grad(f)(a, b, c) as Tensor)).toEqual([4, 5, 6]);
    expect(valuesOf(grad(f, 1)(a, b, c) as Tensor)).toEqual([1, 2, 3]);
    const [gz, ga] = grad(f, [2, 0])(a, b, c) as Tensor[];
    expect(gz!.shape).toEqual([2, 2]);
    expect(valuesOf(gz!)).toEqual([2, -2, 4, 1]);
    expect(valuesOf(ga!)).toEqual([4, 5, 6]);
  });

  it('gradients with respect to arrays and objects of tensors have the same structure and shapes', () => {
    const loss = (p: { w: Tensor; layers: Tensor[] }, x: Tensor) =>
      matmul(p.w, x).sum().add(p.layers[0]!.mul(p.layers[1]!).sum());
    const params = { w: f64([1, 2, 3, 4, 5, 6], [2, 3]), layers: [f64([1, 2]), f64([3, 4])] };
    const g = grad(loss)(params, a) as { w: Tensor; layers: Tensor[] };
    expect(Object.keys(g)).toEqual(['w', 'layers']);
    expect(g.w.shape).toEqual([2, 3]);
    expect(valuesOf(g.w)).toEqual([1, 2, 3, 1, 2, 3]);
    expect(g.layers.map(valuesOf)).toEqual([
      [3, 4],
      [1, 2],
    ]);
    const [gp, gx] = grad(loss, [0, 1])(params, a) as [{ w: Tensor; layers: Tensor[] }, Tensor];
    expect(valuesOf(gp.w)).toEqual(valuesOf(g.w));
    expect(valuesOf(gx)).toEqual([5, 7, 9]);
  });

  it('valueAndGrad: value equals f(x) and grads equals grad(f)(x), for random inputs', () => {
    fc.assert(
      fc.property(doublesArb(4, -2, 2), doublesArb(4, -2, 2), (xv, yv) => {
        const g = (x: Tensor, y: Tensor) => exp(x.mul(y)).sum().add(x.sum());
        const { value, grads } = valueAndGrad(g, [0, 1])(f64(xv), f64(yv));
        expect(value.item()).toBe(g(f64(xv), f64(yv)).item());
        const [gx, gy] = grads as Tensor[];
        expect(valuesOf(gx!)).toEqual(
          valuesOf((grad(g, [0, 1])(f64(xv), f64(yv)) as Tensor[])[0]!),
        );
        expect(valuesOf(gy!)).toEqual(xv.map((x, i) => x * Math.exp(x * yv[i]!)));
      }),
      { numRuns: numRuns(0.2) },
    );
  });

  it('vjp of a non-scalar function is J^T u: for y = A x, the cotangent is A^T u', () => {
    fc.assert(
      fc.property(
        doublesArb(6, -2, 2),
        doublesArb(3, -2, 2),
        doublesArb(2, -2, 2),
        (av, xv, uv) => {
          const A = f64(av, [2, 3]);
          const { value, vjp: pullback } = vjp((x: Tensor) => matmul(A, x), f64(xv));
          expect(value.shape).toEqual([2]);
          const [gx] = pullback(f64(uv));
          const want = [0, 1, 2].map((j) => av[j]! * uv[0]! + av[3 + j]! * uv[1]!);
          expectAllClose(gx!.data(), want, { rtol: 1e-14, atol: 1e-14 }, 'A^T u');
        },
      ),
      { numRuns: numRuns(0.2) },
    );
  });

  it('vjp of a function with several inputs gives one cotangent per input, with their shapes', () => {
    const { vjp: pullback } = vjp(
      (x: Tensor, y: Tensor) => mul(x, y),
      f64([1, 2, 3], [3, 1]),
      f64([10, 20]),
    );
    const [gx, gy] = pullback(f64([1, 1, 1, 1, 1, 1], [3, 2]));
    expect(gx!.shape).toEqual([3, 1]);
    expect(valuesOf(gx!)).toEqual([30, 30, 30]);
    expect(valuesOf(gy!)).toEqual([6, 6]);
  });

  it('vjp rejects a cotangent whose shape is not the output shape, naming both shapes', () => {
    const { vjp: pullback } = vjp((x: Tensor) => x.mul(2), f64([1, 2, 3]));
    expect(() => pullback(f64([1, 2]))).toThrow(GradflowError);
    expect(() => pullback(f64([1, 2]))).toThrow(
      "vjp: the cotangent must have the output's shape [3], got [2]",
    );
    expect(() => pullback(f64([1, 2, 3], [3, 1]))).toThrow('[3, 1]');
    expect(() => pullback(1)).toThrow("the cotangent must have the output's shape [3], got []");
  });

  it('a Hessian-vector product from grad inside vjp equals H v for f = sum(x^3)', () => {
    const x = f64([1, -2, 0.5]);
    const v = f64([1, 2, 3]);
    const [hv] = vjp((t: Tensor) => grad((s: Tensor) => sum(s.mul(s).mul(s)))(t) as Tensor, x).vjp(
      v,
    );
    expect(valuesOf(hv!)).toEqual([6, -24, 9]);
  });

  it('grad accepts a plain number argument and returns a float32 scalar gradient', () => {
    const g = grad((x: Tensor) => x.mul(x))(3 as unknown as Tensor) as Tensor;
    expect(g.dtype).toBe('float32');
    expect(g.item()).toBe(6);
    expect(tensor(2).dtype).toBe('float32');
  });
});

describe('VJP rules skip cotangents the backward pass does not need', () => {
  it('grad with respect to the weights of x @ W records no product for x (and still gives dW = x^T 1)', () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: 'float64' },
    );
    const g = trace((w: Tensor) => matmul(x, w).sum(), tensor([[1], [1]], { dtype: 'float64' }));
    const backwardMatmuls = g.nodes.filter((n) => n.phase === 'backward' && n.op === 'matmul');
    expect(backwardMatmuls).toHaveLength(1);
    expect(g.value(g.outputs.grads[0]!)!.toArray()).toEqual([[4], [6]]);
  });
});
