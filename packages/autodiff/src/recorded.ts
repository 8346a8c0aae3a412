import type { DType, TypedArray } from './dtype.js';
import type { Primitive } from './primitive.js';
import { type Node, Tensor } from './tensor.js';

/**
 * A tensor that a transform records, carrying its own provenance: it is its own Node (`_node`
 * points back to it). A recorded op is then one object instead of a tensor plus a node, which
 * matters for a long scalar program: everything its forward pass records stays alive until the
 * backward pass, and the collector copies it.
 */
export class Recorded extends Tensor implements Node {
  readonly prim: Primitive | null;
  readonly in0: Tensor | null = null;
  readonly in1: Tensor | null = null;
  readonly in2: Tensor | null = null;
  readonly more: readonly Tensor[] | null = null;
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
    inputs: readonly Tensor[],
    attrs: unknown,
    scope: readonly string[],
  ) {
    super(data, shape, dtype);
    this.prim = prim;
    const n = inputs.length;
    if (n > 3) this.more = inputs;
    else if (n > 0) {
      this.in0 = inputs[0]!;
      if (n > 1) this.in1 = inputs[1]!;
      if (n > 2) this.in2 = inputs[2]!;
    }
    this.attrs = attrs;
    this.scope = scope;
    this._node = this;
  }

  /** An op has a primitive; an alias has the one input it stands for; a leaf has neither. */
  get kind(): Node['kind'] {
    return this.prim !== null ? 'op' : this.in0 !== null ? 'alias' : 'leaf';
  }
}

/** The number of inputs of a node. */
export function inputCount(n: Node): number {
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
export function inputsOf(n: Node, into: Tensor[][]): readonly Tensor[] {
  if (n.more !== null) return n.more;
  const k = inputCount(n);
  const a = into[k]!;
  if (k > 0) a[0] = n.in0!;
  if (k > 1) a[1] = n.in1!;
  if (k > 2) a[2] = n.in2!;
  return a;
}
