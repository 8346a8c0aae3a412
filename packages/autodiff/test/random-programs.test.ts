/**
 * Random programs: autodiff must agree with finite differences in the first derivative, and
 * checkGrads(order 2) compares the second derivative with finite differences of the first.
 * A failure prints the program and the inputs to replay.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import {
  type Tensor,
  checkGrads,
  grad,
  onesLike,
  randomNormal,
  tensor,
  vjp,
} from '../src/index.js';
import { expectVjpMatchesFd, valuesOf } from './core-helpers.js';
import { type Monitor, evaluate, programArb, show } from './programs.js';

/** FD steps: small enough that a kink 0.05 away is out of reach of every perturbation. */
const EPS = 1e-4;
const KINK_GAP = 0.05;

describe('random programs over the primitives', () => {
  it('the autodiff gradient of <u, P(x)> equals central finite differences, and checkGrads(order 2) passes: d2 agrees with FD of d1', () => {
    fc.assert(
      fc.property(programArb, ({ n, expr, inputs, seed }) => {
        const xs = inputs.map(({ shape, values }) => tensor(values, { dtype: 'float64', shape }));
        const mon: Monitor = { gap: Infinity };
        const y = evaluate(expr, xs, n, mon);
        fc.pre(mon.gap > KINK_GAP);
        fc.pre(valuesOf(y).every(Number.isFinite));
        const f = (...ts: Tensor[]) => evaluate(expr, ts, n);
        const u = randomNormal(y.shape, { seed, dtype: 'float64' });
        expectVjpMatchesFd(f, xs, u, {
          eps: EPS,
          tol: { rtol: 1e-6, atol: 1e-7 },
          label: show(expr),
        });
        checkGrads(f, xs, { order: 2, eps: EPS, seed });
      }),
      { numRuns: numRuns(3) },
    );
  });

  it('third derivatives of random programs agree with finite differences of the second (checkGrads order 3)', () => {
    fc.assert(
      fc.property(programArb, ({ n, expr, inputs, seed }) => {
        const xs = inputs.map(({ shape, values }) => tensor(values, { dtype: 'float64', shape }));
        const mon: Monitor = { gap: Infinity };
        const y = evaluate(expr, xs, n, mon);
        fc.pre(mon.gap > KINK_GAP);
        fc.pre(valuesOf(y).every(Number.isFinite));
        checkGrads((...ts: Tensor[]) => evaluate(expr, ts, n), xs, {
          order: 3,
          eps: EPS,
          seed,
          rtol: 1e-5,
          atol: 1e-7,
        });
      }),
      { numRuns: numRuns(0.5) },
    );
  });

  it('grad(sum . P) with argnums [0..k) equals the VJP of P with a cotangent of ones, shape for shape', () => {
    fc.assert(
      fc.property(programArb, ({ n, expr, inputs }) => {
        const xs = inputs.map(({ shape, values }) => tensor(values, { dtype: 'float64', shape }));
        const p = (...ts: Tensor[]) => evaluate(expr, ts, n);
        const gs = grad(
          (...ts: Tensor[]) => p(...ts).sum(),
          xs.map((_, i) => i),
        )(...xs) as Tensor[];
        const y = p(...xs);
        const cts = vjp(p, ...xs).vjp(onesLike(y));
        gs.forEach((g, i) => {
          expect(g.shape).toEqual(xs[i]!.shape);
          expect(valuesOf(g), show(expr)).toEqual(valuesOf(cts[i]!));
        });
      }),
      { numRuns: numRuns(0.3) },
    );
  });
});
