import { type DType, promote } from './dtype.js';
import { scalarRun } from './kernels/elementwise.js';
import type { Tensor } from './tensor.js';

/* The engine's rank-0 path of elementwise primitives: no shape inference, no run plan, no storage. */

/** True when every input is rank 0. */
export function allRank0(inputs: readonly Tensor[]): boolean {
  for (let i = 0; i < inputs.length; i++) if (inputs[i]!.shape.length !== 0) return false;
  return true;
}

/**
 * The output dtype of an elementwise op: the operand's, or the promoted dtype of the two data
 * operands (a where's condition does not count), as the primitives' infer says.
 */
export function ewDtype(a: Tensor, b: Tensor | undefined, c: Tensor | undefined): DType {
  return c !== undefined
    ? promote(b!.dtype, c.dtype)
    : b !== undefined
      ? promote(a.dtype, b.dtype)
      : a.dtype;
}

/** The value of an elementwise op on rank-0 operands: the array kernels' loop on one element. */
export function ewValue(
  code: number,
  dtype: DType,
  a: Tensor,
  b: Tensor | undefined,
  c: Tensor | undefined,
): number {
  return b === undefined
    ? scalarRun(code, dtype, a._first())
    : c === undefined
      ? scalarRun(code, dtype, a._first(), b._first())
      : scalarRun(code, dtype, a._first(), b._first(), c._first());
}
