import type { DType, TypedArray } from './dtype.js';
import type { Primitive } from './primitive.js';
import { Tensor } from './tensor.js';

/**
 * A tensor that a transform records, carrying its own provenance: it is its own node (`_node`
 * returns it). A recorded op is then one object instead of a tensor plus a node, which matters
 * for a long scalar program: everything its forward pass records stays alive until the backward
 * pass, and the collector copies it. Recorded only while a `grad`/`vjp`/`trace` is running.
 * - `op`: the output of a primitive applied to its inputs (with `attrs`, in composite `scope`).
 * - `leaf`: a variable that a transform differentiates with respect to.
 * - `alias`: a variable of an inner transform standing for an outer-tracked tensor (in0): the
 *   inner backward pass stops at it, the outer one passes straight through it.
 * Up to three inputs are held in `in0`..`in2` (null where absent) and more in the array `more`
 * (then the others are null): a recorded scalar op keeps no inputs array alive.
 * `ct`, `pass` and `mark` are the backward pass's scratch space: the cotangent accumulated for
 * this tensor and whether it leads to a target, valid only while `pass` is the running pass.
 */
export class Recorded extends Tensor {
  readonly prim: Primitive | null;
  readonly in0: Tensor | null;
  readonly in1: Tensor | null;
  readonly in2: Tensor | null;
  readonly more: readonly Tensor[] | null;
  readonly attrs: unknown;
  readonly scope: readonly string[];
  ct: Tensor | null = null;
  pass = 0;
  mark = 0;

  constructor(
    data: TypedArray | number,
    shape: readonly number[],
    dtype: DType,
    prim: Primitive | null,
    attrs: unknown,
    scope: readonly string[],
    in0: Tensor | null,
    in1: Tensor | null = null,
    in2: Tensor | null = null,
    more: readonly Tensor[] | null = null,
  ) {
    super(data, shape, dtype);
    this.prim = prim;
    this.in0 = in0;
    this.in1 = in1;
    this.in2 = in2;
    this.more = more;
    this.attrs = attrs;
    this.scope = scope;
  }

  override get _node(): Recorded {
    return this;
  }

  /** An op has a primitive; an alias has the one input it stands for; a leaf has neither. */
  get kind(): 'op' | 'leaf' | 'alias' {
    return this.prim !== null ? 'op' : this.in0 !== null ? 'alias' : 'leaf';
  }
}

/** A recorded op's output, its up to three inputs in fields (a longer list kept as is). */
export function recordedOp(
  data: TypedArray | number,
  shape: readonly number[],
  dtype: DType,
  prim: Primitive,
  inputs: readonly Tensor[],
  attrs: unknown,
  scope: readonly string[],
): Recorded {
  const n = inputs.length;
  return n > 3
    ? new Recorded(data, shape, dtype, prim, attrs, scope, null, null, null, inputs)
    : new Recorded(
        data,
        shape,
        dtype,
        prim,
        attrs,
        scope,
        n > 0 ? inputs[0]! : null,
        n > 1 ? inputs[1]! : null,
        n > 2 ? inputs[2]! : null,
      );
}

/** The number of inputs of a node. */
export function inputCount(n: Recorded): number {
  return n.more !== null
    ? n.more.length
    : n.in2 !== null
      ? 3
      : n.in1 !== null
        ? 2
        : n.in0 !== null
          ? 1
          : 0;
}

/**
 * A node's inputs as an array: `more` itself, or `into` (a scratch array of the right length,
 * reused by the caller) filled from in0..in2.
 */
export function inputsOf(n: Recorded, into: Tensor[][]): readonly Tensor[] {
  if (n.more !== null) return n.more;
  const k = inputCount(n);
  const a = into[k]!;
  if (k > 0) a[0] = n.in0!;
  if (k > 1) a[1] = n.in1!;
  if (k > 2) a[2] = n.in2!;
  return a;
}

/** Whether any input of n is marked in the running backward pass. */
export function anyMarked(n: Recorded, pass: number): boolean {
  if (n.more !== null) {
    for (const x of n.more) if (marked(x, pass)) return true;
    return false;
  }
  return marked(n.in0, pass) || marked(n.in1, pass) || marked(n.in2, pass);
}

function marked(x: Tensor | null, pass: number): boolean {
  const n = x === null ? null : x._node;
  return n !== null && n.mark === pass;
}
