import { definePrimitive } from '../primitive.js';
import { inferUnary, unaryForward } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

/** Square root. d/dx = 1/(2 sqrt(x)), read from the recorded output. */
export const sqrt = definePrimitive({
  name: 'sqrt',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(EW.sqrt),
  vjp: (ct, { output }, ops) => [ops.div(ct, ops.mul(output, 2))],
});
