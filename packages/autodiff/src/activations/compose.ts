/* Helpers every activation file composes with: the double where, a NaN-keeping clip, scopes. */
import { withScope } from '../engine.js';
import { GradflowError } from '../errors.js';
import { greaterEqual, lessEqual, where } from '../ops.js';
import type { Tensor } from '../tensor.js';

/**
 * where(cond, f(x), g(x)), with each branch fed only the inputs it is chosen for (0 elsewhere):
 * the branch not taken can produce neither inf nor NaN, in values or in gradients.
 */
export function piecewise(
  cond: Tensor,
  x: Tensor,
  f: (x: Tensor) => Tensor,
  g: (x: Tensor) => Tensor,
): Tensor {
  return where(cond, f(where(cond, x, 0)), g(where(cond, 0, x)));
}

/**
 * clip(x, lo, hi) for lo <= hi: the bounds are constants, so the derivative is 0 at both kinks, and
 * x sits in the branch a NaN takes (both comparisons are false), so NaN stays NaN as in PyTorch
 * and JAX rather than becoming a bound.
 */
export function clip(x: Tensor, lo: number, hi: number): Tensor {
  return where(lessEqual(x, lo), lo, where(greaterEqual(x, hi), hi, x));
}

export const scoped =
  <A extends unknown[]>(name: string, fn: (x: Tensor, ...rest: A) => Tensor) =>
  (x: Tensor, ...rest: A): Tensor =>
    withScope(name, () => fn(x, ...rest));

export function checkNumber(
  op: string,
  name: string,
  v: unknown,
  ok: (v: number) => boolean = Number.isFinite,
  want = 'a finite number',
): number {
  if (typeof v !== 'number' || !ok(v))
    throw new GradflowError(op, `${name} must be ${want}, got ${String(v)}`);
  return v;
}
