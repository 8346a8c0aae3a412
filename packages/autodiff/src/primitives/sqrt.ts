import { definePrimitive } from '../primitive.js';
import { type UnaryLoop, inferUnary, unaryForward } from '../kernels/elementwise.js';

/** The forward loop: o[k] = Math.sqrt(x[k]). */
const sqrtLoop: UnaryLoop = (o, x, k, end) => {
  for (; k + 3 < end; k += 4) {
    o[k] = Math.sqrt(x[k]!);
    o[k + 1] = Math.sqrt(x[k + 1]!);
    o[k + 2] = Math.sqrt(x[k + 2]!);
    o[k + 3] = Math.sqrt(x[k + 3]!);
  }
  for (; k < end; k++) o[k] = Math.sqrt(x[k]!);
};

/** Square root. d/dx = 1/(2 sqrt(x)), read from the recorded output. */
export const sqrt = definePrimitive({
  name: 'sqrt',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(sqrtLoop),
  vjp: (ct, { output }, ops) => [ops.div(ct, ops.mul(output, 2))],
});
