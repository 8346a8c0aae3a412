import { definePrimitive } from '../primitive.js';
import { binaryForward, inferBinary } from '../kernels/elementwise.js';
import { EW } from '../kernels/ewops.js';
import { split } from './select-weights.js';

/** Elementwise min(a, b), NaN-propagating; ties split the cotangent half and half. */
export const minimum = definePrimitive({
  name: 'minimum',
  arity: 2,
  differentiable: true,
  infer: (inputs) => inferBinary('minimum', inputs),
  forward: binaryForward(EW.minimum),
  vjp: (ct, { inputs: [a, b] }, ops) =>
    split(ct, ops.add(ops.less(a!, b!), ops.mul(ops.equal(a!, b!), 0.5)), ops),
});
