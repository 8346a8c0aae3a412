import { definePrimitive } from '../primitive.js';
import { allocate } from '../dtype.js';
import { GradflowError, fmtShape } from '../errors.js';
import { stridesOf } from '../shape.js';
import { boxRuns } from '../kernels/indexing.js';

export interface SliceAttrs {
  readonly begin: readonly number[];
  readonly size: readonly number[];
}

/** The block starting at `begin` with extent `size`. Its VJP pads the cotangent back with zeros. */
export const slice = definePrimitive<SliceAttrs>({
  name: 'slice',
  arity: 1,
  differentiable: true,
  infer: ([x], { begin, size }) => {
    const shape = x!.shape;
    const bad =
      begin.length !== shape.length ||
      size.length !== shape.length ||
      shape.some(
        (d, i) =>
          !(
            Number.isInteger(begin[i]) &&
            Number.isInteger(size[i]) &&
            begin[i]! >= 0 &&
            size[i]! >= 0 &&
            begin[i]! + size[i]! <= d
          ),
      );
    if (bad)
      throw new GradflowError(
        'slice',
        `begin [${begin.join(', ')}] with size [${size.join(', ')}] must be whole numbers within shape ${fmtShape(shape)}`,
      );
    return { shape: size.slice(), dtype: x!.dtype };
  },
  forward: ([x], { begin }, out) => {
    const strides = stridesOf(x!.shape);
    let offset = 0;
    begin.forEach((b, i) => (offset += b * strides[i]!));
    const { len, starts } = boxRuns(out.shape, x!.shape, offset);
    const src = x!._data;
    const o = allocate(out.dtype, starts.length * len);
    for (let r = 0; r < starts.length; r++)
      o.set(src.subarray(starts[r]!, starts[r]! + len), r * len);
    return o;
  },
  vjp: (ct, { inputs: [x], attrs: { begin, size } }, ops) => [
    ops.pad(
      ct,
      begin.map((b, i) => [b, x!.shape[i]! - b - size[i]!] as const),
    ),
  ],
});
