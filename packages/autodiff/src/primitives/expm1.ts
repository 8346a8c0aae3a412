import { definePrimitive } from '../primitive.js';
import { inferUnary, unaryForward } from '../kernels/elementwise.js';

/** e^x - 1, accurate near 0. d/dx = e^x = expm1(x) + 1. */
export const expm1 = definePrimitive({
  name: 'expm1',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(Math.expm1),
  vjp: (ct, { output }, ops) => [ops.mul(ct, ops.add(output, 1))],
});
