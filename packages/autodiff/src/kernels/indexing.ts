import { type Shape, sameShape, sizeOf, stridesOf } from '../shape.js';
import { BoundedCache } from './cache.js';

/** Broadcast index maps by shape pair: at most 128 of them and 64 MB in all. */
export const broadcastMaps = new BoundedCache<Int32Array>(128, 64 * 2 ** 20, (m) => m.byteLength);

/**
 * For every element of `outShape` (row-major), the flat index of the element of `inShape` it
 * reads when `inShape` is broadcast to `outShape` (NumPy rules, right-aligned). Returns null when
 * the shapes are equal and the map would be the identity. Maps are cached: training loops
 * broadcast the same shapes every step.
 */
export function broadcastIndex(inShape: Shape, outShape: Shape): Int32Array | null {
  if (sameShape(inShape, outShape)) return null;
  const key = `${inShape.join(',')}|${outShape.join(',')}`;
  const hit = broadcastMaps.get(key);
  if (hit) return hit;
  const rank = outShape.length;
  const inStrides = stridesOf(inShape);
  const strides = new Array<number>(rank).fill(0);
  for (let i = 0; i < inShape.length; i++) {
    const o = rank - inShape.length + i;
    strides[o] = inShape[i] === 1 ? 0 : inStrides[i]!;
  }
  const map = stridedIndex(outShape, strides, 0);
  broadcastMaps.set(key, map);
  return map;
}

/** Flat source index for each element of `shape` walked row-major, given per-axis source strides. */
export function stridedIndex(shape: Shape, strides: readonly number[], offset: number): Int32Array {
  const n = sizeOf(shape);
  const map = new Int32Array(n);
  const rank = shape.length;
  if (n === 0) return map;
  if (rank === 0) {
    map[0] = offset;
    return map;
  }
  const last = rank - 1;
  const lastDim = shape[last]!;
  const lastStride = strides[last]!;
  const counter = new Array<number>(rank).fill(0);
  let base = offset;
  let i = 0;
  while (i < n) {
    for (let j = 0, p = base; j < lastDim; j++, p += lastStride) map[i++] = p;
    // advance the counter over the axes before the last
    let ax = last - 1;
    while (ax >= 0) {
      counter[ax]!++;
      base += strides[ax]!;
      if (counter[ax]! < shape[ax]!) break;
      base -= strides[ax]! * shape[ax]!;
      counter[ax] = 0;
      ax--;
    }
  }
  return map;
}

/**
 * The contiguous runs of a box of shape `box` placed at flat `offset` inside a row-major array
 * of shape `container` (same rank): `len` elements each, starting at `starts[r]` in the
 * container, in the box's row-major order. Trailing axes the box spans in full merge into one
 * run, so slicing rows of a matrix is a single copy. Lets slice and pad move whole runs with
 * TypedArray.set instead of an element-by-element index map.
 */
export function boxRuns(
  box: Shape,
  container: Shape,
  offset: number,
): { len: number; starts: Int32Array } {
  const rank = box.length;
  let k = rank - 1;
  while (k > 0 && box[k] === container[k]) k--;
  let len = 1;
  for (let j = Math.max(k, 0); j < rank; j++) len *= box[j]!;
  const outer = box.slice(0, Math.max(k, 0));
  const strides = stridesOf(container).slice(0, outer.length);
  return { len, starts: len === 0 ? new Int32Array(0) : stridedIndex(outer, strides, offset) };
}
