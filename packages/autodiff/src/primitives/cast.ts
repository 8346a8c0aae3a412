import { definePrimitive } from '../primitive.js';
import { type DType, allocate } from '../dtype.js';

/** Converts between float32 and float64 (rounding to nearest on the way down). */
export const cast = definePrimitive<{ readonly dtype: DType }>({
  name: 'cast',
  arity: 1,
  differentiable: true,
  infer: ([x], { dtype }) => ({ shape: x!.shape.slice(), dtype }),
  forward: ([x], { dtype }) => {
    if (x!.dtype === dtype) return x!._data;
    const o = allocate(dtype, x!.size);
    o.set(x!._data);
    return o;
  },
  vjp: (ct, { inputs: [x] }, ops) => [ops.cast(ct, x!.dtype)],
});
