import { definePrimitive } from '../primitive.js';
import { inferUnary, unaryForward } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
/** The complementary error function 1 - erf(x), accurate in the tail where erf rounds to 1. d/dx = -2/sqrt(pi) e^(-x^2). */
export const erfc = definePrimitive({
  name: 'erfc',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(EW.erfc),
  vjp: (ct, { inputs: [x] }, ops) => [
    ops.mul(ct, ops.mul(ops.exp(ops.neg(ops.square(x!))), -TWO_OVER_SQRT_PI)),
  ],
});
