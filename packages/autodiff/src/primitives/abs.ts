import { definePrimitive } from '../primitive.js';
import { inferUnary, unaryForward } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

/** |x|. d/dx = sign(x), so abs'(0) = 0. */
export const abs = definePrimitive({
  name: 'abs',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(EW.abs),
  vjp: (ct, { inputs: [x] }, ops) => [ops.mul(ct, ops.sign(x!))],
});
