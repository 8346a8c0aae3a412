/**
 * The graph view's model: a traced expression as nodes (primitives and leaves) grouped into
 * composite instances. trace() gives each node the scope path of the composites it was made in
 * (['sigmoid', 'tanh']); two calls of the same composite share a path, so instances are told
 * apart here: a forward instance ends at the node its call returned (or where the path changes),
 * and a backward node belongs to the backward twin of the forward instance whose VJP made it.
 */
import { trace, type Graph, type Tensor } from '@gradflow/autodiff';
import { evaluate, type CompiledExpression } from '../expr/index.js';
import { formatNumber } from './format.js';
import { nodeGradients } from './gradients.js';

export type Phase = 'forward' | 'backward';

export interface ModelNode {
  /** 'n' + the graph id: the key in the view and the URL. */
  readonly key: string;
  readonly id: number;
  readonly kind: 'op' | 'input' | 'parameter' | 'constant';
  /** The primitive's name, or the leaf's kind. */
  readonly op: string;
  /** A variable's name, a constant's value, 'output', 'd/dx', ... */
  readonly label: string;
  readonly phase: Phase;
  /** The innermost composite instance holding the node, or null at top level. */
  readonly group: string | null;
  readonly shape: readonly number[];
  readonly inputs: readonly number[];
  /** For a backward node: the forward node whose VJP rule made it. */
  readonly of?: number;
}

export interface ModelGroup {
  readonly key: string;
  /** The composite's name (the scope path's last element). */
  readonly name: string;
  readonly phase: Phase;
  readonly parent: string | null;
  /** The key that says whether it is expanded: a backward twin follows its forward instance. */
  readonly toggle: string;
  /** The node whose value the group stands for (its last node). */
  output: number;
}

export interface GraphModel {
  readonly graph: Graph;
  readonly variables: readonly string[];
  readonly nodes: readonly ModelNode[];
  readonly byId: ReadonlyMap<number, ModelNode>;
  readonly groups: ReadonlyMap<string, ModelGroup>;
  /** d(sum of output)/d(node) for forward nodes and leaves. */
  readonly grads: ReadonlyMap<number, Tensor>;
}

/** Traces a compiled expression at the given variable values (float64 tensors, one per variable). */
export function buildModel(compiled: CompiledExpression, inputs: readonly Tensor[]): GraphModel {
  const callOutputs: Tensor[] = [];
  const env = (xs: Tensor[]) => new Map(compiled.variables.map((v, i) => [v, xs[i]!]));
  const graph = trace(
    (...xs: Tensor[]) =>
      evaluate(compiled.expr, env(xs), compiled.source, (_, out) => callOutputs.push(out)),
    ...inputs,
  );
  const ends = new Set(
    graph.nodes.filter((n) => callOutputs.includes(graph.value(n.id)!)).map((n) => n.id),
  );
  const groups = new Map<string, ModelGroup>();
  const nodeGroup = new Map<number, string | null>();
  const chainOf = (key: string | null): string[] => {
    const chain: string[] = [];
    for (let k = key; k !== null; k = groups.get(k)!.parent) chain.unshift(k);
    return chain;
  };
  const open = (
    name: string,
    phase: Phase,
    parent: string | null,
    first: number,
    toggle?: string,
  ) => {
    const key = `${phase === 'forward' ? 'f' : 'b'}${first}-${name}`;
    groups.set(key, { key, name, phase, parent, toggle: toggle ?? key, output: first });
    return key;
  };

  // forward: contiguous runs of a scope path, split after each call's output
  let stack: string[] = [];
  for (const n of graph.nodes.filter((m) => m.phase === 'forward')) {
    let k = 0;
    while (k < stack.length && k < n.scope.length && groups.get(stack[k]!)!.name === n.scope[k])
      k++;
    stack = stack.slice(0, k);
    for (let d = k; d < n.scope.length; d++) {
      stack.push(open(n.scope[d]!, 'forward', stack[d - 1] ?? null, n.id));
    }
    for (const g of stack) groups.get(g)!.output = n.id;
    nodeGroup.set(n.id, stack[stack.length - 1] ?? null);
    if (ends.has(n.id)) stack = [];
  }

  // backward: the twin of the forward instance holding the node the VJP rule belongs to
  const twins = new Map<string, string>();
  const twin = (forward: string): string => {
    const known = twins.get(forward);
    if (known) return known;
    const f = groups.get(forward)!;
    const parent = f.parent === null ? null : twin(f.parent);
    const key = `b-${forward}`;
    groups.set(key, { key, name: f.name, phase: 'backward', parent, toggle: forward, output: -1 });
    twins.set(forward, key);
    return key;
  };
  for (const n of graph.nodes.filter((m) => m.phase === 'backward')) {
    const chain = n.of === undefined ? [] : chainOf(nodeGroup.get(n.of) ?? null);
    const fits =
      n.scope.length <= chain.length && n.scope.every((s, i) => groups.get(chain[i]!)!.name === s);
    const g = fits && n.scope.length > 0 ? twin(chain[n.scope.length - 1]!) : null;
    nodeGroup.set(n.id, g);
    for (const k of chainOf(g)) groups.get(k)!.output = Math.max(groups.get(k)!.output, n.id);
  }

  return assemble(graph, compiled.variables, groups, nodeGroup);
}

