import { type TypedArray, allocate, promote } from '../dtype.js';
import { type Shape, broadcastShapes, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import type { OutputSpec } from '../primitive.js';
import { broadcastIndex } from './indexing.js';

/*
 * Elementwise kernels. The per-element loops live in each primitive's file, one loop per
 * primitive: a loop shared by all primitives that calls a per-op callback per element is
 * megamorphic in V8 (the call cannot be inlined; about 6x slower), and so is a loop made by a
 * factory, because closures of one function literal share their type feedback. This module only
 * plans the walk: it splits the output into contiguous runs in which every operand either
 * advances with the output (step 1) or repeats one value (step 0), and hands each run to the
 * primitive's loop. Equal shapes and scalar operands are one run; a bias add [r, c] + [c] is r
 * runs of c.
 */

export function inferUnary(inputs: readonly Tensor[]): OutputSpec {
  const x = inputs[0]!;
  return { shape: x.shape.slice(), dtype: x.dtype };
}

export function inferBinary(op: string, inputs: readonly Tensor[]): OutputSpec {
  const [a, b] = inputs as [Tensor, Tensor];
  return { shape: broadcastShapes(op, a.shape, b.shape), dtype: promote(a.dtype, b.dtype) };
}

/**
 * How to walk broadcast operands: `runs` contiguous output runs of `len` elements (run r covers
 * [r * len, (r + 1) * len)); operand t starts run r at `offsets[t][r]` and moves `steps[t]`
 * (1, or 0 when it repeats one value along the run).
 */
export interface RunPlan {
  readonly runs: number;
  readonly len: number;
  readonly offsets: readonly Int32Array[];
  readonly steps: readonly number[];
}

const ZERO = new Int32Array(1);
const plans = new Map<string, RunPlan>();
const PLAN_LIMIT = 128;

/**
 * The run plan for operands of `shapes` broadcast to `out` (NumPy rules). The innermost axes
 * along which every operand keeps the same step are merged into one run.
 */
export function planRuns(shapes: readonly Shape[], out: Shape): RunPlan {
  const n = sizeOf(out);
  let simple = true;
  for (const s of shapes) {
    const m = sizeOf(s);
    // an operand with as many elements as the output is laid out like it
    if (m !== n && m !== 1) simple = false;
  }
  if (simple) {
    return {
      runs: 1,
      len: n,
      offsets: shapes.map(() => ZERO),
      steps: shapes.map((s) => (sizeOf(s) === n ? 1 : 0)),
    };
  }
  const key = `${shapes.map((s) => s.join(',')).join('|')}>${out.join(',')}`;
  const hit = plans.get(key);
  if (hit) return hit;
  const rank = out.length;
  const aligned = shapes.map((s) => [...new Array<number>(rank - s.length).fill(1), ...s]);
  let pattern: number[] | null = null;
  let len = 1;
  let d = rank - 1;
  for (; d >= 0; d--) {
    const od = out[d]!;
    if (od === 1) continue;
    const pat = aligned.map((s) => (s[d] === od ? 1 : 0));
    if (pattern === null) pattern = pat;
    else if (pat.some((v, t) => v !== pattern![t])) break;
    len *= od;
  }
  const steps = pattern ?? shapes.map(() => 1);
  const prefix = out.slice(0, d + 1);
  const runs = sizeOf(prefix);
  const offsets = aligned.map((s, t) => {
    const idx = broadcastIndex(s.slice(0, d + 1), prefix);
    const scale = steps[t] === 1 ? len : 1;
    const o = new Int32Array(runs);
    for (let r = 0; r < runs; r++) o[r] = (idx === null ? r : idx[r]!) * scale;
    return o;
  });
  const plan = { runs, len, offsets, steps };
  if (plans.size >= PLAN_LIMIT) plans.delete(plans.keys().next().value!);
  plans.set(key, plan);
  return plan;
}

/** A unary primitive's loop: o[k] = f(x[k]) for start <= k < end. */
export type UnaryLoop = (o: TypedArray, x: TypedArray, start: number, end: number) => void;

/**
 * A binary primitive's loop over one run: o[k] = f(x[i + (k - start) * sx], y[j + (k - start) * sy])
 * for start <= k < end, with sx, sy in {0, 1} (never both 0 on a run longer than 1).
 */
export type BinaryLoop = (
  o: TypedArray,
  k: number,
  end: number,
  x: TypedArray,
  i: number,
  sx: number,
  y: TypedArray,
  j: number,
  sy: number,
) => void;

/**
 * Elements per call of a primitive's loop. Long arrays are handed over in chunks: a loop called
 * once per op would only ever run as on-stack-replacement code entered mid-loop, which V8
 * optimizes worse than a function called many times (add on 1M float32 elements: 1.6 ms in one
 * call, 0.66 ms in chunks of 4096).
 */
export const CHUNK = 4096;

/** The forward kernel of a unary primitive, from its loop. */
export function unaryForward(loop: UnaryLoop) {
  return (inputs: readonly Tensor[], _attrs: unknown, out: OutputSpec): TypedArray => {
    const src = inputs[0]!._data;
    const n = src.length;
    const o = allocate(out.dtype, n);
    for (let k = 0; k < n; k += CHUNK) loop(o, src, k, Math.min(n, k + CHUNK));
    return o;
  };
}

/** The forward kernel of a binary primitive with NumPy broadcasting, from its run loop. */
export function binaryForward(loop: BinaryLoop) {
  return (inputs: readonly Tensor[], _attrs: unknown, out: OutputSpec): TypedArray => {
    const a = inputs[0]!;
    const b = inputs[1]!;
    const o = allocate(out.dtype, sizeOf(out.shape));
    const { runs, len, offsets, steps } = planRuns([a.shape, b.shape], out.shape);
    const ia = offsets[0]!;
    const ib = offsets[1]!;
    const sa = steps[0]!;
    const sb = steps[1]!;
    const x = a._data;
    const y = b._data;
    for (let r = 0, k = 0; r < runs; r++, k += len) {
      const i = ia[r]!;
      const j = ib[r]!;
      for (let c = 0; c < len; c += CHUNK)
        loop(o, k + c, k + Math.min(len, c + CHUNK), x, i + c * sa, sa, y, j + c * sb, sb);
    }
    return o;
  };
}
