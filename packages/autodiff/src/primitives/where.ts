import { definePrimitive } from '../primitive.js';
import { type TypedArray, allocate, promote } from '../dtype.js';
import { broadcastShapes, sizeOf } from '../shape.js';
import { CHUNK, planRuns } from '../kernels/elementwise.js';

/**
 * The forward loop over one run: o[k] = c ? a : b, where each operand advances with k (step 1)
 * or repeats one value (step 0). Fast paths for a full mask with full or repeated branches.
 */
function whereLoop(
  o: TypedArray,
  k: number,
  end: number,
  c: TypedArray,
  ic: number,
  sc: number,
  a: TypedArray,
  ia: number,
  sa: number,
  b: TypedArray,
  ib: number,
  sb: number,
): void {
  const dc = ic - k;
  const da = ia - k;
  const db = ib - k;
  if (sc === 1 && sa === 1 && sb === 1) {
    for (; k < end; k++) o[k] = c[k + dc] !== 0 ? a[k + da]! : b[k + db]!;
  } else if (sc === 1 && sa === 1) {
    const v = b[ib]!;
    for (; k < end; k++) o[k] = c[k + dc] !== 0 ? a[k + da]! : v;
  } else if (sc === 1 && sb === 1) {
    const u = a[ia]!;
    for (; k < end; k++) o[k] = c[k + dc] !== 0 ? u : b[k + db]!;
  } else {
    for (let t = 0; k < end; k++, t++)
      o[k] = c[ic + t * sc] !== 0 ? a[ia + t * sa]! : b[ib + t * sb]!;
  }
}

/**
 * where(cond, a, b): a where cond is nonzero, else b, with broadcasting of all three. The mask
 * gets no gradient; each branch gets the cotangent where it was chosen and exact zeros elsewhere.
 */
export const where = definePrimitive({
  name: 'where',
  arity: 3,
  differentiable: true,
  infer: ([c, a, b]) => ({
    shape: broadcastShapes('where', c!.shape, a!.shape, b!.shape),
    dtype: promote(a!.dtype, b!.dtype),
  }),
  forward: ([c, a, b], _attrs, out) => {
    const o = allocate(out.dtype, sizeOf(out.shape));
    const { runs, len, offsets, steps } = planRuns([c!.shape, a!.shape, b!.shape], out.shape);
    const [oc, oa, ob] = offsets as [Int32Array, Int32Array, Int32Array];
    const [sc, sa, sb] = steps as [number, number, number];
    const cd = c!._data;
    const ad = a!._data;
    const bd = b!._data;
    for (let r = 0, k = 0; r < runs; r++, k += len) {
      for (let t = 0; t < len; t += CHUNK) {
        whereLoop(
          o,
          k + t,
          k + Math.min(len, t + CHUNK),
          cd,
          oc[r]! + t * sc,
          sc,
          ad,
          oa[r]! + t * sa,
          sa,
          bd,
          ob[r]! + t * sb,
          sb,
        );
      }
    }
    return o;
  },
  vjp: (ct, { inputs: [c], needs }, ops) => [
    null,
    needs[1] ? ops.where(c!, ct, 0) : null,
    needs[2] ? ops.where(c!, 0, ct) : null,
  ],
});
