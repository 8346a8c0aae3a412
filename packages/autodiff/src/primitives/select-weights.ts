import type { Ops } from '../dispatch.js';
import type { Tensor } from '../tensor.js';

/** Sends weight w of the cotangent to the first input and 1 - w to the second (w carries no gradient). */
export function split(ct: Tensor, w: Tensor, ops: Ops): Tensor[] {
  return [ops.mul(ct, w), ops.mul(ct, ops.sub(1, w))];
}
