import type { DType, TypedArray } from './dtype.js';
import type { Tensor } from './tensor.js';
import type { Ops } from './dispatch.js';
import { EW, isEwName } from './kernels/ewops.js';

/** The closed set of primitive names; the registry must have exactly one entry per name. */
// prettier-ignore
export type PrimitiveName =
  | 'neg' | 'add' | 'sub' | 'mul' | 'div'
  | 'exp' | 'expm1' | 'log' | 'log1p' | 'sqrt' | 'abs' | 'erf' | 'erfc' | 'sin' | 'cos'
  | 'maximum' | 'minimum'
  | 'greater' | 'greaterEqual' | 'less' | 'lessEqual' | 'equal' | 'where'
  | 'sum' | 'max'
  | 'reshape' | 'transpose' | 'broadcastTo' | 'slice' | 'pad' | 'concat' | 'cast'
  | 'matmul';

/** What a VJP rule may read: the recorded inputs and output, so a rule's own ops are recorded too. */
export interface Saved<A> {
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attrs: A;
  /**
   * Which inputs the running backward pass needs a cotangent for. A rule may return null for
   * the others instead of computing them (matmul skips the product for the data input of a
   * layer); returning them anyway is correct, only slower.
   */
  readonly needs: readonly boolean[];
}

export interface OutputSpec {
  readonly shape: number[];
  readonly dtype: DType;
}

/**
 * A primitive: a forward kernel and a vector-Jacobian product, side by side.
 * `infer` validates the inputs and gives the output shape and dtype (its errors name the op).
 * `forward` computes the output values. `vjp` maps the output cotangent to one cotangent per
 * input (null where the input gets none), written with the differentiable `ops` so that it can
 * itself be differentiated. A cotangent may have the output's (broadcast) shape: the engine
 * sums it back to the input's shape in one place.
 */
export interface Primitive<A = unknown> {
  readonly name: PrimitiveName;
  /** Number of tensor inputs; -1 for variadic (concat). */
  readonly arity: number;
  /** false for comparisons: their outputs carry no gradient and are never recorded for one. */
  readonly differentiable: boolean;
  /**
   * The elementwise code (kernels/ewops.ts) of an elementwise primitive, -1 for the others: the
   * engine's rank-0 path runs that code's loop on one element, skipping infer and the planner.
   */
  readonly ew: number;
  infer(inputs: readonly Tensor[], attrs: A): OutputSpec;
  forward(inputs: readonly Tensor[], attrs: A, out: OutputSpec): TypedArray;
  vjp(ct: Tensor, saved: Saved<A>, ops: Ops): (Tensor | null)[];
}

/** Helps each primitive file type its attrs while the registry stores Primitive<unknown>. */
export function definePrimitive<A>(p: Omit<Primitive<A>, 'ew'>): Primitive<A> {
  return { ...p, ew: isEwName(p.name) ? EW[p.name] : -1 };
}
