import { definePrimitive } from '../primitive.js';
import { binaryForward, inferBinary } from '../kernels/elementwise.js';

/** a <= b as 1 or 0. */
export const lessEqual = definePrimitive({
  name: 'lessEqual',
  arity: 2,
  differentiable: false,
  infer: (inputs) => inferBinary('lessEqual', inputs),
  forward: binaryForward((u, v) => (u <= v ? 1 : 0)),
  vjp: () => [null, null],
});
