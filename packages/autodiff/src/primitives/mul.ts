import { definePrimitive } from '../primitive.js';
import { binaryForward, inferBinary } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

/** a * b. d/da = b, d/db = a. */
export const mul = definePrimitive({
  name: 'mul',
  arity: 2,
  differentiable: true,
  infer: (inputs) => inferBinary('mul', inputs),
  forward: binaryForward(EW.mul),
  vjp: (ct, { inputs: [a, b], needs }, ops) => [
    needs[0] ? ops.mul(ct, b!) : null,
    needs[1] ? ops.mul(ct, a!) : null,
  ],
});
