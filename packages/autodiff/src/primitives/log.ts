import { definePrimitive } from '../primitive.js';
import { type UnaryLoop, inferUnary, unaryForward } from '../kernels/elementwise.js';

/** The forward loop: o[k] = Math.log(x[k]). */
const logLoop: UnaryLoop = (o, x, k, end) => {
  for (; k + 3 < end; k += 4) {
    o[k] = Math.log(x[k]!);
    o[k + 1] = Math.log(x[k + 1]!);
    o[k + 2] = Math.log(x[k + 2]!);
    o[k + 3] = Math.log(x[k + 3]!);
  }
  for (; k < end; k++) o[k] = Math.log(x[k]!);
};

/** Natural log. d/dx = 1/x. */
export const log = definePrimitive({
  name: 'log',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(logLoop),
  vjp: (ct, { inputs: [x] }, ops) => [ops.div(ct, x!)],
});
