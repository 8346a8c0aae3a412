import { definePrimitive } from '../primitive.js';
import { binaryForward, inferBinary } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';

/** a / b. d/da = 1/b, d/db = -a/b^2 = -(a/b)/b, read from the recorded output. */
export const div = definePrimitive({
  name: 'div',
  arity: 2,
  differentiable: true,
  infer: (inputs) => inferBinary('div', inputs),
  forward: binaryForward(EW.div),
  vjp: (ct, { inputs: [, b], output, needs }, ops) => [
    needs[0] ? ops.div(ct, b!) : null,
    needs[1] ? ops.neg(ops.div(ops.mul(ct, output), b!)) : null,
  ],
});
