import { definePrimitive } from '../primitive.js';
import { type UnaryLoop, inferUnary, unaryForward } from '../kernels/elementwise.js';

/** The forward loop: o[k] = Math.cos(x[k]). */
const cosLoop: UnaryLoop = (o, x, k, end) => {
  for (; k + 3 < end; k += 4) {
    o[k] = Math.cos(x[k]!);
    o[k + 1] = Math.cos(x[k + 1]!);
    o[k + 2] = Math.cos(x[k + 2]!);
    o[k + 3] = Math.cos(x[k + 3]!);
  }
  for (; k < end; k++) o[k] = Math.cos(x[k]!);
};

/** Cosine (radians). d/dx = -sin(x). */
export const cos = definePrimitive({
  name: 'cos',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(cosLoop),
  vjp: (ct, { inputs: [x] }, ops) => [ops.neg(ops.mul(ct, ops.sin(x!)))],
});
