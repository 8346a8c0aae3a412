import { definePrimitive } from '../primitive.js';
import { allocate, promote } from '../dtype.js';
import { broadcastShapes, sizeOf } from '../shape.js';
import { broadcastRun } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

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
  forward: (inputs, _attrs, out) => {
    const o = allocate(out.dtype, sizeOf(out.shape));
    broadcastRun(EW.where, o, inputs, out.shape);
    return o;
  },
  vjp: (ct, { inputs: [c], needs }, ops) => [
    null,
    needs[1] ? ops.where(c!, ct, 0) : null,
    needs[2] ? ops.where(c!, 0, ct) : null,
  ],
});
