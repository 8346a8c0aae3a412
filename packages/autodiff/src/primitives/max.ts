import { definePrimitive } from '../primitive.js';
import { reducedShape } from '../shape.js';
import { type ReduceAttrs, inferReduce, maxKernel } from '../kernels/reduce.js';

/**
 * Max over `axes`. The cotangent goes to the elements equal to the max, shared equally among
 * ties (as JAX does), so the gradient of a constant's max is well defined.
 */
export const max = definePrimitive<ReduceAttrs>({
  name: 'max',
  arity: 1,
  differentiable: true,
  infer: ([x], attrs) => inferReduce('max', x!, attrs),
  forward: ([x], attrs, out) => maxKernel(x!, attrs, out),
  vjp: (ct, { inputs: [x], output, attrs }, ops) => {
    const keep = reducedShape(x!.shape, attrs.axes, true);
    const m = attrs.keepDims ? output : ops.reshape(output, keep);
    const g = attrs.keepDims ? ct : ops.reshape(ct, keep);
    const mask = ops.equal(x!, m);
    const count = ops.sum(mask, attrs.axes, true);
    return [ops.mul(ops.div(g, count), mask)];
  },
});
