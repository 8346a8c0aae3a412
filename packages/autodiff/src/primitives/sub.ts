import { definePrimitive } from '../primitive.js';
import { binaryForward, inferBinary } from '../kernels/elementwise.js';

/** a - b. */
export const sub = definePrimitive({
  name: 'sub',
  arity: 2,
  differentiable: true,
  infer: (inputs) => inferBinary('sub', inputs),
  forward: binaryForward((u, v) => u - v),
  vjp: (ct, _saved, ops) => [ct, ops.neg(ct)],
});
