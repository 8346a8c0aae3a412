import { definePrimitive } from '../primitive.js';
import { inferUnary, unaryForward } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

/** e^x. d/dx = e^x, read from the recorded output. */
export const exp = definePrimitive({
  name: 'exp',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(EW.exp),
  vjp: (ct, { output }, ops) => [ops.mul(ct, output)],
});
