import { definePrimitive } from '../primitive.js';
import { binaryForward, inferBinary } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';
import { split } from './select-weights.js';

/** Elementwise max(a, b), NaN-propagating. Ties split the cotangent half and half, as JAX does; relu is therefore written with `where`, not with maximum. */
export const maximum = definePrimitive({
  name: 'maximum',
  arity: 2,
  differentiable: true,
  infer: (inputs) => inferBinary('maximum', inputs),
  forward: binaryForward(EW.maximum),
  vjp: (ct, { inputs: [a, b] }, ops) =>
    split(ct, ops.add(ops.greater(a!, b!), ops.mul(ops.equal(a!, b!), 0.5)), ops),
});
