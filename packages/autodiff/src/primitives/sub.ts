import { definePrimitive } from '../primitive.js';
import { type BinaryLoop, binaryForward, inferBinary } from '../kernels/elementwise.js';

/** The forward loop over one run (see BinaryLoop): a repeated left value, a repeated right value, or neither. */
const subLoop: BinaryLoop = (o, k, end, x, i, sx, y, j, sy) => {
  const dx = i - k;
  const dy = j - k;
  if (sx === 0) {
    const u = x[i]!;
    for (; k + 3 < end; k += 4) {
      o[k] = u - y[k + dy]!;
      o[k + 1] = u - y[k + dy + 1]!;
      o[k + 2] = u - y[k + dy + 2]!;
      o[k + 3] = u - y[k + dy + 3]!;
    }
    for (; k < end; k++) o[k] = u - y[k + dy]!;
  } else if (sy === 0) {
    const v = y[j]!;
    for (; k + 3 < end; k += 4) {
      o[k] = x[k + dx]! - v;
      o[k + 1] = x[k + dx + 1]! - v;
      o[k + 2] = x[k + dx + 2]! - v;
      o[k + 3] = x[k + dx + 3]! - v;
    }
    for (; k < end; k++) o[k] = x[k + dx]! - v;
  } else {
    for (; k + 3 < end; k += 4) {
      o[k] = x[k + dx]! - y[k + dy]!;
      o[k + 1] = x[k + dx + 1]! - y[k + dy + 1]!;
      o[k + 2] = x[k + dx + 2]! - y[k + dy + 2]!;
      o[k + 3] = x[k + dx + 3]! - y[k + dy + 3]!;
    }
    for (; k < end; k++) o[k] = x[k + dx]! - y[k + dy]!;
  }
};

/** a - b. */
export const sub = definePrimitive({
  name: 'sub',
  arity: 2,
  differentiable: true,
  infer: (inputs) => inferBinary('sub', inputs),
  forward: binaryForward(subLoop),
  vjp: (ct, { needs }, ops) => [ct, needs[1] ? ops.neg(ct) : null],
});
