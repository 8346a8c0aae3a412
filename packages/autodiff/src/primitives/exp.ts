import { definePrimitive } from '../primitive.js';
import { type UnaryLoop, inferUnary, unaryForward } from '../kernels/elementwise.js';
import { expIntoFloat32 } from '../kernels/exp32.js';

/** The forward loop: o[k] = Math.exp(x[k]); float32 outputs take the faster, identically rounded kernels/exp32.ts. */
const expLoop: UnaryLoop = (o, x, k, end) => {
  if (o instanceof Float32Array) {
    expIntoFloat32(o, x, k, end);
    return;
  }
  for (; k + 3 < end; k += 4) {
    o[k] = Math.exp(x[k]!);
    o[k + 1] = Math.exp(x[k + 1]!);
    o[k + 2] = Math.exp(x[k + 2]!);
    o[k + 3] = Math.exp(x[k + 3]!);
  }
  for (; k < end; k++) o[k] = Math.exp(x[k]!);
};

/** e^x. d/dx = e^x, read from the recorded output. */
export const exp = definePrimitive({
  name: 'exp',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(expLoop),
  vjp: (ct, { output }, ops) => [ops.mul(ct, output)],
});
