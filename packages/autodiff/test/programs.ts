/**
 * Random programs over the primitives, shared by the random-program and trace tests:
 * fast-check builds expression trees (smooth unary compositions, broadcasting binary ops,
 * reductions, transposes, reshapes, shifts and rolls (pad, slice, concat), batched matmul and where with a comparison mask) on 1-3
 * float64 inputs whose shapes broadcast to a base shape [batch?, n, n].
 */
import fc from 'fast-check';
import {
  type Tensor,
  abs,
  add,
  broadcastTo,
  concat,
  div,
  equal,
  erf,
  erfc,
  exp,
  expm1,
  greater,
  greaterEqual,
  less,
  lessEqual,
  log,
  log1p,
  logsumexp,
  matmul,
  max,
  maximum,
  mean,
  minimum,
  mul,
  neg,
  pad,
  reshape,
  slice,
  softmax,
  sqrt,
  sub,
  sum,
  tensor,
  transpose,
  where,
} from '../src/index.js';
import { operandShapeArb, sizeOfShape, valuesOf } from './core-helpers.js';

const UNARY = [
  'neg',
  'erf',
  'erfc',
  'log1pSq',
  'logOnePlusSq',
  'softAbs',
  'gauss',
  'expm1Erf',
  'square',
  'half',
  'expBounded',
] as const;
const BINARY = ['add', 'sub', 'mul', 'divGuarded', 'maximum', 'minimum'] as const;
const REDUCE = ['sum', 'mean', 'max', 'logsumexp', 'softmax'] as const;
const COMPARE = ['greater', 'greaterEqual', 'less', 'lessEqual'] as const;

export type Expr =
  | { t: 'input'; i: number }
  | { t: 'const'; v: number }
  | { t: 'unary'; op: (typeof UNARY)[number]; x: Expr }
  | { t: 'binary'; op: (typeof BINARY)[number]; a: Expr; b: Expr }
  | { t: 'reduce'; op: (typeof REDUCE)[number]; axis: number; x: Expr }
  | { t: 'swapLast'; x: Expr }
  | { t: 'flatRoundTrip'; x: Expr }
  | { t: 'shiftLast'; x: Expr }
  | { t: 'rollLast'; x: Expr }
  | { t: 'matmul'; a: Expr; b: Expr }
  | { t: 'where'; cmp: (typeof COMPARE)[number]; l: Expr; r: Expr; a: Expr; b: Expr };

export function show(e: Expr): string {
  switch (e.t) {
    case 'input':
      return `x${e.i}`;
    case 'const':
      return String(e.v);
    case 'unary':
      return `${e.op}(${show(e.x)})`;
    case 'binary':
      return `${e.op}(${show(e.a)}, ${show(e.b)})`;
    case 'reduce':
      return `${e.op}[axis ${e.axis}](${show(e.x)})`;
    case 'swapLast':
      return `T(${show(e.x)})`;
    case 'flatRoundTrip':
      return `unflatten(flatten(${show(e.x)}))`;
    case 'shiftLast':
      return `shift(${show(e.x)})`;
    case 'rollLast':
      return `roll(${show(e.x)})`;
    case 'matmul':
      return `(${show(e.a)} @ ${show(e.b)})`;
    case 'where':
      return `where(${e.cmp}(${show(e.l)}, ${show(e.r)}), ${show(e.a)}, ${show(e.b)})`;
  }
}

/**
 * Records how close the program comes to a kink (a tie in maximum/minimum/max or a comparison):
 * finite differences are only meaningful when every kink is farther away than the FD steps reach.
 */
export interface Monitor {
  gap: number;
}

function minAbsDiff(a: Tensor, b: Tensor): number {
  return Math.min(Infinity, ...valuesOf(abs(sub(a, b))));
}

