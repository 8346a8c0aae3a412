import { definePrimitive } from '../primitive.js';
import { GradflowError, fmtShape } from '../errors.js';
import { sizeOf } from '../shape.js';

/** A new shape with the same elements in the same order; shares storage. */
export const reshape = definePrimitive<{ readonly shape: readonly number[] }>({
  name: 'reshape',
  arity: 1,
  differentiable: true,
  infer: ([x], { shape }) => {
    if (sizeOf(shape) !== x!.size) {
      throw new GradflowError(
        'reshape',
        `cannot reshape a tensor of shape ${fmtShape(x!.shape)} (${x!.size} elements) to ${fmtShape(shape)} (${sizeOf(shape)} elements)`,
      );
    }
    return { shape: shape.slice(), dtype: x!.dtype };
  },
  forward: ([x]) => x!._data,
  vjp: (ct, { inputs: [x] }, ops) => [ops.reshape(ct, x!.shape)],
});
