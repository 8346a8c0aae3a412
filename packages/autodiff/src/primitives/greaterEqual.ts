import { definePrimitive } from '../primitive.js';
import { binaryForward, inferBinary } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

/** a >= b as 1 or 0. */
export const greaterEqual = definePrimitive({
  name: 'greaterEqual',
  arity: 2,
  differentiable: false,
  infer: (inputs) => inferBinary('greaterEqual', inputs),
  forward: binaryForward(EW.greaterEqual),
  vjp: () => [null, null],
});
