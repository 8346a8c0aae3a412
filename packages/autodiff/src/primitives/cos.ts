import { definePrimitive } from '../primitive.js';
import { inferUnary, unaryForward } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

/** Cosine (radians). d/dx = -sin(x). */
export const cos = definePrimitive({
  name: 'cos',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(EW.cos),
  vjp: (ct, { inputs: [x] }, ops) => [ops.neg(ops.mul(ct, ops.sin(x!)))],
});
