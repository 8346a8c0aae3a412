import { definePrimitive } from '../primitive.js';
import { type UnaryLoop, inferUnary, unaryForward } from '../kernels/elementwise.js';
import { expm1IntoFloat32 } from '../kernels/exp32.js';

/** The forward loop: o[k] = Math.expm1(x[k]); float32 outputs take the faster, identically rounded kernels/exp32.ts. */
const expm1Loop: UnaryLoop = (o, x, k, end) => {
  if (o instanceof Float32Array) {
    expm1IntoFloat32(o, x, k, end);
    return;
  }
  for (; k + 3 < end; k += 4) {
    o[k] = Math.expm1(x[k]!);
    o[k + 1] = Math.expm1(x[k + 1]!);
    o[k + 2] = Math.expm1(x[k + 2]!);
    o[k + 3] = Math.expm1(x[k + 3]!);
  }
  for (; k < end; k++) o[k] = Math.expm1(x[k]!);
};

/** e^x - 1, accurate near 0. d/dx = e^x, recomputed from x: expm1(x) + 1 would round to 0 for x << 0 (tanh' in saturation needs it). */
export const expm1 = definePrimitive({
  name: 'expm1',
  arity: 1,
  differentiable: true,
  infer: inferUnary,
  forward: unaryForward(expm1Loop),
  vjp: (ct, { inputs: [x] }, ops) => [ops.mul(ct, ops.exp(x!))],
});
