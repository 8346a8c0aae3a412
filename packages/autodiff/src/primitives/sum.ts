import { definePrimitive } from '../primitive.js';
import { reducedShape } from '../shape.js';
import { type ReduceAttrs, inferReduce, sumKernel } from '../kernels/reduce.js';

/** Sum over `axes` (sorted, non-negative). The cotangent is broadcast back over the summed axes. */
export const sum = definePrimitive<ReduceAttrs>({
  name: 'sum',
  arity: 1,
  differentiable: true,
  infer: ([x], attrs) => inferReduce('sum', x!, attrs),
  forward: ([x], attrs, out) => sumKernel(x!, attrs, out),
  vjp: (ct, { inputs: [x], attrs }, ops) => {
    const kept = attrs.keepDims ? ct : ops.reshape(ct, reducedShape(x!.shape, attrs.axes, true));
    return [ops.broadcastTo(kept, x!.shape)];
  },
});
