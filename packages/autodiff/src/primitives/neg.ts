import { definePrimitive } from '../primitive.js';
import { inferUnary, unaryForward } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

/** -x. d/dx = -1. */
export const neg = definePrimitive({
  name: 'neg',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(EW.neg),
  vjp: (ct, _saved, ops) => [ops.neg(ct)],
});
