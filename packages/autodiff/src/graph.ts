import type { DType } from './dtype.js';
import type { PrimitiveName } from './primitive.js';
import type { Tensor } from './tensor.js';
import { type DotOptions, graphToDot } from './graph-dot.js';
import { graphToText } from './graph-text.js';

export type { DotOptions } from './graph-dot.js';

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

  /**
   * Graphviz DOT: forward and backward in two clusters, composites as nested clusters.
   * `forwardOnly` leaves out the backward pass; `collapse` draws composites as one box each
   * (`true`: every outermost composite; a list: the composites with those names).
   */
  toDot(options: DotOptions = {}): string {
    return graphToDot(this, options);
  }

  /**
   * A typed text listing in the manner of a jaxpr: the inputs, parameters and constants, then one
   * line per node (`c:f32[3] = mul a b`, with attrs in brackets and the composite scope as a
   * comment), forward then backward, and the outputs.
   */
  toString(): string {
    return graphToText(this);
  }
}

/** Nested values with NaN and ±Infinity as the strings 'NaN', 'Infinity', '-Infinity' (JSON has no such numbers). */
function jsonSafe(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(jsonSafe);
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
}
