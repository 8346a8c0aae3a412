import { definePrimitive } from '../primitive.js';
import { allocate, promote } from '../dtype.js';
import { broadcastShapes, sizeOf } from '../shape.js';
import { broadcastIndex } from '../kernels/indexing.js';

/**
 * where(cond, a, b): a where cond is nonzero, else b, with broadcasting of all three. The mask
 * gets no gradient; each branch gets the cotangent where it was chosen and exact zeros elsewhere.
 */
export const where = definePrimitive({
  name: 'where',
  arity: 3,
  differentiable: true,
  infer: ([c, a, b]) => ({
    shape: broadcastShapes('where', c!.shape, a!.shape, b!.shape),
    dtype: promote(a!.dtype, b!.dtype),
  }),
  forward: ([c, a, b], _attrs, out) => {
    const n = sizeOf(out.shape);
    const o = allocate(out.dtype, n);
    const cd = c!._data;
    const ad = a!._data;
    const bd = b!._data;
    const ic = broadcastIndex(c!.shape, out.shape);
    const ia = broadcastIndex(a!.shape, out.shape);
    const ib = broadcastIndex(b!.shape, out.shape);
    for (let i = 0; i < n; i++) {
      const k = ic === null ? i : ic[i]!;
      o[i] = cd[k] !== 0 ? ad[ia === null ? i : ia[i]!]! : bd[ib === null ? i : ib[i]!]!;
    }
    return o;
  },
  vjp: (ct, { inputs: [c] }, ops) => [null, ops.where(c!, ct, 0), ops.where(c!, 0, ct)],
});
