import type { DType } from './dtype.js';
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
import { Tensor, tensor } from './tensor.js';
import { unflattenTree } from './tree.js';

/** One primitive application. `op` is always a primitive's name. */
export interface GraphNode {
  readonly id: number;
  readonly op: PrimitiveName;
  /** Ids of the nodes or leaves this node reads, in argument order. */
  readonly inputs: readonly number[];
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly phase: 'forward' | 'backward';
  /** Composites the node was made in, outermost first, e.g. ['sigmoid', 'softplus']. */
  readonly scope: readonly string[];
  readonly label?: string;
  /** The primitive's parameters (axes, shape, perm, ...), enough to replay the node. */
  readonly attrs?: unknown;
  /** For a backward node: the forward node whose VJP rule produced it. */
  readonly of?: number;
}

/**
 * A value the graph reads but does not compute: an input of the traced function (a tensor
 * argument), a parameter (a tensor inside an array or object argument, labelled by its path,
 * e.g. `params.dense_1.kernel`), or a constant (captured tensors and numbers).
 */
export interface GraphLeaf {
  readonly id: number;
  readonly kind: 'input' | 'parameter' | 'constant';
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly label: string;
  /** For inputs: the argument position. */
  readonly argnum?: number;
}

export interface GraphJSON {
  nodes: GraphNode[];
  leaves: GraphLeaf[];
  outputs: { value: number; grads: number[] };
  /** With toJSON({ values: true }): nested arrays; NaN and ±Infinity as strings. */
  values?: Record<number, unknown>;
}

/**
 * The forward computation of a function and its derived backward computation, as one graph of
 * primitive nodes over leaves (inputs and constants). The same structure is drawn by the
 * playground and compiled by jit.
 */
export class Graph {
  constructor(
    readonly nodes: readonly GraphNode[],
    readonly leaves: readonly GraphLeaf[],
    readonly outputs: { readonly value: number; readonly grads: readonly number[] },
    private readonly values: ReadonlyMap<number, Tensor>,
  ) {}

  /** The value computed for a node or leaf during the trace. */
  value(id: number): Tensor | undefined {
    return this.values.get(id);
  }

  /** The node or leaf with this id. */
  get(id: number): GraphNode | GraphLeaf | undefined {
    return this.nodes.find((n) => n.id === id) ?? this.leaves.find((l) => l.id === id);
  }

  /** Plain data; with `values`, the values of tensors of at most `maxSize` elements are included. */
  toJSON(options: { values?: boolean; maxSize?: number } = {}): GraphJSON {
    const json: GraphJSON = {
      nodes: this.nodes.map((n) => ({ ...n })),
      leaves: this.leaves.map((l) => ({ ...l })),
      outputs: { value: this.outputs.value, grads: [...this.outputs.grads] },
    };
    if (options.values) {
      const max = options.maxSize ?? 64;
      json.values = {};
      for (const [id, t] of this.values) if (t.size <= max) json.values[id] = jsonSafe(t.toArray());
    }
    return json;
  }