/** The gap between the winner and the runner-up in every group of max over `axis` (Infinity without a runner-up). */
function maxGap(x: Tensor, axis: number): number {
  const m = max(x, axis, true);
  const winners = valuesOf(sum(equal(x, m), axis, true));
  if (winners.some((c) => c !== 1)) return 0;
  const d = valuesOf(sub(m, x)).filter((v) => v > 0);
  return Math.min(Infinity, ...d);
}

/** Brings x to rank >= 2 by prepending size-1 axes (a reshape primitive when it changes the shape). */
function atLeast2d(x: Tensor): Tensor {
  return x.rank >= 2 ? x : reshape(x, [...Array<number>(2 - x.rank).fill(1), ...x.shape]);
}

export function evaluate(e: Expr, xs: readonly Tensor[], n: number, mon?: Monitor): Tensor {
  const ev = (s: Expr) => evaluate(s, xs, n, mon);
  switch (e.t) {
    case 'input':
      return xs[e.i % xs.length]!;
    case 'const':
      return tensor(e.v, { dtype: 'float64' });
    case 'unary': {
      const x = ev(e.x);
      switch (e.op) {
        case 'neg':
          return neg(x);
        case 'erf':
          return erf(x);
        case 'erfc':
          return erfc(x);
        case 'log1pSq':
          return log1p(mul(x, x));
        case 'logOnePlusSq':
          return log(add(1, mul(x, x)));
        case 'softAbs':
          return sqrt(add(1, mul(x, x)));
        case 'gauss':
          return exp(neg(mul(x, x)));
        case 'expm1Erf':
          return expm1(erf(x));
        case 'square':
          return x.square();
        case 'half':
          return mul(x, 0.5);
        case 'expBounded':
          return exp(div(x, sqrt(add(1, mul(x, x)))));
      }
      break;
    }
    case 'binary': {
      const a = ev(e.a);
      const b = ev(e.b);
      switch (e.op) {
        case 'add':
          return add(a, b);
        case 'sub':
          return sub(a, b);
        case 'mul':
          return mul(a, b);
        case 'divGuarded':
          return div(a, add(1, mul(b, b)));
        case 'maximum':
        case 'minimum':
          if (mon) mon.gap = Math.min(mon.gap, minAbsDiff(a, b));
          return e.op === 'maximum' ? maximum(a, b) : minimum(a, b);
      }
      break;
    }
    case 'reduce': {
      const x = ev(e.x);
      // axis counts from the end; an operand with fewer axes is left as it is
      if (x.rank < -e.axis) return x;
      switch (e.op) {
        case 'sum':
          return sum(x, e.axis, true);
        case 'mean':
          return mean(x, e.axis, true);
        case 'max':
          if (mon) mon.gap = Math.min(mon.gap, maxGap(x, e.axis));
          return max(x, e.axis, true);
        case 'logsumexp':
          return logsumexp(x, e.axis, true);
        case 'softmax':
          return softmax(x, e.axis);
      }
      break;
    }
    case 'swapLast': {
      const x = atLeast2d(ev(e.x));
      const perm = x.shape.map((_, i) => i);
      perm.splice(-2, 2, x.rank - 1, x.rank - 2);
      return transpose(x, perm);
    }
    case 'flatRoundTrip': {
      const x = ev(e.x);
      return reshape(reshape(x, [-1]), [...x.shape]);
    }
    case 'shiftLast': {
      // shift right by one along the last axis, a zero coming in: pad [1, 0] then slice the first d
      const x = atLeast2d(ev(e.x));
      const begin = x.shape.map(() => 0);
      return slice(
        pad(
          x,
          x.shape.map((_, i) => (i === x.rank - 1 ? ([1, 0] as const) : ([0, 0] as const))),
        ),
        begin,
        [...x.shape],
      );
    }
    case 'rollLast': {
      // rotate left by one along the last axis: concat [x, x] then slice from 1
      const x = atLeast2d(ev(e.x));
      const begin = x.shape.map((_, i) => (i === x.rank - 1 ? 1 : 0));
      return slice(concat([x, x], -1), begin, [...x.shape]);
    }
    case 'matmul': {
      // both operands broadcast to [..., n, n]; the batch axes broadcast inside matmul; scaled by 1/n
      const [a, b] = [atLeast2d(ev(e.a)), atLeast2d(ev(e.b))].map((t) =>
        broadcastTo(t, [...t.shape.slice(0, -2), n, n]),
      );
      return mul(matmul(a!, b!), 1 / n);
    }
    case 'where': {
      const l = ev(e.l);
      const r = ev(e.r);
      if (mon) mon.gap = Math.min(mon.gap, minAbsDiff(l, r));
      const cmp = { greater, greaterEqual, less, lessEqual }[e.cmp];
      return where(cmp(l, r), ev(e.a), ev(e.b));
    }
  }
  throw new Error(`unreachable: ${JSON.stringify(e)}`);
}

