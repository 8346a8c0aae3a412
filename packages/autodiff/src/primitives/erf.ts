import { definePrimitive } from '../primitive.js';
import { type UnaryLoop, inferUnary, unaryForward } from '../kernels/elementwise.js';
import { erf as erfKernel } from '../kernels/special.js';

/** The forward loop: o[k] = erfKernel(x[k]). */
const erfLoop: UnaryLoop = (o, x, k, end) => {
  for (; k + 3 < end; k += 4) {
    o[k] = erfKernel(x[k]!);
    o[k + 1] = erfKernel(x[k + 1]!);
    o[k + 2] = erfKernel(x[k + 2]!);
    o[k + 3] = erfKernel(x[k + 3]!);
  }
  for (; k < end; k++) o[k] = erfKernel(x[k]!);
};

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
/** The error function. d/dx = 2/sqrt(pi) e^(-x^2). */
export const erf = definePrimitive({
  name: 'erf',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(erfLoop),
  vjp: (ct, { inputs: [x] }, ops) => [
    ops.mul(ct, ops.mul(ops.exp(ops.neg(ops.square(x!))), TWO_OVER_SQRT_PI)),
  ],
});
