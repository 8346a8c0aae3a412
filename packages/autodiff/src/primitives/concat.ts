import { definePrimitive } from '../primitive.js';
import { allocate, promote } from '../dtype.js';
import { GradflowError, fmtShape } from '../errors.js';
import { sizeOf } from '../shape.js';

/** Joins tensors along `axis` (all other axes equal). Its VJP slices the cotangent apart. */
export const concat = definePrimitive<{ readonly axis: number }>({
  name: 'concat',
  arity: -1,
  differentiable: true,
  infer: (xs, { axis }) => {
    if (xs.length === 0) throw new GradflowError('concat', 'needs at least one tensor');
    const first = xs[0]!.shape;
    let total = 0;
    let dtype = xs[0]!.dtype;
    for (const x of xs) {
      const ok =
        x.shape.length === first.length && x.shape.every((d, i) => i === axis || d === first[i]);
      if (!ok)
        throw new GradflowError(
          'concat',
          `shapes ${xs.map((t) => fmtShape(t.shape)).join(', ')} differ outside axis ${axis}`,
        );
      total += x.shape[axis]!;
      dtype = promote(dtype, x.dtype);
    }
    const shape = first.slice();
    shape[axis] = total;
    return { shape, dtype };
  },
  forward: (xs, { axis }, out) => {
    const o = allocate(out.dtype, sizeOf(out.shape));
    const outer = sizeOf(out.shape.slice(0, axis));
    const inner = sizeOf(out.shape.slice(axis + 1));
    const row = out.shape[axis]! * inner;
    let col = 0;
    for (const x of xs) {
      const chunk = x.shape[axis]! * inner;
      const src = x._data;
      // TypedArray.set copies a run (widening float32 to float64 exactly when dtypes differ)
      for (let r = 0; r < outer; r++)
        o.set(src.subarray(r * chunk, (r + 1) * chunk), r * row + col);
      col += chunk;
    }
    return o;
  },
  vjp: (ct, { inputs, attrs: { axis } }, ops) => {
    let start = 0;
    return inputs.map((x) => {
      const begin = x.shape.map((_, i) => (i === axis ? start : 0));
      start += x.shape[axis]!;
      return ops.slice(ct, begin, x.shape);
    });
  },
});
