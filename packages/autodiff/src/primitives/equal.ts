import { definePrimitive } from '../primitive.js';
import { type BinaryLoop, binaryForward, inferBinary } from '../kernels/elementwise.js';

/** The forward loop over one run (see BinaryLoop): a repeated left value, a repeated right value, or neither. */
const equalLoop: BinaryLoop = (o, k, end, x, i, sx, y, j, sy) => {
  const dx = i - k;
  const dy = j - k;
  if (sx === 0) {
    const u = x[i]!;
    for (; k + 3 < end; k += 4) {
      o[k] = u === y[k + dy]! ? 1 : 0;
      o[k + 1] = u === y[k + dy + 1]! ? 1 : 0;
      o[k + 2] = u === y[k + dy + 2]! ? 1 : 0;
      o[k + 3] = u === y[k + dy + 3]! ? 1 : 0;
    }
    for (; k < end; k++) o[k] = u === y[k + dy]! ? 1 : 0;
  } else if (sy === 0) {
    const v = y[j]!;
    for (; k + 3 < end; k += 4) {
      o[k] = x[k + dx]! === v ? 1 : 0;
      o[k + 1] = x[k + dx + 1]! === v ? 1 : 0;
      o[k + 2] = x[k + dx + 2]! === v ? 1 : 0;
      o[k + 3] = x[k + dx + 3]! === v ? 1 : 0;
    }
    for (; k < end; k++) o[k] = x[k + dx]! === v ? 1 : 0;
  } else {
    for (; k + 3 < end; k += 4) {
      o[k] = x[k + dx]! === y[k + dy]! ? 1 : 0;
      o[k + 1] = x[k + dx + 1]! === y[k + dy + 1]! ? 1 : 0;
      o[k + 2] = x[k + dx + 2]! === y[k + dy + 2]! ? 1 : 0;
      o[k + 3] = x[k + dx + 3]! === y[k + dy + 3]! ? 1 : 0;
    }
    for (; k < end; k++) o[k] = x[k + dx]! === y[k + dy]! ? 1 : 0;
  }
};

/** a == b as 1 or 0. */
export const equal = definePrimitive({
  name: 'equal',
  arity: 2,
  differentiable: false,
  infer: (inputs) => inferBinary('equal', inputs),
  forward: binaryForward(equalLoop),
  vjp: () => [null, null],
});
