import { definePrimitive } from '../primitive.js';
import { type UnaryLoop, inferUnary, unaryForward } from '../kernels/elementwise.js';

/** The forward loop: o[k] = Math.abs(x[k]). */
const absLoop: UnaryLoop = (o, x, k, end) => {
  for (; k + 3 < end; k += 4) {
    o[k] = Math.abs(x[k]!);
    o[k + 1] = Math.abs(x[k + 1]!);
    o[k + 2] = Math.abs(x[k + 2]!);
    o[k + 3] = Math.abs(x[k + 3]!);
  }
  for (; k < end; k++) o[k] = Math.abs(x[k]!);
};

/** |x|. d/dx = sign(x), so abs'(0) = 0. */
export const abs = definePrimitive({
  name: 'abs',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(absLoop),
  vjp: (ct, { inputs: [x] }, ops) => [ops.mul(ct, ops.sign(x!))],
});
