import { definePrimitive } from '../primitive.js';
import { type BinaryLoop, binaryForward, inferBinary } from '../kernels/elementwise.js';
import { split } from './select-weights.js';

/** The forward loop over one run (see BinaryLoop): a repeated left value, a repeated right value, or neither. */
const maximumLoop: BinaryLoop = (o, k, end, x, i, sx, y, j, sy) => {
  const dx = i - k;
  const dy = j - k;
  if (sx === 0) {
    const u = x[i]!;
    for (; k < end; k++) {
      const v = y[k + dy]!;
      o[k] = u > v || u !== u ? u : v;
    }
  } else if (sy === 0) {
    const v = y[j]!;
    for (; k < end; k++) {
      const u = x[k + dx]!;
      o[k] = u > v || u !== u ? u : v;
    }
  } else {
    for (; k < end; k++) {
      const u = x[k + dx]!;
      const v = y[k + dy]!;
      o[k] = u > v || u !== u ? u : v;
    }
  }
};

/** Elementwise max(a, b), NaN-propagating. Ties split the cotangent half and half, as JAX does; relu is therefore written with `where`, not with maximum. */
export const maximum = definePrimitive({
  name: 'maximum',
  arity: 2,
  differentiable: true,
  infer: (inputs) => inferBinary('maximum', inputs),
  forward: binaryForward(maximumLoop),
  vjp: (ct, { inputs: [a, b] }, ops) =>
    split(ct, ops.add(ops.greater(a!, b!), ops.mul(ops.equal(a!, b!), 0.5)), ops),
});
