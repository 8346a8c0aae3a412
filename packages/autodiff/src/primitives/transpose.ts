import { definePrimitive } from '../primitive.js';
import { allocate } from '../dtype.js';
import { GradflowError } from '../errors.js';
import { stridesOf } from '../shape.js';
import { stridedIndex } from '../kernels/indexing.js';

/** Permutes axes: output axis i is input axis perm[i]. The VJP applies the inverse permutation. */
export const transpose = definePrimitive<{ readonly perm: readonly number[] }>({
  name: 'transpose',
  arity: 1,
  differentiable: true,
  infer: ([x], { perm }) => {
    const r = x!.shape.length;
    const ok = perm.length === r && [...perm].sort((a, b) => a - b).every((p, i) => p === i);
    if (!ok) throw new GradflowError('transpose', `perm [${perm.join(', ')}] is not a permutation of the ${r} axes of a rank-${r} tensor`);
    return { shape: perm.map((p) => x!.shape[p]!), dtype: x!.dtype };
  },
  forward: ([x], { perm }, out) => {
    const src = x!._data;
    const inStrides = stridesOf(x!.shape);
    const map = stridedIndex(out.shape, perm.map((p) => inStrides[p]!), 0);
    const o = allocate(out.dtype, src.length);
    for (let i = 0; i < map.length; i++) o[i] = src[map[i]!]!;
    return o;
  },
  vjp: (ct, { attrs: { perm } }, ops) => {
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => (inv[p] = i));
    return [ops.transpose(ct, inv)];
  },
});
