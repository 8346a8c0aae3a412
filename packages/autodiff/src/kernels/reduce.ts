import { type TypedArray, allocate } from '../dtype.js';
import { GradflowError, fmtShape } from '../errors.js';
import { normalizeAxes, reducedShape, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import type { OutputSpec } from '../primitive.js';
import { BoundedCache } from './cache.js';

export interface ReduceAttrs {
  readonly axes: readonly number[];
  readonly keepDims: boolean;
}

export function inferReduce(op: string, x: Tensor, attrs: ReduceAttrs): OutputSpec {
  const axes = normalizeAxes(op, attrs.axes, x.shape.length);
  return { shape: reducedShape(x.shape, axes, attrs.keepDims), dtype: x.dtype };
}

/**
 * The input's axes with size-1 axes dropped and neighbours of the same kind merged: alternating
 * groups of kept and reduced axes, outermost first, with each kept group's stride in the output.
 */
interface Group {
  readonly size: number;
  readonly reduced: boolean;
  /** Output elements per step of this group (kept groups only). */
  readonly stride: number;
}

function groupsOf(shape: readonly number[], axes: readonly number[]): Group[] {
  const raw: { size: number; reduced: boolean }[] = [];
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const reduced = axes.includes(d);
    const last = raw[raw.length - 1];
    if (last !== undefined && last.reduced === reduced) last.size *= size;
    else raw.push({ size, reduced });
  }
  const groups: Group[] = new Array(raw.length);
  let stride = 1;
  for (let g = raw.length - 1; g >= 0; g--) {
    const { size, reduced } = raw[g]!;
    groups[g] = { size, reduced, stride: reduced ? 0 : stride };
    if (!reduced) stride *= size;
  }
  return groups;
}

/**
 * How a reduction walks its input: in flat order, one run of `size` elements of the innermost
 * group at a time (run r starts at input index r * size), `outStart[r]` being the output index
 * of the run's first element; `reduced` tells whether the run's elements all go to that one
 * output element or to `size` consecutive ones. Every output element therefore receives its
 * inputs in flat input order, as a per-element index map would give them: the results are the
 * same to the last bit.
 */
interface ReduceRuns {
  readonly size: number;
  readonly reduced: boolean;
  readonly outStart: Int32Array;
}

/** Reduction run starts per grouping, bounded in entries and in bytes. */
export const runsCache = new BoundedCache<ReduceRuns>(
  128,
  32 * 2 ** 20,
  (r) => r.outStart.byteLength,
);

function reduceRuns(groups: readonly Group[]): ReduceRuns {
  const key = groups.map((g) => (g.reduced ? -g.size : g.size)).join(',');
  const hit = runsCache.get(key);
  if (hit) return hit;
  const inner = groups[groups.length - 1]!;
  const outer = groups.length - 1;
  const counter = new Array<number>(outer).fill(0);
  let total = 1;
  for (let g = 0; g < outer; g++) total *= groups[g]!.size;
  const outStart = new Int32Array(total);
  let o = 0;
  for (let r = 0; r < total; r++) {
    outStart[r] = o;
    for (let g = outer - 1; g >= 0; g--) {
      const { size, stride } = groups[g]!;
      o += stride;
      if (++counter[g]! < size) break;
      o -= stride * size;
      counter[g] = 0;
    }
  }
  const runs = { size: inner.size, reduced: inner.reduced, outStart };
  runsCache.set(key, runs);
  return runs;
}

/** s0 + src[start] + src[start + 1] + ... + src[end - 1] in double, strictly left to right (unrolled, same order). */
function sumRange(src: TypedArray, start: number, end: number, s0: number): number {
  let s = s0;
  let p = start;
  for (; p + 3 < end; p += 4) {
    s += src[p]!;
    s += src[p + 1]!;
    s += src[p + 2]!;
    s += src[p + 3]!;
  }
  for (; p < end; p++) s += src[p]!;
  return s;
}

