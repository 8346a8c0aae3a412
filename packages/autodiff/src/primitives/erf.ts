import { definePrimitive } from '../primitive.js';
import { inferUnary, unaryForward } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
/** The error function. d/dx = 2/sqrt(pi) e^(-x^2). */
export const erf = definePrimitive({
  name: 'erf',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(EW.erf),
  vjp: (ct, { inputs: [x] }, ops) => [
    ops.mul(ct, ops.mul(ops.exp(ops.neg(ops.square(x!))), TWO_OVER_SQRT_PI)),
  ],
});
