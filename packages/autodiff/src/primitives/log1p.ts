import { definePrimitive } from '../primitive.js';
import { type UnaryLoop, inferUnary, unaryForward } from '../kernels/elementwise.js';

/** The forward loop: o[k] = Math.log1p(x[k]). */
const log1pLoop: UnaryLoop = (o, x, k, end) => {
  for (; k + 3 < end; k += 4) {
    o[k] = Math.log1p(x[k]!);
    o[k + 1] = Math.log1p(x[k + 1]!);
    o[k + 2] = Math.log1p(x[k + 2]!);
    o[k + 3] = Math.log1p(x[k + 3]!);
  }
  for (; k < end; k++) o[k] = Math.log1p(x[k]!);
};

/** log(1 + x), accurate near 0. d/dx = 1/(1 + x). */
export const log1p = definePrimitive({
  name: 'log1p',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(log1pLoop),
  vjp: (ct, { inputs: [x] }, ops) => [ops.div(ct, ops.add(x!, 1))],
});
