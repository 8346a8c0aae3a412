import { definePrimitive } from '../primitive.js';
import { allocate } from '../dtype.js';
import { GradflowError, fmtShape } from '../errors.js';
import { broadcastShapes, sameShape } from '../shape.js';
import { planRuns } from '../kernels/elementwise.js';

/** Repeats a tensor along broadcast axes. Its VJP is the sum that undoes broadcasting. */
export const broadcastTo = definePrimitive<{ readonly shape: readonly number[] }>({
  name: 'broadcastTo',
  arity: 1,
  differentiable: true,
  infer: ([x], { shape }) => {
    const s = broadcastShapes('broadcastTo', x!.shape, shape);
    if (!sameShape(s, shape))
      throw new GradflowError(
        'broadcastTo',
        `cannot broadcast shape ${fmtShape(x!.shape)} to ${fmtShape(shape)}`,
      );
    return { shape: s, dtype: x!.dtype };
  },
  forward: ([x], _attrs, out) => {
    if (sameShape(x!.shape, out.shape)) return x!._data;
    // contiguous runs of the output: a copied block of x, or one value of x repeated
    const { runs, len, offsets, steps } = planRuns([x!.shape], out.shape);
    const src = x!._data;
    const off = offsets[0]!;
    const o = allocate(out.dtype, runs * len);
    if (steps[0] === 1)
      for (let r = 0; r < runs; r++) o.set(src.subarray(off[r]!, off[r]! + len), r * len);
    else for (let r = 0; r < runs; r++) o.fill(src[off[r]!]!, r * len, (r + 1) * len);
    return o;
  },
  vjp: (ct, { inputs: [x] }, ops) => [ops.sumTo(ct, x!.shape)],
});
