import { definePrimitive } from '../primitive.js';
import { binaryForward, inferBinary } from '../kernels/elementwise.js';

/** a / b. d/da = 1/b, d/db = -a/b^2 = -(a/b)/b, read from the recorded output. */
export const div = definePrimitive({
  name: 'div',
  arity: 2,
  differentiable: true,
  infer: (inputs) => inferBinary('div', inputs),
  forward: binaryForward((u, v) => u / v),
  vjp: (ct, { inputs: [, b], output }, ops) => [ops.div(ct, b!), ops.neg(ops.div(ops.mul(ct, output), b!))],
});
