import type { DType } from '../dtype.js';
import type { PrimitiveName } from '../primitive.js';
import type { Tensor } from '../tensor.js';
import type { GraphBuilder } from '../trace.js';

/**
 * The jit's program: the graph that `trace` records (GraphBuilder's nodes and leaves), renumbered
 * into one list of values in execution order, every value's operands before it. A value is an
 * input of the compiled function (by flat position), a constant (a captured tensor, or a node
 * whose operands were all constants, whose value the trace already computed), or a primitive
 * applied to earlier values.
 */
export type Value =
  | { readonly kind: 'input'; readonly index: number; readonly shape: Shape; readonly dtype: DType }
  | {
      readonly kind: 'const';
      readonly tensor: Tensor;
      readonly shape: Shape;
      readonly dtype: DType;
    }
  | {
      readonly kind: 'op';
      readonly op: PrimitiveName;
      readonly inputs: readonly number[];
      readonly attrs: unknown;
      readonly shape: Shape;
      readonly dtype: DType;
    };

type Shape = readonly number[];

export interface Program {
  readonly values: readonly Value[];
  /** The value of each output leaf, in the order of the output tree's leaves. */
  readonly outputs: readonly number[];
}

/**
 * The program of a finished trace. `inputIds[i]` is the graph leaf of flat input i, `outputIds`
 * the graph ids of the output leaves. Nodes whose operands are all constants are folded here:
 * the trace computed their values with the eager kernels, so the folded constant is bit for bit
 * what the node would compute.
 */
export function programOf(
  b: GraphBuilder,
  inputIds: readonly number[],
  outputIds: readonly number[],
): Program {
  const values: Value[] = [];
  const index = new Map<number, number>();
  const inputOf = new Map(inputIds.map((id, i) => [id, i]));
  const events = [
    ...b.leaves.map((l) => ({ id: l.id, leaf: true as const })),
    ...b.nodes.map((n) => ({ id: n.id, leaf: false as const, node: n })),
  ].sort((p, q) => p.id - q.id);
  for (const e of events) {
    const t = b.values.get(e.id)!;
    if (e.leaf) {
      const i = inputOf.get(e.id);
      values.push(
        i === undefined
          ? { kind: 'const', tensor: t, shape: t.shape, dtype: t.dtype }
          : { kind: 'input', index: i, shape: t.shape, dtype: t.dtype },
      );
    } else {
      const n = e.node!;
      const inputs = n.inputs.map((id) => index.get(id)!);
      // broadcasting a constant is left to the kernels (a repeated value costs them nothing)
      const folded = n.op !== 'broadcastTo' && inputs.every((v) => values[v]!.kind === 'const');
      values.push(
        folded
          ? { kind: 'const', tensor: t, shape: t.shape, dtype: t.dtype }
          : { kind: 'op', op: n.op, inputs, attrs: n.attrs, shape: n.shape, dtype: n.dtype },
      );
    }
    index.set(e.id, values.length - 1);
  }
  return { values, outputs: outputIds.map((id) => index.get(id)!) };
}

/** Sizes of shapes, for the passes and the scheduler. */
export function sizeOfShape(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
