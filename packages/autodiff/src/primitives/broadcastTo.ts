import { definePrimitive } from '../primitive.js';
import { allocate } from '../dtype.js';
import { GradflowError, fmtShape } from '../errors.js';
import { broadcastShapes, sameShape } from '../shape.js';
import { broadcastIndex } from '../kernels/indexing.js';

/** Repeats a tensor along broadcast axes. Its VJP is the sum that undoes broadcasting. */
export const broadcastTo = definePrimitive<{ readonly shape: readonly number[] }>({
  name: 'broadcastTo',
  arity: 1,
  differentiable: true,
  infer: ([x], { shape }) => {
    const s = broadcastShapes('broadcastTo', x!.shape, shape);
    if (!sameShape(s, shape)) throw new GradflowError('broadcastTo', `cannot broadcast shape ${fmtShape(x!.shape)} to ${fmtShape(shape)}`);
    return { shape: s, dtype: x!.dtype };
  },
  forward: ([x], _attrs, out) => {
    const map = broadcastIndex(x!.shape, out.shape);
    if (map === null) return x!._data;
    const src = x!._data;
    const o = allocate(out.dtype, map.length);
    for (let i = 0; i < map.length; i++) o[i] = src[map[i]!]!;
    return o;
  },
  vjp: (ct, { inputs: [x] }, ops) => [ops.sumTo(ct, x!.shape)],
});
