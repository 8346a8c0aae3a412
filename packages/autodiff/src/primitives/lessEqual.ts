import { definePrimitive } from '../primitive.js';
import { binaryForward, inferBinary } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

/** a <= b as 1 or 0. */
export const lessEqual = definePrimitive({
  name: 'lessEqual',
  arity: 2,
  differentiable: false,
  infer: (inputs) => inferBinary('lessEqual', inputs),
  forward: binaryForward(EW.lessEqual),
  vjp: () => [null, null],
});
