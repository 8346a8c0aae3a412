import { definePrimitive } from '../primitive.js';
import { inferUnary, unaryForward } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

/** Sine (radians). d/dx = cos(x). */
export const sin = definePrimitive({
  name: 'sin',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(EW.sin),
  vjp: (ct, { inputs: [x] }, ops) => [ops.mul(ct, ops.cos(x!))],
});
