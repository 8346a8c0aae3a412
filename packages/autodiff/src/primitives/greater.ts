import { definePrimitive } from '../primitive.js';
import { binaryForward, inferBinary } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

/** a > b as 1 or 0 (no gradient through a comparison). */
export const greater = definePrimitive({
  name: 'greater',
  arity: 2,
  differentiable: false,
  infer: (inputs) => inferBinary('greater', inputs),
  forward: binaryForward(EW.greater),
  vjp: () => [null, null],
});
