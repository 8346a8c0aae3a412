import { definePrimitive } from '../primitive.js';
import { type UnaryLoop, inferUnary, unaryForward } from '../kernels/elementwise.js';
import { erfc as erfcKernel } from '../kernels/special.js';

/** The forward loop: o[k] = erfcKernel(x[k]). */
const erfcLoop: UnaryLoop = (o, x, k, end) => {
  for (; k + 3 < end; k += 4) {
    o[k] = erfcKernel(x[k]!);
    o[k + 1] = erfcKernel(x[k + 1]!);
    o[k + 2] = erfcKernel(x[k + 2]!);
    o[k + 3] = erfcKernel(x[k + 3]!);
  }
  for (; k < end; k++) o[k] = erfcKernel(x[k]!);
};

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
/** The complementary error function 1 - erf(x), accurate in the tail where erf rounds to 1. d/dx = -2/sqrt(pi) e^(-x^2). */
export const erfc = definePrimitive({
  name: 'erfc',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(erfcLoop),
  vjp: (ct, { inputs: [x] }, ops) => [
    ops.mul(ct, ops.mul(ops.exp(ops.neg(ops.square(x!))), -TWO_OVER_SQRT_PI)),
  ],
});
