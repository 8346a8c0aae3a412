import { definePrimitive } from '../primitive.js';
import { type UnaryLoop, inferUnary, unaryForward } from '../kernels/elementwise.js';

/** The forward loop: o[k] = Math.sin(x[k]). */
const sinLoop: UnaryLoop = (o, x, k, end) => {
  for (; k + 3 < end; k += 4) {
    o[k] = Math.sin(x[k]!);
    o[k + 1] = Math.sin(x[k + 1]!);
    o[k + 2] = Math.sin(x[k + 2]!);
    o[k + 3] = Math.sin(x[k + 3]!);
  }
  for (; k < end; k++) o[k] = Math.sin(x[k]!);
};

/** Sine (radians). d/dx = cos(x). */
export const sin = definePrimitive({
  name: 'sin',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(sinLoop),
  vjp: (ct, { inputs: [x] }, ops) => [ops.mul(ct, ops.cos(x!))],
});
