import { definePrimitive } from '../primitive.js';
import { binaryForward, inferBinary } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

/** a == b as 1 or 0. */
export const equal = definePrimitive({
  name: 'equal',
  arity: 2,
  differentiable: false,
  infer: (inputs) => inferBinary('equal', inputs),
  forward: binaryForward(EW.equal),
  vjp: () => [null, null],
});
