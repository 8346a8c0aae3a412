import { type TypedArray, allocate, promote } from '../dtype.js';
import { broadcastShapes, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import type { OutputSpec } from '../primitive.js';
import { broadcastIndex } from './indexing.js';

export function inferUnary(inputs: readonly Tensor[]): OutputSpec {
  const x = inputs[0]!;
  return { shape: x.shape.slice(), dtype: x.dtype };
}

export function inferBinary(op: string, inputs: readonly Tensor[]): OutputSpec {
  const [a, b] = inputs as [Tensor, Tensor];
  return { shape: broadcastShapes(op, a.shape, b.shape), dtype: promote(a.dtype, b.dtype) };
}

export function unaryKernel(x: Tensor, out: OutputSpec, f: (v: number) => number): TypedArray {
  const src = x._data;
  const o = allocate(out.dtype, src.length);
  for (let i = 0; i < src.length; i++) o[i] = f(src[i]!);
  return o;
}

/** Elementwise f(a, b) with NumPy broadcasting; fast paths for equal shapes and scalars. */
export function binaryKernel(a: Tensor, b: Tensor, out: OutputSpec, f: (u: number, v: number) => number): TypedArray {
  const x = a._data;
  const y = b._data;
  const n = sizeOf(out.shape);
  const o = allocate(out.dtype, n);
  const ia = broadcastIndex(a.shape, out.shape);
  const ib = broadcastIndex(b.shape, out.shape);
  if (ia === null && ib === null) {
    for (let i = 0; i < n; i++) o[i] = f(x[i]!, y[i]!);
  } else if (ia === null && y.length === 1) {
    const v = y[0]!;
    for (let i = 0; i < n; i++) o[i] = f(x[i]!, v);
  } else if (ib === null && x.length === 1) {
    const u = x[0]!;
    for (let i = 0; i < n; i++) o[i] = f(u, y[i]!);
  } else if (ia === null) {
    for (let i = 0; i < n; i++) o[i] = f(x[i]!, y[ib![i]!]!);
  } else if (ib === null) {
    for (let i = 0; i < n; i++) o[i] = f(x[ia[i]!]!, y[i]!);
  } else {
    for (let i = 0; i < n; i++) o[i] = f(x[ia[i]!]!, y[ib[i]!]!);
  }
  return o;
}

/** Builds a binary primitive's infer/forward pair from its scalar function. */
export function binaryForward(f: (u: number, v: number) => number) {
  return (inputs: readonly Tensor[], _attrs: unknown, out: OutputSpec): TypedArray =>
    binaryKernel(inputs[0]!, inputs[1]!, out, f);
}

export function unaryForward(f: (v: number) => number) {
  return (inputs: readonly Tensor[], _attrs: unknown, out: OutputSpec): TypedArray => unaryKernel(inputs[0]!, out, f);
}
