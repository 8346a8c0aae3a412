import type { DType } from './dtype.js';
import type { Tensor } from './tensor.js';

type T = Tensor | number;

/**
 * The differentiable ops that VJP rules and Tensor methods use. They are handed over through
 * this module (filled in by ops.ts at load) so that primitive files import nothing above the
 * tensor floor, and the registry and the engine never import each other in a loop.
 */
export interface Ops {
  neg(x: Tensor): Tensor;
  add(a: T, b: T): Tensor;
  sub(a: T, b: T): Tensor;
  mul(a: T, b: T): Tensor;
  div(a: T, b: T): Tensor;
  exp(x: Tensor): Tensor;
  expm1(x: Tensor): Tensor;
  log(x: Tensor): Tensor;
  log1p(x: Tensor): Tensor;
  sqrt(x: Tensor): Tensor;
  abs(x: Tensor): Tensor;
  erf(x: Tensor): Tensor;
  erfc(x: Tensor): Tensor;
  sin(x: Tensor): Tensor;
  cos(x: Tensor): Tensor;
  maximum(a: T, b: T): Tensor;
  minimum(a: T, b: T): Tensor;
  greater(a: T, b: T): Tensor;
  greaterEqual(a: T, b: T): Tensor;
  less(a: T, b: T): Tensor;
  lessEqual(a: T, b: T): Tensor;
  equal(a: T, b: T): Tensor;
  where(cond: Tensor, a: T, b: T): Tensor;
  sum(x: Tensor, axes?: number | readonly number[] | null, keepDims?: boolean): Tensor;
  max(x: Tensor, axes?: number | readonly number[] | null, keepDims?: boolean): Tensor;
  mean(x: Tensor, axes?: number | readonly number[] | null, keepDims?: boolean): Tensor;
  reshape(x: Tensor, shape: readonly number[]): Tensor;
  transpose(x: Tensor, perm?: readonly number[]): Tensor;
  broadcastTo(x: Tensor, shape: readonly number[]): Tensor;
  slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor;
  pad(x: Tensor, paddings: readonly (readonly [number, number])[]): Tensor;
  concat(xs: readonly Tensor[], axis: number): Tensor;
  cast(x: Tensor, dtype: DType): Tensor;
  matmul(a: Tensor, b: Tensor): Tensor;
  /** The matmul primitive on operands of rank >= 2, either entering transposed (read in place). */
  matmulT(
    a: Tensor,
    b: Tensor,
    attrs: { readonly transposeA?: boolean; readonly transposeB?: boolean },
  ): Tensor;
  square(x: Tensor): Tensor;
  sign(x: Tensor): Tensor;
  tan(x: Tensor): Tensor;
  pow(x: T, y: T): Tensor;
  /** Sums a (broadcast) cotangent back down to `shape`: the one place broadcasting is undone. */
  sumTo(x: Tensor, shape: readonly number[]): Tensor;
  zerosLike(x: Tensor): Tensor;
}

let table: Ops | null = null;

export function registerOps(o: Ops): void {
  table = o;
}

export function ops(): Ops {
  if (table === null)
    throw new Error('gradflow: ops used before ops.ts was loaded (import from the package index)');
  return table;
}
