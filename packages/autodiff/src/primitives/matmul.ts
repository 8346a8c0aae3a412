import { definePrimitive } from '../primitive.js';
import { allocate, promote } from '../dtype.js';
import { GradflowError, fmtShape } from '../errors.js';
import { broadcastShapes, sizeOf } from '../shape.js';
import { broadcastIndex } from '../kernels/indexing.js';
import { matmulInto } from '../kernels/matmul.js';
import type { Tensor } from '../tensor.js';

function swapLast(x: Tensor): number[] {
  const perm = x.shape.map((_, i) => i);
  const r = perm.length;
  [perm[r - 2], perm[r - 1]] = [perm[r - 1]!, perm[r - 2]!];
  return perm;
}

/**
 * Matrix product of [..., m, k] and [..., k, n] with broadcast batch axes.
 * VJP: dA = ct B^T, dB = A^T ct (the engine sums away broadcast batch axes).
 */
export const matmul = definePrimitive({
  name: 'matmul',
  arity: 2,
  differentiable: true,
  infer: ([a, b]) => {
    const as = a!.shape;
    const bs = b!.shape;
    if (as.length < 2 || bs.length < 2 || as[as.length - 1] !== bs[bs.length - 2]) {
      throw new GradflowError(
        'matmul',
        `shapes ${fmtShape(as)} and ${fmtShape(bs)} are not aligned: need [..., m, k] and [..., k, n]`,
      );
    }
    let batch: number[];
    try {
      batch = broadcastShapes('matmul', as.slice(0, -2), bs.slice(0, -2));
    } catch {
      throw new GradflowError(
        'matmul',
        `shapes ${fmtShape(as)} and ${fmtShape(bs)} have batch axes ${fmtShape(as.slice(0, -2))} and ${fmtShape(bs.slice(0, -2))} that cannot be broadcast together`,
      );
    }
    return {
      shape: [...batch, as[as.length - 2]!, bs[bs.length - 1]!],
      dtype: promote(a!.dtype, b!.dtype),
    };
  },
  forward: ([a, b], _attrs, out) => {
    const as = a!.shape;
    const bs = b!.shape;
    const m = as[as.length - 2]!;
    const k = as[as.length - 1]!;
    const n = bs[bs.length - 1]!;
    const batchShape = out.shape.slice(0, -2);
    const batches = sizeOf(batchShape);
    const ia = broadcastIndex(as.slice(0, -2), batchShape);
    const ib = broadcastIndex(bs.slice(0, -2), batchShape);
    const A = a!._data;
    const B = b!._data;
    const o = allocate(out.dtype, batches * m * n);
    const panel = new Float64Array(4 * k);
    for (let t = 0; t < batches; t++) {
      const aOff = (ia === null ? t : ia[t]!) * m * k;
      const bOff = (ib === null ? t : ib[t]!) * k * n;
      matmulInto(o, t * m * n, A, aOff, B, bOff, m, k, n, panel);
    }
    return o;
  },
  vjp: (ct, { inputs: [a, b], needs }, ops) => [
    needs[0] ? ops.matmul(ct, ops.transpose(b!, swapLast(b!))) : null,
    needs[1] ? ops.matmul(ops.transpose(a!, swapLast(a!)), ct) : null,
  ],
});
