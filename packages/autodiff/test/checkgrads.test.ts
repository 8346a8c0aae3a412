import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import {
  type Tensor,
  CheckGradsError,
  checkGrads,
  erf,
  exp,
  log1p,
  logSoftmax,
  logsumexp,
  matmul,
  mean,
  softmax,
  sqrt,
  stopGradient,
  tensor,
} from '../src/index.js';
import { doublesArb, f64, errorOf } from './core-helpers.js';

/** The two numbers the report compares. */
function reported(message: string): { ad: number; fd: number } {
  const ad = /autodiff <J\^T u, v> = (\S+)/.exec(message);
  const fd = /finite difference <u, J v> = (\S+)/.exec(message);
  expect(ad, message).not.toBeNull();
  expect(fd, message).not.toBeNull();
  return { ad: Number(ad![1]), fd: Number(fd![1]) };
}

const A = f64([0.5, -0.3, 0.8, 0.1, 0.2, -0.6], [2, 3]);

describe('checkGrads passes on correct derivatives', () => {
  it('orders 1 to 3 on compositions of primitives and composites, for random inputs', () => {
    const fns: [string, (...xs: Tensor[]) => Tensor][] = [
      [
        'softmax of a linear map',
        (x) =>
          softmax(matmul(A, x))
            .mul(f64([1, -2]))
            .sum(),
      ],
      ['logSoftmax', (x) => logSoftmax(x)],
      ['logsumexp', (x) => logsumexp(x.mul(x))],
      ['mean of erf', (x) => mean(erf(x))],
      ['sqrt(1 + x^2) * exp(-x)', (x) => sqrt(x.mul(x).add(1)).mul(exp(x.neg()))],
    ];
    fc.assert(
      fc.property(doublesArb(3, -2, 2), fc.nat(1000), (v, seed) => {
        for (const [, f] of fns) checkGrads(f, [f64(v)], { order: 3, seed });
      }),
      { numRuns: numRuns(0.1) },
    );
  });

  it('accepts several inputs, numbers and float32 tensors (promoted to float64 for the differences)', () => {
    checkGrads(
      (x: Tensor, w: Tensor, c: Tensor) => matmul(w, x).mul(c).sum(),
      [tensor([1, 2, 3]), A, 0.5],
      { order: 2 },
    );
    checkGrads((x: Tensor) => log1p(x.mul(x)), [tensor([0.5, -1.5])], { order: 1 });
  });

  it('defaults to order 2 and checks it: a function wrong only in its second derivative fails without options', () => {
    // value e^x and first derivative e^(sg(x)) = e^x are right; the derivative of the derivative is 0, not e^x
    const f = (x: Tensor) =>
      exp(stopGradient(x))
        .mul(x.sub(stopGradient(x)).add(1))
        .sum();
    checkGrads(f, [f64([0.3, -0.2])], { order: 1 });
    const e = errorOf(() => checkGrads(f, [f64([0.3, -0.2])]));
    expect(e.message).toContain('order-2 derivative mismatch');
  });
});

describe('checkGrads reports a wrong derivative', () => {
  // x * stopGradient(x) has value x^2 but autodiff derivative x instead of 2x
  const wrong = (x: Tensor) => x.mul(stopGradient(x)).sum();
  const x = f64([0.5, -1.25, 2]);

  it('the report names the order, the seed, the shapes, the autodiff and the finite-difference values', () => {
    const e = errorOf(() => checkGrads(wrong, [x], { order: 1, seed: 3 }));
    expect(e.op).toBe('checkGrads');
    expect(e.message).toContain('order-1 derivative mismatch (seed 3)');
    expect(e.message).toContain('inputs: [3]; output []');
    expect(e.message).toContain('autodiff');
    expect(e.message).toContain('finite difference');
    expect(e.message).toMatch(/\|difference\| = \S+ > tolerance \S+ \(atol 1e-8, rtol 0\.000001\)/);
    // autodiff gives half the true directional derivative, and the report shows both numbers
    const { ad, fd } = reported(e.message);
    expect(Math.abs(fd - 2 * ad)).toBeLessThan(1e-8 * Math.abs(fd));
  });

  it('fails for every seed and input: the error is not a matter of a lucky direction', () => {
    fc.assert(
      fc.property(doublesArb(3, 0.5, 2), fc.nat(1000), (v, seed) => {
        expect(() => checkGrads(wrong, [f64(v)], { order: 1, seed })).toThrow(
          /order-1 derivative mismatch/,
        );
      }),
      { numRuns: numRuns(0.1) },
    );
  });

  it('a loose enough tolerance accepts the same function', () => {
    checkGrads(wrong, [x], { order: 1, rtol: 1, atol: 1e3 });
  });
});

