import { definePrimitive } from '../primitive.js';
import { binaryForward, inferBinary } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

/** a + b. Cotangents pass through unchanged (the engine sums away broadcasting). */
export const add = definePrimitive({
  name: 'add',
  arity: 2,
  differentiable: true,
  infer: (inputs) => inferBinary('add', inputs),
  forward: binaryForward(EW.add),
  vjp: (ct) => [ct, ct],
});
