import { type TypedArray, allocate } from '../dtype.js';
import { GradflowError, fmtShape } from '../errors.js';
import { normalizeAxes, reducedShape, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import type { OutputSpec } from '../primitive.js';
import { broadcastIndex } from './indexing.js';

export interface ReduceAttrs {
  readonly axes: readonly number[];
  readonly keepDims: boolean;
}

export function inferReduce(op: string, x: Tensor, attrs: ReduceAttrs): OutputSpec {
  const axes = normalizeAxes(op, attrs.axes, x.shape.length);
  return { shape: reducedShape(x.shape, axes, attrs.keepDims), dtype: x.dtype };
}

/** For each input element, the flat index of the output element it reduces into. */
function reduceIndex(x: Tensor, axes: readonly number[]): Int32Array | null {
  return broadcastIndex(reducedShape(x.shape, axes, true), x.shape);
}

export function sumKernel(x: Tensor, attrs: ReduceAttrs, out: OutputSpec): TypedArray {
  const src = x._data;
  const n = sizeOf(out.shape);
  const acc = new Float64Array(n);
  if (n === 1) {
    let s = 0;
    for (let i = 0; i < src.length; i++) s += src[i]!;
    acc[0] = s;
  } else {
    const map = reduceIndex(x, attrs.axes);
    if (map === null) acc.set(src);
    else for (let i = 0; i < src.length; i++) acc[map[i]!]! += src[i]!;
  }
  return out.dtype === 'float64' ? acc : Float32Array.from(acc);
}

export function maxKernel(x: Tensor, attrs: ReduceAttrs, out: OutputSpec): TypedArray {
  const src = x._data;
  const n = sizeOf(out.shape);
  if (src.length === 0 && n > 0) {
    throw new GradflowError('max', `cannot take the max over an empty axis (input shape ${fmtShape(x.shape)}, axes [${attrs.axes.join(', ')}])`);
  }
  const o = allocate(out.dtype, n).fill(-Infinity);
  const map = reduceIndex(x, attrs.axes);
  for (let i = 0; i < src.length; i++) {
    const j = map === null ? i : map[i]!;
    const v = src[i]!;
    // NaN wins and stays: once o[j] is NaN no comparison replaces it
    if (v > o[j]! || v !== v) o[j] = v;
  }
  return o;
}