/**
 * Where a constant is drawn: inside the composite that uses it (a constant of sigmoid's
 * composition belongs in the sigmoid box, also when sigmoid's backward twin reads it too), at
 * top level when composites share it.
 */
function constantGroup(
  users: readonly number[],
  phaseOf: ReadonlyMap<number, Phase>,
  nodeGroup: ReadonlyMap<number, string | null>,
  groups: ReadonlyMap<string, ModelGroup>,
): string | null {
  const forward = users.filter((u) => phaseOf.get(u) === 'forward');
  const owners = forward.length > 0 ? forward : users;
  const keys = new Set(owners.map((u) => nodeGroup.get(u) ?? null));
  if (keys.size !== 1) return null;
  const key = [...keys][0]!;
  if (key === null || forward.length === 0) return key;
  // every backward user must be in the twin of that forward composite (or its inner composites)
  const family = groups.get(key)!.toggle;
  const ok = users.every((u) => {
    for (let g = nodeGroup.get(u) ?? null; g !== null; g = groups.get(g)!.parent) {
      if (groups.get(g)!.toggle === family) return true;
    }
    return false;
  });
  return ok ? key : null;
}

function assemble(
  graph: Graph,
  variables: readonly string[],
  groups: Map<string, ModelGroup>,
  nodeGroup: ReadonlyMap<number, string | null>,
): GraphModel {
  const nodes: ModelNode[] = [];
  const consumers = new Map<number, number[]>();
  for (const n of graph.nodes)
    for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n.id]);
  const phaseOf = new Map(graph.nodes.map((n) => [n.id, n.phase]));
  for (const l of graph.leaves) {
    const users = consumers.get(l.id) ?? [];
    const phase: Phase = users.some((u) => phaseOf.get(u) === 'forward') ? 'forward' : 'backward';
    const group = l.kind === 'constant' ? constantGroup(users, phaseOf, nodeGroup, groups) : null;
    const label =
      l.kind === 'input' && l.argnum !== undefined
        ? variables[l.argnum]!
        : l.kind === 'constant' && /^-?[\d.]+(e[-+]?\d+)?$/i.test(l.label)
          ? formatNumber(Number(l.label))
          : l.label;
    nodes.push({
      key: `n${l.id}`,
      id: l.id,
      kind: l.kind,
      op: l.kind,
      label,
      phase,
      group,
      shape: l.shape,
      inputs: [],
    });
  }
  for (const n of graph.nodes) {
    const label =
      n.label?.replace(/^d\/dx(\d+)$/, (_, i: string) => `d/d${variables[Number(i)] ?? `x${i}`}`) ??
      n.op;
    nodes.push({
      key: `n${n.id}`,
      id: n.id,
      kind: 'op',
      op: n.op,
      label,
      phase: n.phase,
      group: nodeGroup.get(n.id) ?? null,
      shape: n.shape,
      inputs: n.inputs,
      ...(n.of === undefined ? {} : { of: n.of }),
    });
  }
  nodes.sort((a, b) => a.id - b.id);
  return {
    graph,
    variables,
    nodes,
    byId: new Map(nodes.map((n) => [n.id, n])),
    groups,
    grads: nodeGradients(graph),
  };
}
