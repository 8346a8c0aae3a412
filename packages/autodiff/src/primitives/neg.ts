import { definePrimitive } from '../primitive.js';
import { type UnaryLoop, inferUnary, unaryForward } from '../kernels/elementwise.js';

/** The forward loop: o[k] = -x[k]. */
const negLoop: UnaryLoop = (o, x, k, end) => {
  for (; k + 3 < end; k += 4) {
    o[k] = -x[k]!;
    o[k + 1] = -x[k + 1]!;
    o[k + 2] = -x[k + 2]!;
    o[k + 3] = -x[k + 3]!;
  }
  for (; k < end; k++) o[k] = -x[k]!;
};

/** -x. d/dx = -1. */
export const neg = definePrimitive({
  name: 'neg',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(negLoop),
  vjp: (ct, _saved, ops) => [ops.neg(ct)],
});
