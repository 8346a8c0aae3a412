import { definePrimitive } from '../primitive.js';
import { allocate, promote } from '../dtype.js';
import { GradflowError, fmtShape } from '../errors.js';
import { broadcastShapes, sizeOf } from '../shape.js';
import { broadcastIndex } from '../kernels/indexing.js';
import { matmulInto, type MatmulOperands } from '../kernels/matmul.js';
import { matmulWasm } from '../kernels/matmul-wasm.js';

/**
 * Which operands enter the product transposed (their last two axes swapped), read in place:
 * null or absent flags mean A @ B. The backward pass uses the transposed forms instead of
 * materializing a transpose.
 */
export type MatmulAttrs = { readonly transposeA?: boolean; readonly transposeB?: boolean } | null;

/** [rows, cols] of an operand as it enters the product. */
function dims(shape: readonly number[], transposed: boolean | undefined): [number, number] {
  const r = shape[shape.length - 2]!;
  const c = shape[shape.length - 1]!;
  return transposed ? [c, r] : [r, c];
}

const label = (shape: readonly number[], t: boolean | undefined) =>
  `${fmtShape(shape)}${t ? ' (transposed)' : ''}`;

/**
 * Matrix product of [..., m, k] and [..., k, n] with broadcast batch axes; either operand may
 * enter transposed (attrs). VJP of C = A B: dA = ct B^T, dB = A^T ct, and the same rule
 * through the flags for the transposed forms (the engine sums away broadcast batch axes).
 * float32 products accumulate in float32, float64 in float64; WebAssembly SIMD when available,
 * JavaScript otherwise.
 */
export const matmul = definePrimitive<MatmulAttrs>({
  name: 'matmul',
  arity: 2,
  differentiable: true,
  infer: ([a, b], attrs) => {
    const as = a!.shape;
    const bs = b!.shape;
    const ta = attrs?.transposeA;
    const tb = attrs?.transposeB;
    if (as.length < 2 || bs.length < 2 || dims(as, ta)[1] !== dims(bs, tb)[0]) {
      throw new GradflowError(
        'matmul',
        `shapes ${label(as, ta)} and ${label(bs, tb)} are not aligned: need [..., m, k] and [..., k, n]`,
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
      shape: [...batch, dims(as, ta)[0], dims(bs, tb)[1]],
      dtype: promote(a!.dtype, b!.dtype),
    };
  },
  forward: ([a, b], attrs, out) => {
    const as = a!.shape;
    const bs = b!.shape;
    const ta = attrs?.transposeA === true;
    const tb = attrs?.transposeB === true;
    const [m, k] = dims(as, ta);
    const n = dims(bs, tb)[1];
    const batchShape = out.shape.slice(0, -2);
    const batches = sizeOf(batchShape);
    const ia = broadcastIndex(as.slice(0, -2), batchShape);
    const ib = broadcastIndex(bs.slice(0, -2), batchShape);
    const o = allocate(out.dtype, batches * m * n);
    let panel: Float64Array | null = null;
    for (let t = 0; t < batches; t++) {
      const x: MatmulOperands = {
        A: a!._data,
        aOff: (ia === null ? t : ia[t]!) * m * k,
        ars: ta ? 1 : k,
        acs: ta ? m : 1,
        B: b!._data,
        bOff: (ib === null ? t : ib[t]!) * k * n,
        brs: tb ? 1 : n,
        bcs: tb ? k : 1,
      };
      if (matmulWasm(out.dtype, o, t * m * n, x, m, k, n)) continue;
      panel ??= new Float64Array(4 * k);
      matmulInto(o, t * m * n, x, m, k, n, panel);
    }
    return o;
  },
  vjp: (ct, { inputs: [a, b], attrs, needs }, ops) => {
    const ta = attrs?.transposeA === true;
    const tb = attrs?.transposeB === true;
    const mm = (x: typeof ct, y: typeof ct, transposeA: boolean, transposeB: boolean) =>
      ops.matmulT(x, y, { transposeA, transposeB });
    // C = op(A) op(B); d op(A) = ct op(B)^T, d op(B) = op(A)^T ct, then undo each op
    const dA = () => (ta ? mm(b!, ct, tb, true) : mm(ct, b!, false, !tb));
    const dB = () => (tb ? mm(ct, a!, true, ta) : mm(a!, ct, !ta, false));
    return [needs[0] ? dA() : null, needs[1] ? dB() : null];
  },
});
