import { definePrimitive } from '../primitive.js';
import { allocate } from '../dtype.js';
import { GradflowError, fmtShape } from '../errors.js';
import { sizeOf, stridesOf } from '../shape.js';
import { boxRuns } from '../kernels/indexing.js';

/** Zero padding: paddings[i] = [before, after] for axis i. Its VJP slices the cotangent. */
export const pad = definePrimitive<{ readonly paddings: readonly (readonly [number, number])[] }>({
  name: 'pad',
  arity: 1,
  differentiable: true,
  infer: ([x], { paddings }) => {
    const shape = x!.shape;
    if (
      paddings.length !== shape.length ||
      paddings.some(
        (p) => !(Number.isInteger(p[0]) && Number.isInteger(p[1]) && p[0] >= 0 && p[1] >= 0),
      )
    ) {
      throw new GradflowError(
        'pad',
        `paddings ${JSON.stringify(paddings)} must give integers [before, after] >= 0 for each of the ${shape.length} axes of shape ${fmtShape(shape)}`,
      );
    }
    return { shape: shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]), dtype: x!.dtype };
  },
  forward: ([x], { paddings }, out) => {
    const strides = stridesOf(out.shape);
    let offset = 0;
    paddings.forEach((p, i) => (offset += p[0] * strides[i]!));
    const { len, starts } = boxRuns(x!.shape, out.shape, offset);
    const src = x!._data;
    const o = allocate(out.dtype, sizeOf(out.shape));
    for (let r = 0; r < starts.length; r++) o.set(src.subarray(r * len, (r + 1) * len), starts[r]!);
    return o;
  },
  vjp: (ct, { inputs: [x], attrs: { paddings } }, ops) => [
    ops.slice(
      ct,
      paddings.map((p) => p[0]),
      x!.shape,
    ),
  ],
});