describe('checkGrads option validation', () => {
  const f = (x: Tensor) => x.mul(x).sum();
  const x = f64([1, 2]);
  const cases: [string, () => void, string[]][] = [
    ['order 0', () => checkGrads(f, [x], { order: 0 }), ['order must be an integer >= 1, got 0']],
    [
      'order 1.5',
      () => checkGrads(f, [x], { order: 1.5 }),
      ['order must be an integer >= 1, got 1.5'],
    ],
    ['eps 0', () => checkGrads(f, [x], { eps: 0 }), ['eps must be a finite number > 0, got 0']],
    [
      'eps NaN',
      () => checkGrads(f, [x], { eps: NaN }),
      ['eps must be a finite number > 0, got NaN'],
    ],
    [
      'eps Infinity',
      () => checkGrads(f, [x], { eps: Infinity }),
      ['eps must be a finite number > 0, got Infinity'],
    ],
    [
      'negative rtol',
      () => checkGrads(f, [x], { rtol: -1 }),
      ['rtol must be a number >= 0, got -1'],
    ],
    ['NaN atol', () => checkGrads(f, [x], { atol: NaN }), ['atol must be a number >= 0, got NaN']],
    [
      'non-integer seed',
      () => checkGrads(f, [x], { seed: 0.5 }),
      ['seed must be a safe integer, got 0.5'],
    ],
    ['no inputs', () => checkGrads(f, []), ['inputs', 'non-empty']],
    ['a string input', () => checkGrads(f, ['1' as unknown as Tensor]), ['input 0']],
    [
      'a function returning a number',
      () => checkGrads((() => 1) as unknown as typeof f, [x]),
      ['must return a Tensor'],
    ],
  ];
  for (const [name, run, fragments] of cases) {
    it(`${name} is a checkGrads error naming the option`, () => {
      const e = errorOf(run);
      expect(e.op).toBe('checkGrads');
      for (const s of fragments) expect(e.message).toContain(s);
    });
  }
});

describe('checkGrads reports where and how well', () => {
  it('on success returns the measured error of every order, each within its tolerance', () => {
    const report = checkGrads((x: Tensor, y: Tensor) => exp(x).mul(y).sum(), [A, A], {
      order: 3,
    });
    expect(report.orders.map((o) => o.order)).toEqual([1, 2, 3]);
    for (const o of report.orders) {
      expect(o.error).toBe(Math.abs(o.autodiff - o.finiteDifference));
      expect(o.error).toBeLessThanOrEqual(o.tolerance);
    }
  });

  it('on a mismatch names the argument and the element where the derivative is worst', () => {
    // the gradient of b[1, 0]^2 is hidden by stopGradient: only that element is wrong
    const mask = f64([0, 0, 1, 0], [2, 2]);
    const f = (a: Tensor, b: Tensor) =>
      a.mul(b).sum().add(stopGradient(b.square()).mul(mask).sum()).add(b.mul(mask).sum());
    const a = f64([1, 2, 3, 4], [2, 2]);
    const b = f64([0.5, -1, 2, 1.5], [2, 2]);
    const e = errorOf(() => checkGrads(f, [a, b], { order: 1 }));
    expect(e).toBeInstanceOf(CheckGradsError);
    const err = e as CheckGradsError;
    expect(err.worst).toMatchObject({ argument: 1, element: [1, 0] });
    // both are scaled by the random output cotangent u: the element's derivative is
    // a + 2b + 1 = 3 + 4 + 1 = 8, and autodiff, missing the 2b, has 4
    expect(err.worst!.finiteDifference / err.worst!.autodiff).toBeCloseTo(2, 6);
    expect(err.failed.order).toBe(1);
    expect(err.message).toContain('worst at argument 1, element [1, 0]');
  });
});
