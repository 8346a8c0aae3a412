import { definePrimitive } from '../primitive.js';
import { binaryForward, inferBinary } from '../kernels/elementwise.js';

/** a == b as 1 or 0. */
export const equal = definePrimitive({
  name: 'equal',
  arity: 2,
  differentiable: false,
  infer: (inputs) => inferBinary('equal', inputs),
  forward: binaryForward((u, v) => (u === v ? 1 : 0)),
  vjp: () => [null, null],
});
