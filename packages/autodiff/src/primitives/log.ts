import { definePrimitive } from '../primitive.js';
import { inferUnary, unaryForward } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

/** Natural log. d/dx = 1/x. */
export const log = definePrimitive({
  name: 'log',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(EW.log),
  vjp: (ct, { inputs: [x] }, ops) => [ops.div(ct, x!)],
});