/** acc[o] += src[o + d] for start <= o < end (unrolled; each element gets one addition). */
function addInto(acc: Float64Array, start: number, end: number, src: TypedArray, d: number): void {
  let o = start;
  for (; o + 3 < end; o += 4) {
    acc[o]! += src[o + d]!;
    acc[o + 1]! += src[o + d + 1]!;
    acc[o + 2]! += src[o + d + 2]!;
    acc[o + 3]! += src[o + d + 3]!;
  }
  for (; o < end; o++) acc[o]! += src[o + d]!;
}

/** The max of m0 and src[start..end), NaN-propagating: once NaN, it stays NaN. */
function maxRange(src: TypedArray, start: number, end: number, m0: number): number {
  let m = m0;
  for (let p = start; p < end; p++) {
    const v = src[p]!;
    if (v > m || v !== v) m = v;
  }
  return m;
}

/** o[j] = max(o[j], src[j + d]) for start <= j < end, NaN-propagating. */
function maxInto(o: TypedArray, start: number, end: number, src: TypedArray, d: number): void {
  for (let j = start; j < end; j++) {
    const v = src[j + d]!;
    if (v > o[j]! || v !== v) o[j] = v;
  }
}

/**
 * Elements per call of the loops above: long runs are handed over in pieces, in order, since a
 * loop called once per op would only run as on-stack-replacement code, which V8 optimizes worse.
 */
const CHUNK = 4096;

export function sumKernel(x: Tensor, attrs: ReduceAttrs, out: OutputSpec): TypedArray {
  const src = x._data;
  const acc = new Float64Array(sizeOf(out.shape));
  const groups = groupsOf(x.shape, attrs.axes);
  if (acc.length === 1) {
    let s = 0;
    for (let p = 0; p < src.length; p += CHUNK)
      s = sumRange(src, p, Math.min(src.length, p + CHUNK), s);
    acc[0] = s;
  } else if (!groups.some((g) => g.reduced)) {
    acc.set(src);
  } else {
    const { size, reduced, outStart } = reduceRuns(groups);
    const runs = outStart.length;
    if (reduced) {
      // innermost axes summed: a run adds into one output element
      for (let r = 0, p = 0; r < runs; r++, p += size) {
        const o = outStart[r]!;
        let s = acc[o]!;
        for (let c = 0; c < size; c += CHUNK)
          s = sumRange(src, p + c, p + Math.min(size, c + CHUNK), s);
        acc[o] = s;
      }
    } else {
      // innermost axes kept: a run adds elementwise into a row of the output
      for (let r = 0, p = 0; r < runs; r++, p += size) {
        const o = outStart[r]!;
        for (let c = 0; c < size; c += CHUNK)
          addInto(acc, o + c, o + Math.min(size, c + CHUNK), src, p - o);
      }
    }
  }
  return out.dtype === 'float64' ? acc : Float32Array.from(acc);
}

export function maxKernel(x: Tensor, attrs: ReduceAttrs, out: OutputSpec): TypedArray {
  const src = x._data;
  const n = sizeOf(out.shape);
  if (src.length === 0 && n > 0) {
    throw new GradflowError(
      'max',
      `cannot take the max over an empty axis (input shape ${fmtShape(x.shape)}, axes [${attrs.axes.join(', ')}])`,
    );
  }
  const o = allocate(out.dtype, n).fill(-Infinity);
  const groups = groupsOf(x.shape, attrs.axes);
  if (!groups.some((g) => g.reduced)) {
    o.set(src);
    return o;
  }
  // NaN wins and stays: once the max is NaN no comparison replaces it
  const { size, reduced, outStart } = reduceRuns(groups);
  const runs = outStart.length;
  if (reduced) {
    for (let r = 0, p = 0; r < runs; r++, p += size) {
      const j = outStart[r]!;
      let m = o[j]!;
      for (let c = 0; c < size; c += CHUNK)
        m = maxRange(src, p + c, p + Math.min(size, c + CHUNK), m);
      o[j] = m;
    }
  } else {
    for (let r = 0, p = 0; r < runs; r++, p += size) {
      const j = outStart[r]!;
      for (let c = 0; c < size; c += CHUNK)
        maxInto(o, j + c, j + Math.min(size, c + CHUNK), src, p - j);
    }
  }
  return o;
}