  /** Graphviz DOT: forward and backward in two clusters, composites as nested clusters. */
  toDot(): string {
    const lines = [
      'digraph gradflow {',
      '  rankdir=TB;',
      '  node [fontname="Helvetica", fontsize=10];',
      '  edge [color="#555555"];',
    ];
    // DOT strings: escape backslashes and quotes; line breaks are the escape \n, not a raw newline
    const q = (s: string) =>
      `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
    const shapeText = (s: readonly number[]) => `[${s.join(',')}]`;
    for (const l of this.leaves) {
      const style =
        l.kind === 'input'
          ? 'shape=ellipse, style=filled, fillcolor="#dbeafe"'
          : l.kind === 'parameter'
            ? 'shape=ellipse, style=filled, fillcolor="#fef3c7"'
            : 'shape=plaintext';
      lines.push(`  n${l.id} [label=${q(`${l.label}\n${shapeText(l.shape)}`)}, ${style}];`);
    }
    let cluster = 0;
    for (const phase of ['forward', 'backward'] as const) {
      const members = this.nodes.filter((n) => n.phase === phase);
      if (members.length === 0) continue;
      const color = phase === 'forward' ? '#ecfdf5' : '#fef2f2';
      lines.push(
        `  subgraph cluster_${phase} {`,
        `    label=${q(phase)}; style=filled; fillcolor=${q(color)};`,
      );
      // nest clusters by scope path
      const emit = (prefix: readonly string[], indent: string): void => {
        const here = members.filter(
          (n) => n.scope.length === prefix.length && prefix.every((p, i) => n.scope[i] === p),
        );
        for (const n of here) {
          const text = `${n.op}${n.label ? ` (${n.label})` : ''}\n${shapeText(n.shape)}`;
          lines.push(
            `${indent}n${n.id} [label=${q(text)}, shape=box, style="rounded,filled", fillcolor="white"];`,
          );
        }
        const children: string[] = [];
        for (const n of members) {
          if (n.scope.length > prefix.length && prefix.every((p, i) => n.scope[i] === p)) {
            const c = n.scope[prefix.length]!;
            if (!children.includes(c)) children.push(c);
          }
        }
        for (const c of children) {
          lines.push(
            `${indent}subgraph cluster_${cluster++} {`,
            `${indent}  label=${q(c)}; style="dashed";`,
          );
          emit([...prefix, c], `${indent}  `);
          lines.push(`${indent}}`);
        }
      };
      emit([], '    ');
      lines.push('  }');
    }
    for (const n of this.nodes) for (const i of n.inputs) lines.push(`  n${i} -> n${n.id};`);
    lines.push('}');
    return lines.join('\n');
  }
}

/** Nested values with NaN and ±Infinity as the strings 'NaN', 'Infinity', '-Infinity' (JSON has no such numbers). */
function jsonSafe(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(jsonSafe);
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
}

function paramNames(f: (...args: never[]) => unknown, n: number): string[] {
  const src = Function.prototype.toString.call(f);
  const m =
    /^(?:async\s*)?(?:function\b[^(]*)?\(([^)]*)\)/.exec(src) ??
    /^(?:async\s*)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  const names = m ? m[1]!.split(',').map((s) => s.trim().split(/[\s:=]/)[0]!) : [];
  return Array.from({ length: n }, (_, i) =>
    names[i] && /^[A-Za-z_$][\w$]*$/.test(names[i]!) ? names[i]! : `x${i}`,
  );
}

/** @internal Records primitive applications as graph nodes; `trace` and `jit` both build their graph with it. */
export class GraphBuilder implements Recorder {
  private next = 0;
  private readonly ids = new Map<Tensor, number>();
  readonly nodes: GraphNode[] = [];
  readonly leaves: GraphLeaf[] = [];
  readonly values = new Map<number, Tensor>();

  leaf(t: Tensor, kind: GraphLeaf['kind'], label?: string, argnum?: number): number {
    const id = this.next++;
    this.ids.set(t, id);
    this.values.set(id, t);
    const text = label ?? (t.size === 1 ? String(t._data[0]) : 'const');
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
    const ins = inputs.map((t) => this.idOf(t));
    const id = this.next++;
    this.ids.set(out, id);
    this.values.set(id, out);
    const phase = currentPhase();
    const of = phase === 'backward' ? currentVjpOf() : null;
    const ofId = of === null ? undefined : this.ids.get(of);
    this.nodes.push({
      id,
      op,
      inputs: ins,
      shape: out.shape.slice(),
      dtype: out.dtype,
      phase,
      scope,
      ...(attrs === null || attrs === undefined ? {} : { attrs }),
      ...(ofId === undefined ? {} : { of: ofId }),
    });
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
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function trace(f: (...xs: any[]) => Tensor, ...inputs: unknown[]): Graph {
  if (typeof f !== 'function')
    throw new GradflowError('trace', `expected a function, got ${typeof f}`);
  const names = paramNames(f, inputs.length);
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
    const y: unknown = f(...args);
    if (!(y instanceof Tensor))
      throw new GradflowError('trace', `the function must return a Tensor, got ${typeof y}`);
    const valueId = b.label(y, 'output');
    const seed = onesLike(y);
    b.leaf(seed, 'constant', y.size === 1 ? 'seed 1' : 'seed ones');
    const vars = varsPerArg.flat();
    const labels = perArg.flat().map(([, l]) => l);
    const grads = backward(y, vars, seed, 'backward');
    const gradIds = grads.map((g, i) => b.label(g, `d/d${labels[i]}`));
    return new Graph(b.nodes, b.leaves, { value: valueId, grads: gradIds }, b.values);
  } finally {
    restore();
  }
}
