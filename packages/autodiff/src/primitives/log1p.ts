import { definePrimitive } from '../primitive.js';
import { inferUnary, unaryForward } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

/** log(1 + x), accurate near 0. d/dx = 1/(1 + x). */
export const log1p = definePrimitive({
  name: 'log1p',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(EW.log1p),
  vjp: (ct, { inputs: [x] }, ops) => [ops.div(ct, ops.add(x!, 1))],
});
