import { definePrimitive } from '../primitive.js';
import { binaryForward, inferBinary } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

/** a - b. */
export const sub = definePrimitive({
  name: 'sub',
  arity: 2,
  differentiable: true,
  infer: (inputs) => inferBinary('sub', inputs),
  forward: binaryForward(EW.sub),
  vjp: (ct, { needs }, ops) => [ct, needs[1] ? ops.neg(ct) : null],
});