function usesInput(e: Expr): boolean {
  switch (e.t) {
    case 'input':
      return true;
    case 'const':
      return false;
    case 'unary':
    case 'reduce':
    case 'swapLast':
    case 'flatRoundTrip':
    case 'shiftLast':
    case 'rollLast':
      return usesInput(e.x);
    case 'binary':
    case 'matmul':
      return usesInput(e.a) || usesInput(e.b);
    case 'where':
      return [e.l, e.r, e.a, e.b].some(usesInput);
  }
}

const { expr: exprArb } = fc.letrec<{ expr: Expr }>((tie) => {
  const sub = tie('expr') as fc.Arbitrary<Expr>;
  const leaf: fc.Arbitrary<Expr> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ t: fc.constant('input' as const), i: fc.nat(2) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        t: fc.constant('const' as const),
        v: fc.constantFrom(-1.5, -0.5, 0.25, 1, 2),
      }),
    },
  );
  return {
    expr: fc.oneof(
      { maxDepth: 4, depthIdentifier: 'program' },
      leaf,
      fc.record({ t: fc.constant('unary' as const), op: fc.constantFrom(...UNARY), x: sub }),
      fc.record({
        t: fc.constant('binary' as const),
        op: fc.constantFrom(...BINARY),
        a: sub,
        b: sub,
      }),
      fc.record({
        t: fc.constant('reduce' as const),
        op: fc.constantFrom(...REDUCE),
        axis: fc.integer({ min: -3, max: -1 }),
        x: sub,
      }),
      fc.record({ t: fc.constant('swapLast' as const), x: sub }),
      fc.record({ t: fc.constant('flatRoundTrip' as const), x: sub }),
      fc.record({ t: fc.constant('shiftLast' as const), x: sub }),
      fc.record({ t: fc.constant('rollLast' as const), x: sub }),
      fc.record({ t: fc.constant('matmul' as const), a: sub, b: sub }),
      fc.record({
        t: fc.constant('where' as const),
        cmp: fc.constantFrom(...COMPARE),
        l: sub,
        r: sub,
        a: sub,
        b: sub,
      }),
    ),
  };
});

/** The base shape [batch, n, n] (or [n, n]) every value broadcasts to, and 1-3 input shapes and values. */
export const programArb = fc
  .record({
    n: fc.integer({ min: 1, max: 3 }),
    batch: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }),
    k: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ n, batch, k }) => {
    const base = batch === undefined ? [n, n] : [batch, n, n];
    return fc.record({
      n: fc.constant(n),
      base: fc.constant(base),
      expr: exprArb.filter(usesInput),
      inputs: fc.array(
        operandShapeArb(base).chain((s) =>
          fc.record({
            shape: fc.constant(s),
            values: fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), {
              minLength: sizeOfShape(s),
              maxLength: sizeOfShape(s),
            }),
          }),
        ),
        { minLength: k, maxLength: k },
      ),
      seed: fc.nat(),
    });
  });
