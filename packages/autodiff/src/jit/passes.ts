import type { PrimitiveName } from '../primitive.js';
import { Cse } from './cse.js';
import { type Program, type Value } from './program.js';

/*
 * The optimizing passes, each one walk over the program in execution order:
 *  - algebraic simplification: a table of rewrite rules, one row per law. Every law holds to the
 *    last bit in IEEE arithmetic (NaN, infinities and signed zeros included), so a rewritten
 *    program computes exactly what the eager one did. That excludes laws that only hold for real
 *    numbers: x + 0 -> x is wrong for x = -0, x * 0 -> 0 for NaN and infinities, (a + b) + c ->
 *    a + (b + c) rounds differently.
 *  - common subexpressions (cse.ts): a value equal in op, operands and attributes to an earlier
 *    one is that one (every primitive is a pure function of its operands).
 *  - dead code: only values an output depends on are kept.
 * Constant folding happens when the program is built (programOf), from the values the trace
 * computed.
 */

type Op = Extract<Value, { kind: 'op' }>;

/** What a rule may look at: the values so far. */
interface View {
  readonly values: readonly Value[];
}

/** A rule: for one op, the earlier value the node equals, or null where the law does not apply. */
interface Rule {
  readonly op: PrimitiveName;
  readonly law: string;
  readonly rewrite: (v: Op, p: View) => number | null;
}

/** The elements of value i if it is a constant or a broadcast constant, else null. */
function constData(p: View, i: number): ArrayLike<number> | null {
  let v = p.values[i]!;
  if (v.kind === 'op' && v.op === 'broadcastTo') v = p.values[v.inputs[0]!]!;
  return v.kind === 'const' ? v.tensor._data : null;
}

/** True if value i is a constant whose every element is `c` (Object.is: -0 and +0 differ). */
function isConst(p: View, i: number, c: number): boolean {
  const d = constData(p, i);
  if (d === null) return false;
  for (let k = 0; k < d.length; k++) if (!Object.is(d[k], c)) return false;
  return true;
}

/** True if value i is a constant and every element is nonzero (nz) or zero (!nz). */
function isMask(p: View, i: number, nz: boolean): boolean {
  const d = constData(p, i);
  if (d === null) return false;
  for (let k = 0; k < d.length; k++) if ((d[k] !== 0) !== nz) return false;
  return true;
}

/** Value i, if it has the node's shape and dtype (a rewrite must not change either). */
function same(v: Op, p: View, i: number): number | null {
  const w = p.values[i]!;
  if (w.dtype !== v.dtype || w.shape.length !== v.shape.length) return null;
  for (let d = 0; d < v.shape.length; d++) if (w.shape[d] !== v.shape[d]) return null;
  return i;
}

const [A, B, C] = [0, 1, 2];
const arg = (v: Op, k: number) => v.inputs[k]!;

// prettier-ignore
export const RULES: readonly Rule[] = [
  // x + (-0) -> x   and   (-0) + x -> x   (exact: -0 is the additive identity, also for x = +0 or -0)
  { op: 'add', law: 'x + -0 = x', rewrite: (v, p) => (isConst(p, arg(v, B), -0) ? same(v, p, arg(v, A)) : null) },
  { op: 'add', law: '-0 + x = x', rewrite: (v, p) => (isConst(p, arg(v, A), -0) ? same(v, p, arg(v, B)) : null) },
  // x - 0 -> x   (exact: -0 - 0 = -0, +0 - 0 = +0)
  { op: 'sub', law: 'x - 0 = x', rewrite: (v, p) => (isConst(p, arg(v, B), 0) ? same(v, p, arg(v, A)) : null) },
  // x * 1 -> x   and   1 * x -> x   (exact, NaN and infinities included)
  { op: 'mul', law: 'x * 1 = x', rewrite: (v, p) => (isConst(p, arg(v, B), 1) ? same(v, p, arg(v, A)) : null) },
  { op: 'mul', law: '1 * x = x', rewrite: (v, p) => (isConst(p, arg(v, A), 1) ? same(v, p, arg(v, B)) : null) },
  // x / 1 -> x
  { op: 'div', law: 'x / 1 = x', rewrite: (v, p) => (isConst(p, arg(v, B), 1) ? same(v, p, arg(v, A)) : null) },
  // -(-x) -> x   (negation only flips the sign bit)
  {
    op: 'neg', law: '-(-x) = x',
    rewrite: (v, p) => {
      const w = p.values[arg(v, A)]!;
      return w.kind === 'op' && w.op === 'neg' ? same(v, p, w.inputs[A]!) : null;
    },
  },
  // where(c, x, x) -> x   (both branches the same value)
  { op: 'where', law: 'where(c, x, x) = x', rewrite: (v, p) => (arg(v, B) === arg(v, C) ? same(v, p, arg(v, B)) : null) },
  // where(1, a, b) -> a   and   where(0, a, b) -> b   (a constant mask decides every element)
  { op: 'where', law: 'where(true, a, b) = a', rewrite: (v, p) => (isMask(p, arg(v, A), true) ? same(v, p, arg(v, B)) : null) },
  { op: 'where', law: 'where(false, a, b) = b', rewrite: (v, p) => (isMask(p, arg(v, A), false) ? same(v, p, arg(v, C)) : null) },
  // max(x, x) -> x   and   min(x, x) -> x
  { op: 'maximum', law: 'max(x, x) = x', rewrite: (v, p) => (arg(v, A) === arg(v, B) ? same(v, p, arg(v, A)) : null) },
  { op: 'minimum', law: 'min(x, x) = x', rewrite: (v, p) => (arg(v, A) === arg(v, B) ? same(v, p, arg(v, A)) : null) },
  // reshape, broadcastTo and cast to what x already is -> x
  { op: 'reshape', law: 'reshape(x, shape(x)) = x', rewrite: (v, p) => same(v, p, arg(v, A)) },
  // reshape(reshape(x), shape(x)) -> x   (a reshape keeps the elements in order)
  {
    op: 'reshape', law: 'reshape(reshape(x), shape(x)) = x',
    rewrite: (v, p) => {
      const w = p.values[arg(v, A)]!;
      return w.kind === 'op' && w.op === 'reshape' ? same(v, p, w.inputs[A]!) : null;
    },
  },
  { op: 'broadcastTo', law: 'broadcastTo(x, shape(x)) = x', rewrite: (v, p) => same(v, p, arg(v, A)) },
  { op: 'cast', law: 'cast(x, dtype(x)) = x', rewrite: (v, p) => same(v, p, arg(v, A)) },
];

