import { definePrimitive } from '../primitive.js';
import { inferUnary, unaryForward } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

/** e^x - 1, accurate near 0. d/dx = e^x, recomputed from x: expm1(x) + 1 would round to 0 for x << 0 (tanh' in saturation needs it). */
export const expm1 = definePrimitive({
  name: 'expm1',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(EW.expm1),
  vjp: (ct, { inputs: [x] }, ops) => [ops.mul(ct, ops.exp(x!))],
});
