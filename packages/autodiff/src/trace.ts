import { GradflowError } from './errors.js';
import {
  type Recorder,
  backward,
  currentPhase,
  currentVjpOf,
  enterTransform,
  variable,
} from './engine.js';
import { onesLike } from './ops.js';
import type { PrimitiveName } from './primitive.js';
import { Graph, type GraphLeaf, type GraphNode } from './graph.js';
import { Tensor, tensor } from './tensor.js';
import { type MapTree, unflattenTree } from './tree.js';

export { Graph } from './graph.js';
export type { DotOptions, GraphJSON, GraphLeaf, GraphNode } from './graph.js';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The shape of every rank-0 node (shapes are never mutated). */
const NO_AXES: readonly number[] = Object.freeze([]);

/** @internal Records primitive applications as graph nodes; `trace` and `jit` both build their graph with it. */
export class GraphBuilder implements Recorder {
  protected next = 0;
  protected readonly ids = new Map<Tensor, number>();
  readonly nodes: GraphNode[] = [];
  readonly leaves: GraphLeaf[] = [];
  /** The tensor of each node or leaf, by id. */
  readonly values: Tensor[] = [];

  leaf(t: Tensor, kind: GraphLeaf['kind'], label?: string, argnum?: number): number {
    const id = this.next++;
    this.ids.set(t, id);
    this.values[id] = t;
    const text = label ?? (t.size === 1 ? String(t._first()) : 'const');
    this.leaves.push({
      id,
      kind,
      shape: t.shape.slice(),
      dtype: t.dtype,
      label: text,
      ...(argnum === undefined ? {} : { argnum }),
    });
    return id;
  }

  idOf(t: Tensor): number {
    return this.ids.get(t) ?? this.leaf(t, 'constant');
  }

  onApply(
    op: PrimitiveName,
    inputs: readonly Tensor[],
    attrs: unknown,
    out: Tensor,
    scope: readonly string[],
  ): void {
    this.added(inputs, this.addNode(op, inputs, attrs, out, scope));
  }

  /** The ids of a node's operands (a tensor seen for the first time becomes a constant leaf). */
  protected operandIds(inputs: readonly Tensor[]): number[] {
    const ins = new Array<number>(inputs.length);
    for (let k = 0; k < inputs.length; k++) ins[k] = this.idOf(inputs[k]!);
    return ins;
  }

  /** Called with the operands and id of each node recorded: a hook for the jit's shape tracer. */
  protected added(_inputs: readonly Tensor[], _id: number): void {}

  /** Records a node for one primitive application and returns its id (one pass, no temporaries). */
  protected addNode(
    op: PrimitiveName,
    inputs: readonly Tensor[],
    attrs: unknown,
    out: Tensor,
    scope: readonly string[],
  ): number {
    const ins = this.operandIds(inputs);
    const id = this.next++;
    this.ids.set(out, id);
    this.values[id] = out;
    const phase = currentPhase();
    const node: Writable<GraphNode> = {
      id,
      op,
      inputs: ins,
      shape: out.shape.length === 0 ? NO_AXES : out.shape.slice(),
      dtype: out.dtype,
      phase,
      scope,
    };
    if (attrs !== null && attrs !== undefined) node.attrs = attrs;
    if (phase === 'backward') {
      const of = currentVjpOf();
      const ofId = of === null ? undefined : this.ids.get(of);
      if (ofId !== undefined) node.of = ofId;
    }
    this.nodes.push(node);
    return id;
  }

  onAlias(alias: Tensor, source: Tensor): void {
    this.ids.set(alias, this.idOf(source));
  }

  /** Makes t stand for an existing node or leaf. */
  bind(t: Tensor, id: number): void {
    this.ids.set(t, id);
  }

  label(t: Tensor, label: string): number {
    const id = this.idOf(t);
    const i = this.nodes.findIndex((n) => n.id === id);
    if (i >= 0) this.nodes[i] = { ...this.nodes[i]!, label };
    return id;
  }
}

