import { definePrimitive } from '../primitive.js';
import { binaryForward, inferBinary } from '../kernels/elementwise.js';

/** a * b. d/da = b, d/db = a. */
export const mul = definePrimitive({
  name: 'mul',
  arity: 2,
  differentiable: true,
  infer: (inputs) => inferBinary('mul', inputs),
  forward: binaryForward((u, v) => u * v),
  vjp: (ct, { inputs: [a, b] }, ops) => [ops.mul(ct, b!), ops.mul(ct, a!)],
});
