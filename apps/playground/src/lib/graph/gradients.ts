/**
 * The gradient of the output with respect to every forward node (not only the inputs), and a
 * finite-difference check of one node's gradient. Both work on a traced Graph: the gradients by
 * one reverse sweep over the forward nodes with each primitive's own VJP rule, the check by
 * replaying the forward kernels downstream of the node with its value nudged.
 */
import {
  add,
  onesLike,
  ops,
  primitives,
  randomNormal,
  sum,
  sumTo,
  tensor,
  type Graph,
  type GraphNode,
  type Primitive,
  type Tensor,
} from '@gradflow/autodiff';

/** The registry as one type: a node's attrs are whatever its own primitive recorded. */
const primitiveOf = (n: GraphNode): Primitive => primitives[n.op] as Primitive;

const forwardNodes = (g: Graph) => g.nodes.filter((n) => n.phase === 'forward');

/**
 * d(sum of output)/d(node) for every forward node and leaf the output depends on, keyed by id.
 * (The sum: a non-scalar output is seeded with ones, as trace() does.)
 */
export function nodeGradients(g: Graph): Map<number, Tensor> {
  const out = g.outputs.value;
  const ct = new Map<number, Tensor>([[out, onesLike(g.value(out)!)]]);
  const nodes = forwardNodes(g);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i]!;
    const c = ct.get(n.id);
    const prim = primitiveOf(n);
    if (!c || !prim.differentiable) continue;
    const inputs = n.inputs.map((id) => g.value(id)!);
    const saved = { inputs, output: g.value(n.id)!, attrs: n.attrs, needs: inputs.map(() => true) };
    prim.vjp(c, saved, ops).forEach((raw, k) => {
      if (!raw) return;
      const id = n.inputs[k]!;
      const part = sumTo(raw, inputs[k]!.shape);
      const prev = ct.get(id);
      ct.set(id, prev ? add(prev, part) : part);
    });
  }
  return ct;
}

/** Recomputes a forward node from its inputs with the primitive's kernel (nothing recorded). */
function replay(n: GraphNode, inputs: readonly Tensor[]): Tensor {
  const prim = primitiveOf(n);
  const spec = prim.infer(inputs, n.attrs);
  return tensor(prim.forward(inputs, n.attrs, spec), { shape: spec.shape, dtype: spec.dtype });
}

/** The output's sum with the value of node `id` replaced. */
function outputWith(g: Graph, id: number, value: Tensor): number {
  const values = new Map<number, Tensor>([[id, value]]);
  const read = (k: number) => values.get(k) ?? g.value(k)!;
  for (const n of forwardNodes(g)) {
    if (n.id <= id) continue;
    if (!n.inputs.some((k) => values.has(k))) continue;
    values.set(n.id, replay(n, n.inputs.map(read)));
  }
  return sum(read(g.outputs.value)).item();
}

export interface FiniteDifferenceCheck {
  /** <gradient, direction> from the VJP rules. */
  readonly derived: number;
  /** (f(v + h d) - f(v - h d)) / 2h. */
  readonly measured: number;
  readonly step: number;
  /** |derived - measured| / max(1, |derived|, |measured|). */
  readonly relativeError: number;
}

/**
 * Checks node `id`'s gradient against a central difference in a random (seeded) direction. The
 * values are float64, so h = 1e-6 * max(1, |value|) leaves an error near 1e-9 for smooth ops.
 */
export function finiteDifference(
  g: Graph,
  id: number,
  gradient: Tensor,
  seed = 1,
): FiniteDifferenceCheck {
  const v = g.value(id)!;
  const d = randomNormal(v.shape.slice(), { seed, dtype: 'float64' });
  const scale = Math.max(1, ...Array.from(v.data(), (x) => Math.abs(x)));
  const step = 1e-6 * scale;
  const nudged = (s: number) => outputWith(g, id, add(v, ops.mul(d, s)));
  const measured = (nudged(step) - nudged(-step)) / (2 * step);
  const derived = sum(ops.mul(gradient, d)).item();
  const relativeError =
    Math.abs(derived - measured) / Math.max(1, Math.abs(derived), Math.abs(measured));
  return { derived, measured, step, relativeError };
}
