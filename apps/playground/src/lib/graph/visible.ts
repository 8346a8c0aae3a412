/**
 * What is drawn for a collapse state: every composite instance that is not expanded is one box
 * standing for all its nodes; an expanded one is a container around its members. Edges join the
 * drawn boxes (edges inside a collapsed box disappear, parallel ones merge).
 */
import type { GraphModel, ModelGroup, ModelNode, Phase } from './model.js';

export interface DrawnNode {
  /** 'n<id>' for a node or leaf, the group key for a collapsed composite. */
  readonly key: string;
  readonly kind: 'node' | 'group';
  /** The primitive's name, the leaf's kind, or for a collapsed composite its scope name. */
  readonly op: string;
  readonly label: string;
  readonly phase: Phase;
  /** The graph id whose value (and gradient) the box shows. */
  readonly valueId: number;
  readonly shape: readonly number[];
  /** The expanded container the box is drawn in, or null. */
  readonly parent: string | null;
}

export interface DrawnContainer {
  readonly key: string;
  readonly name: string;
  readonly phase: Phase;
  readonly parent: string | null;
}

export interface DrawnEdge {
  readonly key: string;
  readonly source: string;
  readonly target: string;
  /** Backward when it feeds a backward node (the derived computation). */
  readonly phase: Phase;
}

export interface DrawnGraph {
  readonly nodes: readonly DrawnNode[];
  readonly containers: readonly DrawnContainer[];
  readonly edges: readonly DrawnEdge[];
}

/** The chain of groups holding a node, outermost first. */
function chain(model: GraphModel, group: string | null): ModelGroup[] {
  const out: ModelGroup[] = [];
  for (let k = group; k !== null; k = model.groups.get(k)!.parent)
    out.unshift(model.groups.get(k)!);
  return out;
}

export function drawnGraph(model: GraphModel, expanded: ReadonlySet<string>): DrawnGraph {
  const isOpen = (g: ModelGroup) => expanded.has(g.toggle);
  /** The drawn key standing for a node, and the container it sits in. */
  const place = (n: ModelNode): { key: string; parent: string | null } => {
    let parent: string | null = null;
    for (const g of chain(model, n.group)) {
      if (!isOpen(g)) return { key: g.key, parent };
      parent = g.key;
    }
    return { key: n.key, parent };
  };

  const nodes = new Map<string, DrawnNode>();
  const containers = new Map<string, DrawnContainer>();
  const edges = new Map<string, DrawnEdge>();
  const keyOf = new Map<number, string>();
  for (const n of model.nodes) {
    const { key, parent } = place(n);
    keyOf.set(n.id, key);
    for (const g of chain(model, n.group)) {
      if (!isOpen(g)) break;
      containers.set(g.key, { key: g.key, name: g.name, phase: g.phase, parent: g.parent });
    }
    if (nodes.has(key)) continue;
    const group = key === n.key ? undefined : model.groups.get(key)!;
    const shown = group ? model.byId.get(group.output)! : n;
    nodes.set(key, {
      key,
      kind: group ? 'group' : 'node',
      op: group ? group.name : n.op,
      label: group ? group.name : n.label,
      phase: group ? group.phase : n.phase,
      valueId: shown.id,
      shape: shown.shape,
      parent,
    });
  }
  for (const n of model.nodes) {
    const target = keyOf.get(n.id)!;
    for (const i of n.inputs) {
      const source = keyOf.get(i)!;
      if (source === target) continue;
      const key = `${source}>${target}`;
      if (!edges.has(key)) edges.set(key, { key, source, target, phase: n.phase });
    }
  }
  return {
    nodes: [...nodes.values()],
    containers: [...containers.values()],
    edges: [...edges.values()],
  };
}
