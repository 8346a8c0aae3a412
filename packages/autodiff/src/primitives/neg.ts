import { definePrimitive } from '../primitive.js';
import { inferUnary, unaryForward } from '../kernels/elementwise.js';

/** -x. d/dx = -1. */
export const neg = definePrimitive({
  name: 'neg',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward((v) => -v),
  vjp: (ct, _saved, ops) => [ops.neg(ct)],
});
