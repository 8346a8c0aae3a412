import { definePrimitive } from '../primitive.js';
import { type TypedArray, allocate } from '../dtype.js';
import { GradflowError } from '../errors.js';
import { stridesOf } from '../shape.js';
import { stridedIndex } from '../kernels/indexing.js';

/** o[off + j rows + i] = src[off + i cols + j] for a [rows, cols] matrix, in 32 x 32 tiles that stay in cache. */
function transposeMatrix(
  o: TypedArray,
  src: TypedArray,
  off: number,
  rows: number,
  cols: number,
): void {
  const T = 32;
  for (let i0 = 0; i0 < rows; i0 += T) {
    const i1 = Math.min(rows, i0 + T);
    for (let j0 = 0; j0 < cols; j0 += T) {
      const j1 = Math.min(cols, j0 + T);
      for (let i = i0; i < i1; i++) {
        for (
          let j = j0, a = off + i * cols + j0, b = off + j0 * rows + i;
          j < j1;
          j++, a++, b += rows
        )
          o[b] = src[a]!;
      }
    }
  }
}

/** Permutes axes: output axis i is input axis perm[i]. The VJP applies the inverse permutation. */
export const transpose = definePrimitive<{ readonly perm: readonly number[] }>({
  name: 'transpose',
  arity: 1,
  differentiable: true,
  infer: ([x], { perm }) => {
    const r = x!.shape.length;
    const ok = perm.length === r && [...perm].sort((a, b) => a - b).every((p, i) => p === i);
    if (!ok)
      throw new GradflowError(
        'transpose',
        `perm [${perm.join(', ')}] is not a permutation of the ${r} axes of a rank-${r} tensor`,
      );
    return { shape: perm.map((p) => x!.shape[p]!), dtype: x!.dtype };
  },
  forward: ([x], { perm }, out) => {
    const src = x!._data;
    const r = perm.length;
    const o = allocate(out.dtype, src.length);
    if (
      r >= 2 &&
      perm[r - 2] === r - 1 &&
      perm[r - 1] === r - 2 &&
      perm.every((p, i) => i >= r - 2 || p === i)
    ) {
      // the last two axes swapped (a matrix transpose per batch, as matmul's VJP asks for)
      const rows = x!.shape[r - 2]!;
      const cols = x!.shape[r - 1]!;
      const size = rows * cols;
      for (let off = 0; off < src.length; off += size) transposeMatrix(o, src, off, rows, cols);
      return o;
    }
    const inStrides = stridesOf(x!.shape);
    const map = stridedIndex(
      out.shape,
      perm.map((p) => inStrides[p]!),
      0,
    );
    for (let i = 0; i < map.length; i++) o[i] = src[map[i]!]!;
    return o;
  },
  vjp: (ct, { attrs: { perm } }, ops) => {
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => (inv[p] = i));
    return [ops.transpose(ct, inv)];
  },
});
