import { type DType, type TypedArray, allocate, promote } from '../dtype.js';
import { type Shape, broadcastShapes, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import type { OutputSpec } from '../primitive.js';
import { broadcastIndex } from './indexing.js';
import { BoundedCache } from './cache.js';
import { binaryLoop, ewArity, runWhere, unaryLoop } from './ewops.js';

/*
 * Elementwise kernels. The per-element loops live in kernels/ewops.ts, one per elementwise code.
 * This module plans the walk: it splits the output into contiguous runs in which every operand
 * either advances with the output (step 1) or repeats one value (step 0), and hands each run to
 * the code's loop. Equal shapes and scalar operands are one run; a bias add [r, c] + [c] is r
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
/** Plans per shape signature, bounded in entries and in bytes (their offset arrays). */
export const plans = new BoundedCache<RunPlan>(128, 32 * 2 ** 20, (p) =>
  p.offsets.reduce((b, o) => b + o.byteLength, 0),
);

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
  plans.set(key, plan);
  return plan;
}

/**
 * Elements per call of an op's loop. Long arrays are handed over in chunks: a loop called
 * once per op would only ever run as on-stack-replacement code entered mid-loop, which V8
 * optimizes worse than a function called many times (add on 1M float32 elements: 1.6 ms in one
 * call, 0.66 ms in chunks of 4096).
 */
export const CHUNK = 4096;

/** The forward kernel of a unary elementwise primitive: its code's loop from kernels/ewops.ts. */
export function unaryForward(code: number) {
  return (inputs: readonly Tensor[], _attrs: unknown, out: OutputSpec): TypedArray => {
    const src = inputs[0]!._data;
    const n = src.length;
    const o = allocate(out.dtype, n);
    const loop = unaryLoop(code);
    for (let k = 0; k < n; k += CHUNK) loop(o, k, Math.min(n, k + CHUNK), src, 0);
    return o;
  };
}

/**
 * Repeated operands. The loops in kernels/ewops.ts only walk operands that advance with the
 * output; an operand that repeats one value along a run is read from a chunk filled with that
 * value, refilled only when the value changes (a scalar operand is filled once per call).
 */
class Splat {
  private readonly f32 = new Float32Array(CHUNK);
  private readonly f64 = new Float64Array(CHUNK);
  private v32 = NaN;
  private v64 = NaN;
  private n32 = 0;
  private n64 = 0;

  /** A chunk of at least len copies of a[i], of a's array type. */
  of(a: TypedArray, i: number, len: number): TypedArray {
    const v = a[i]!;
    const n = Math.min(len, CHUNK);
    if (a instanceof Float32Array) {
      if (!Object.is(v, this.v32) || this.n32 < n) {
        this.f32.fill(v, 0, n);
        this.v32 = v;
        this.n32 = n;
      }
      return this.f32;
    }
    if (!Object.is(v, this.v64) || this.n64 < n) {
      this.f64.fill(v, 0, n);
      this.v64 = v;
      this.n64 = n;
    }
    return this.f64;
  }
}

const splats = [new Splat(), new Splat(), new Splat()] as const;

/**
 * Operand t of a run: the array to read and the offset that maps output index k to its element.
 * A repeating operand reads a filled chunk (offset -start, so k = start reads element 0).
 */
function operandAt(
  t: number,
  src: TypedArray,
  at: number,
  step: number,
  start: number,
  end: number,
): TypedArray {
  return step === 1 ? src : splats[t]!.of(src, at, end - start);
}

/**
 * Runs an elementwise code over operands broadcast to the output shape (NumPy rules): run by
 * run, chunk by chunk, each operand read at its offset, or from a filled chunk where it repeats.
 */
export function broadcastRun(
  code: number,
  o: TypedArray,
  operands: readonly Tensor[],
  out: Shape,
): void {
  const { runs, len, offsets, steps } = planRuns(
    operands.map((t) => t.shape),
    out,
  );
  const [x, y, z] = operands.map((t) => t._data);
  const [ox, oy, oz] = offsets;
  const [sx, sy, sz] = steps as [number, number, number | undefined];
  const loop = z === undefined ? binaryLoop(code) : null;
  for (let r = 0, k = 0; r < runs; r++, k += len) {
    for (let c = 0; c < len; c += CHUNK) {
      const start = k + c;
      const end = k + Math.min(len, c + CHUNK);
      const i = ox![r]! + c * sx;
      const j = oy![r]! + c * sy;
      const xs = operandAt(0, x!, i, sx, start, end);
      const ys = operandAt(1, y!, j, sy, start, end);
      const dx = sx === 1 ? i - start : -start;
      const dy = sy === 1 ? j - start : -start;
      if (z === undefined) {
        loop!(o, start, end, xs, dx, ys, dy);
      } else {
        const l = oz![r]! + c * sz!;
        const zs = operandAt(2, z, l, sz!, start, end);
        runWhere(o, start, end, xs, dx, ys, dy, zs, sz === 1 ? l - start : -start);
      }
    }
  }
}

/** The forward kernel of a binary elementwise primitive with NumPy broadcasting. */
export function binaryForward(code: number) {
  return (inputs: readonly Tensor[], _attrs: unknown, out: OutputSpec): TypedArray => {
    const o = allocate(out.dtype, sizeOf(out.shape));
    broadcastRun(code, o, inputs, out.shape);
    return o;
  };
}

const ONE32 = new Float32Array(1);
const ONE64 = new Float64Array(1);
const ARG = [new Float64Array(1), new Float64Array(1), new Float64Array(1)] as const;

/**
 * One element of an elementwise code, for the engine's rank-0 path: the operands' values go
 * through the code's own loop (kernels/ewops.ts) into a one-element array of the output dtype,
 * so the result is bit for bit what the array kernels give, with no plan and no allocation.
 * Operands are read from float64 cells: every float32 value is exact there, and the loops
 * compute in double whatever array they read.
 */
export function scalarRun(code: number, dtype: DType, a: number, b = 0, c = 0): number {
  const o = dtype === 'float64' ? ONE64 : ONE32;
  const [x, y, z] = ARG;
  x[0] = a;
  const arity = ewArity(code);
  if (arity === 1) unaryLoop(code)(o, 0, 1, x, 0);
  else {
    y[0] = b;
    if (arity === 2) binaryLoop(code)(o, 0, 1, x, 0, y, 0);
    else {
      z[0] = c;
      runWhere(o, 0, 1, x, 0, y, 0, z, 0);
    }
  }
  return o[0]!;
}
