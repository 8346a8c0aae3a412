import type { DType } from '../dtype.js';
import { GradflowError } from '../errors.js';
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
  // Graph ids are numbered from 0 with no gaps, leaves and nodes alike, and each list is in id
  // order: value i of the program is graph id i, so a node's operand ids are already indices.
  const values: Value[] = [];
  const inputOf = new Map(inputIds.map((id, i) => [id, i]));
  const { leaves, nodes } = b;
  for (let l = 0, n = 0; l < leaves.length || n < nodes.length;) {
    const leafNext = n === nodes.length || (l < leaves.length && leaves[l]!.id < nodes[n]!.id);
    const id = leafNext ? leaves[l++]!.id : nodes[n]!.id;
    const t = b.values[id]!;
    if (leafNext) {
      const i = inputOf.get(id);
      values.push(
        i === undefined
          ? { kind: 'const', tensor: t, shape: t.shape, dtype: t.dtype }
          : { kind: 'input', index: i, shape: t.shape, dtype: t.dtype },
      );
    } else {
      const node = nodes[n++]!;
      // broadcasting a constant is left to the kernels (a repeated value costs them nothing)
      let folded = node.op !== 'broadcastTo';
      for (let k = 0; k < node.inputs.length && folded; k++)
        folded = values[node.inputs[k]!]!.kind === 'const';
      values.push(
        folded
          ? { kind: 'const', tensor: t, shape: t.shape, dtype: t.dtype }
          : {
              kind: 'op',
              op: node.op,
              inputs: node.inputs,
              attrs: node.attrs,
              shape: node.shape,
              dtype: node.dtype,
            },
      );
    }
    if (values.length !== id + 1)
      throw new GradflowError(
        'jit',
        `internal: graph id ${id} is not program value ${values.length - 1}`,
      );
  }
  return { values, outputs: outputIds.slice() };
}

/** Sizes of shapes, for the passes and the scheduler. */
export function sizeOfShape(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
