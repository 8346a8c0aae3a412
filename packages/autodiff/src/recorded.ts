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
  readonly kind: Node['kind'];
  readonly prim: Primitive | null;
  readonly inputs: readonly Tensor[];
  readonly attrs: unknown;
  readonly scope: readonly string[];
  ct: Tensor | null = null;
  pass = 0;
  mark = 0;

  constructor(
    data: TypedArray | number,
    shape: readonly number[],
    dtype: DType,
    kind: Node['kind'],
    prim: Primitive | null,
    inputs: readonly Tensor[],
    attrs: unknown,
    scope: readonly string[],
  ) {
    super(data, shape, dtype);
    this.kind = kind;
    this.prim = prim;
    this.inputs = inputs;
    this.attrs = attrs;
    this.scope = scope;
    this._node = this;
  }
}
