/**
 * The jit's passes, rule by rule: each law of the simplification table fires on a program that
 * contains it and the optimized program computes the same bits; common subexpressions merge,
 * dead code goes, constants fold; fusion leaves one kernel per stored value.
 */
import { describe, expect, it } from 'vitest';
import {
  type Tensor,
  add,
  broadcastTo,
  cast,
  div,
  exp,
  jit,
  maximum,
  minimum,
  mul,
  neg,
  reshape,
  sub,
  sum,
  tensor,
  where,
} from '../src/index.js';
import { traceProgram } from '../src/jit/index.js';
import { RULES, optimize } from '../src/jit/passes.js';
import type { Program } from '../src/jit/program.js';
import { schedule } from '../src/jit/schedule.js';

type Fn = (...xs: Tensor[]) => Tensor;

function programs(f: Fn, xs: Tensor[]): { before: Program; after: Program } {
  const before = traceProgram(f, xs, xs).program;
  return { before, after: optimize(before) };
}

const ops = (p: Program, op?: string) =>
  p.values.filter((v) => v.kind === 'op' && (op === undefined || v.op === op)).length;

function expectSameResult(f: Fn, xs: Tensor[]): void {
  const want = f(...xs).data();
  const got = jit(f, { backend: 'tape' })(...xs).data();
  want.forEach((w, i) =>
    expect(Object.is(got[i], w), `element ${i}: ${got[i]} vs ${w}`).toBe(true),
  );
}

const x = tensor([-0, 0, 1.5, -2, NaN, Infinity, -Infinity]);
const c = tensor([1, 0, 1, 0, 1, 0, 1]);

/** One program per law: the op the law removes, and a function that contains it. */
const LAWS: Record<string, [string, Fn]> = {
  'x + -0 = x': ['add', (t) => add(t, tensor(-0))],
  '-0 + x = x': ['add', (t) => add(tensor(-0), t)],
  'x - 0 = x': ['sub', (t) => sub(t, 0)],
  'x * 1 = x': ['mul', (t) => mul(t, 1)],
  '1 * x = x': ['mul', (t) => mul(1, t)],
  'x / 1 = x': ['div', (t) => div(t, 1)],
  '-(-x) = x': ['neg', (t) => neg(neg(t))],
  'where(c, x, x) = x': ['where', (t, m) => where(m!, t, t)],
  'where(true, a, b) = a': ['where', (t) => where(tensor(1), t, exp(t))],
  'where(false, a, b) = b': ['where', (t) => where(tensor(0), exp(t), t)],
  'max(x, x) = x': ['maximum', (t) => maximum(t, t)],
  'min(x, x) = x': ['minimum', (t) => minimum(t, t)],
  'reshape(x, shape(x)) = x': ['reshape', (t) => reshape(t, [7])],
  'reshape(reshape(x), shape(x)) = x': ['reshape', (t) => reshape(reshape(t, [7, 1]), [7])],
  'broadcastTo(x, shape(x)) = x': ['broadcastTo', (t) => broadcastTo(exp(t), [7])],
  'cast(x, dtype(x)) = x': ['cast', (t) => cast(t, 'float32')],
};

describe('jit passes', () => {
  it('the rule table and the laws tested here are the same list', () => {
    expect(RULES.map((r) => r.law).sort()).toEqual(Object.keys(LAWS).sort());
  });

  for (const rule of RULES) {
    it(`${rule.law}: the rule removes the ${rule.op} and the program computes the same bits (NaN, ±0, ±inf included)`, () => {
      const [op, f] = LAWS[rule.law]!;
      const { before, after } = programs(f, [x, c]);
      expect(ops(after, op), `${op} left after the rule`).toBeLessThan(
        Math.max(1, ops(before, op)),
      );
      expectSameResult(f, [x, c]);
    });
  }

  it('laws that do not hold bit for bit are not applied: x + 0 keeps -0 + 0 = +0, x * 0 keeps NaN', () => {
    for (const f of [(t: Tensor) => add(t, 0), (t: Tensor) => mul(t, 0)]) {
      expect(ops(programs(f, [x]).after)).toBe(1);
      expectSameResult(f, [x]);
    }
  });

  it('common subexpressions merge, dead code goes, constants fold', () => {
    const f = (t: Tensor) => {
      exp(neg(t)); // dead
      const k = tensor(2).mul(3).add(1); // folds to 7
      return add(exp(t), exp(t)).mul(k);
    };
    const { after } = programs(f, [x]);
    expect(ops(after, 'exp')).toBe(1);
    expect(ops(after, 'neg')).toBe(0);
    expect(ops(after)).toBe(3); // exp, add, mul
    expectSameResult(f, [x]);
  });

  it('fusion: a chain of elementwise ops with one consumer each is one kernel with one store; a value used twice is stored', () => {
    const chain = (t: Tensor) => exp(neg(t).mul(2)).add(1);
    expect(schedule(optimize(programs(chain, [x]).before)).steps).toEqual([
      expect.objectContaining({ kind: 'kernel', reduce: false }),
    ]);
    const shared = (t: Tensor) => {
      const e = exp(t);
      return sum(e.mul(e.add(1)));
    };
    const steps = schedule(optimize(programs(shared, [x]).before)).steps;
    // exp is stored (two consumers); mul(add) and the sum of all elements are one kernel
    expect(steps.map((s) => s.kind)).toEqual(['kernel', 'kernel']);
    expect(steps[1]).toMatchObject({ kind: 'kernel', reduce: true });
  });
});