/** Tensor leaves of an argument with their labels: the argument name, then the path inside it. */
function labelledLeaves(
  x: unknown,
  label: string,
  out: [Tensor, string][] = [],
): [Tensor, string][] {
  if (x instanceof Tensor) out.push([x, label]);
  else if (typeof x === 'number') out.push([tensor(x), label]);
  else if (Array.isArray(x)) x.forEach((v, i) => labelledLeaves(v, `${label}[${i}]`, out));
  else if (x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    for (const [k, v] of Object.entries(x)) labelledLeaves(v, `${label}.${k}`, out);
  } else
    throw new GradflowError(
      'trace',
      `${label} is ${x === null ? 'null' : typeof x}; inputs must be Tensors, numbers, or arrays / plain objects of them`,
    );
  return out;
}

/**
 * trace(f, ...inputs): runs f on the inputs and differentiates it with respect to every input
 * tensor, recording each primitive application of the forward pass and of the derived backward
 * pass. Arguments may be tensors (leaves of kind 'input') or arrays / plain objects of tensors
 * (kind 'parameter', labelled by path): pass a model's weights as an object to see them as
 * parameters. A non-scalar output is seeded with a cotangent of ones (the gradient of its sum).
 *
 * Positional arguments are labelled x0, x1, ... (a parameter inside one by its path, x0.w).
 * Names are never read from the function's source text, which minifiers rewrite: to choose the
 * labels, use `trace.named({ x, w }, ({ x, w }) => ...)`, whose leaves take the object's keys.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function trace(f: (...xs: any[]) => Tensor, ...inputs: unknown[]): Graph {
  if (typeof f !== 'function')
    throw new GradflowError('trace', `expected a function, got ${typeof f}`);
  return record(
    inputs,
    inputs.map((_, i) => `x${i}`),
    (args) => f(...args),
  );
}

/**
 * trace.named({ x, w }, f): traces f called with one object holding the inputs, labelling each
 * input by its key (a tensor inside an array or object by its path, `params.dense.kernel`).
 */
trace.named = function named<I extends Record<string, unknown>>(
  inputs: I,
  f: (inputs: MapTree<I>) => Tensor,
): Graph {
  if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs))
    throw new GradflowError(
      'trace.named',
      `inputs must be an object of named inputs such as { x, w }, got ${Array.isArray(inputs) ? 'an array' : String(inputs)}`,
    );
  if (typeof f !== 'function')
    throw new GradflowError('trace.named', `expected a function, got ${typeof f}`);
  const keys = Object.keys(inputs);
  return record(Object.values(inputs), keys, (args) =>
    f(Object.fromEntries(keys.map((k, i) => [k, args[i]])) as MapTree<I>),
  );
};

/** Records one forward and backward pass of `call` over the inputs, labelled by `names`. */
function record(inputs: unknown[], names: string[], call: (args: unknown[]) => unknown): Graph {
  const b = new GraphBuilder();
  const perArg = inputs.map((x, i) => labelledLeaves(x, names[i]!));
  const leafIds = perArg.map((leaves, i) => {
    const kind =
      inputs[i] instanceof Tensor || typeof inputs[i] === 'number' ? 'input' : 'parameter';
    return leaves.map(([t, label]) => b.leaf(t, kind, label, i));
  });
  const { restore } = enterTransform(b);
  try {
    // each variable stands for its own leaf, also when one tensor is passed as two arguments
    const varsPerArg = perArg.map((leaves, i) =>
      leaves.map(([t], k) => {
        const v = variable(t);
        b.bind(v, leafIds[i]![k]!);
        return v;
      }),
    );
    const args = inputs.map((x, i) =>
      x instanceof Tensor || typeof x === 'number'
        ? varsPerArg[i]![0]
        : unflattenTree(x, varsPerArg[i]!),
    );
    const y: unknown = call(args);
    if (!(y instanceof Tensor))
      throw new GradflowError('trace', `the function must return a Tensor, got ${typeof y}`);
    const valueId = b.label(y, 'output');
    const seed = onesLike(y);
    b.leaf(seed, 'constant', y.size === 1 ? 'seed 1' : 'seed ones');
    const vars = varsPerArg.flat();
    const labels = perArg.flat().map(([, l]) => l);
    const grads = backward(y, vars, seed, 'backward');
    const gradIds = grads.map((g, i) => b.label(g, `d/d${labels[i]}`));
    const values = new Map(b.values.map((t, id) => [id, t] as const));
    return new Graph(b.nodes, b.leaves, { value: valueId, grads: gradIds }, values);
  } finally {
    restore();
  }
}