const rulesByOp = new Map<PrimitiveName, Rule[]>();
const NO_RULES: readonly Rule[] = [];
for (const r of RULES) rulesByOp.set(r.op, [...(rulesByOp.get(r.op) ?? []), r]);

/** The value v equals after the rules, following rewrites until none applies. */
function simplified(i: number, p: View): number {
  for (;;) {
    const v = p.values[i]!;
    if (v.kind !== 'op') return i;
    let next: number | null = null;
    for (const r of rulesByOp.get(v.op) ?? NO_RULES) {
      next = r.rewrite(v, p);
      if (next !== null) break;
    }
    if (next === null) return i;
    i = next;
  }
}

/**
 * Simplification and common subexpressions in one walk, then dead-code removal. The walk keeps
 * every value at its index (a value that equals an earlier one is left unreferenced, for dead
 * code to drop), so a value is copied only when one of its operands was replaced, and the
 * program is renumbered once, by deadCode.
 */
export function optimize(p: Program): Program {
  const values: Value[] = [];
  const map: number[] = [];
  const view: View = { values };
  const cse = new Cse(values, p.values.length);
  for (let i = 0; i < p.values.length; i++) {
    values.push(renumbered(p.values[i]!, map));
    let j = simplified(i, view);
    if (j === i) j = cse.find(i);
    map.push(j);
  }
  return deadCode({ values, outputs: p.outputs.map((o) => map[o]!) });
}

/** Keeps the values some output depends on, renumbered in the same order. */
export function deadCode(p: Program): Program {
  const live = new Uint8Array(p.values.length);
  for (const o of p.outputs) live[o] = 1;
  for (let i = p.values.length - 1; i >= 0; i--) {
    const v = p.values[i]!;
    if (live[i] && v.kind === 'op') for (const x of v.inputs) live[x] = 1;
  }
  const map = new Int32Array(p.values.length).fill(-1);
  const values: Value[] = [];
  for (let i = 0; i < p.values.length; i++) {
    if (!live[i]) continue;
    map[i] = values.length;
    values.push(renumbered(p.values[i]!, map));
  }
  return { values, outputs: p.outputs.map((o) => map[o]!) };
}

/** v with its operands renumbered by `map`: v itself when none moves. */
function renumbered(v: Value, map: ArrayLike<number>): Value {
  if (v.kind !== 'op') return v;
  const xs = v.inputs;
  let k = 0;
  while (k < xs.length && map[xs[k]!] === xs[k]) k++;
  if (k === xs.length) return v;
  const inputs = new Array<number>(xs.length);
  for (let j = 0; j < xs.length; j++) inputs[j] = map[xs[j]!]!;
  // the fields in programOf's order, so every op value keeps one object layout
  return { kind: 'op', op: v.op, inputs, attrs: v.attrs, shape: v.shape, dtype: v.dtype };
}
