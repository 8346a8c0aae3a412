import { definePrimitive } from '../primitive.js';
import { binaryForward, inferBinary } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

/** a < b as 1 or 0. */
export const less = definePrimitive({
  name: 'less',
  arity: 2,
  differentiable: false,
  infer: (inputs) => inferBinary('less', inputs),
  forward: binaryForward(EW.less),
  vjp: () => [null, null],
});
