import type { TypedArray } from './dtype.js';
import { GradflowError, fmtShape } from './errors.js';
import { MAX_RANK } from './shape.js';

/* Reading nested plain arrays into a shape and flat storage, for tensor(). */

/** Infers the shape of nested arrays (from their first elements), rejecting non-numbers and > MAX_RANK nesting. */
export function inferShape(data: unknown, path: string, shape: number[], depth: number): void {
  if (Array.isArray(data)) {
    // checked before descending, so absurdly deep data cannot overflow the stack
    if (depth === MAX_RANK)
      throw new GradflowError(
        'tensor',
        `data is nested more than ${MAX_RANK} arrays deep (at data${path.length > 60 ? `${path.slice(0, 60)}...` : path}); a tensor has at most ${MAX_RANK} axes`,
      );
    if (depth === shape.length) shape.push(data.length);
    for (let i = 0; i < data.length; i++) inferShape(data[i], `${path}[${i}]`, shape, depth + 1);
    return;
  }
  if (ArrayBuffer.isView(data)) {
    throw new GradflowError(
      'tensor',
      `a typed array nested inside an array (at data${path}) is not supported; pass nested plain arrays or one flat typed array`,
    );
  }
  if (typeof data !== 'number') {
    throw new GradflowError(
      'tensor',
      `data${path} is ${data === null ? 'null' : typeof data} (${String(data)}); tensor data must be numbers`,
    );
  }
}

/** Copies nested arrays of the inferred shape into `out`, rejecting ragged data. */
export function flatten(
  data: unknown,
  shape: number[],
  out: TypedArray,
  depth: number,
  pos: { i: number },
  path: string,
): void {
  if (depth === shape.length) {
    if (typeof data !== 'number') {
      throw new GradflowError(
        'tensor',
        `ragged data: data${path} is ${Array.isArray(data) ? 'an array' : typeof data} where a number was expected (inferred shape ${fmtShape(shape)})`,
      );
    }
    out[pos.i++] = data;
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth]) {
    const got = Array.isArray(data) ? `length ${data.length}` : `a ${typeof data}`;
    throw new GradflowError(
      'tensor',
      `ragged data: data${path} has ${got} but the inferred shape ${fmtShape(shape)} needs length ${shape[depth]} at axis ${depth}`,
    );
  }
  for (let i = 0; i < data.length; i++)
    flatten(data[i], shape, out, depth + 1, pos, `${path}[${i}]`);
}
