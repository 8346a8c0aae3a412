import type { GraphLeaf, GraphNode } from './graph.js';

/** Options of `Graph.toDot`. */
export interface DotOptions {
  /** Draw only the forward computation (and the leaves it reads). Default false. */
  forwardOnly?: boolean;
  /**
   * Draw composites as one box each: `true` collapses every outermost composite, a list of
   * names collapses the outermost composite with one of those names (e.g. ['softmax']).
   */
  collapse?: boolean | readonly string[];
}

interface GraphData {
  readonly nodes: readonly GraphNode[];
  readonly leaves: readonly GraphLeaf[];
}

// DOT strings: escape backslashes and quotes; line breaks are the escape \n, not a raw newline
const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
const shapeText = (s: readonly number[]) => `[${s.join(',')}]`;

/** How deep a node's scope is collapsed (its box's scope prefix length), or -1 if not. */
function collapseDepth(n: GraphNode, collapse: DotOptions['collapse']): number {
  if (!collapse || n.scope.length === 0) return -1;
  if (collapse === true) return 1;
  const i = n.scope.findIndex((s) => collapse.includes(s));
  return i < 0 ? -1 : i + 1;
}

/**
 * One box per instance of a collapsed composite: a contiguous run of nodes (in recording order,
 * per phase) sharing the collapsed scope prefix is one call. Maps node id -> box key.
 */
function boxesOf(nodes: readonly GraphNode[], collapse: DotOptions['collapse']) {
  const box = new Map<number, string>();
  const boxes = new Map<string, { scope: string[]; phase: string; last: GraphNode }>();
  let prev = '';
  let count = 0;
  for (const n of nodes) {
    const depth = collapseDepth(n, collapse);
    if (depth < 0) {
      prev = '';
      continue;
    }
    const path = `${n.phase}:${n.scope.slice(0, depth).join('/')}`;
    if (path !== prev) count++;
    prev = path;
    const key = `b${count}`;
    box.set(n.id, key);
    const entry = boxes.get(key);
    if (entry) entry.last = n;
    else boxes.set(key, { scope: n.scope.slice(0, depth), phase: n.phase, last: n });
  }
  return { box, boxes };
}

export function graphToDot(g: GraphData, options: DotOptions): string {
  const nodes = options.forwardOnly ? g.nodes.filter((n) => n.phase === 'forward') : g.nodes;
  const read = new Set(nodes.flatMap((n) => n.inputs));
  const leaves = options.forwardOnly ? g.leaves.filter((l) => read.has(l.id)) : g.leaves;
  const { box, boxes } = boxesOf(nodes, options.collapse);
  const ref = (id: number) => box.get(id) ?? `n${id}`;
  const lines = [
    'digraph gradflow {',
    '  rankdir=TB;',
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [color="#555555"];',
  ];
  for (const l of leaves) {
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
    const members = nodes.filter((n) => n.phase === phase);
    if (members.length === 0) continue;
    const color = phase === 'forward' ? '#ecfdf5' : '#fef2f2';
    lines.push(
      `  subgraph cluster_${phase} {`,
      `    label=${q(phase)}; style=filled; fillcolor=${q(color)};`,
    );
    const within = (n: { scope: readonly string[] }, prefix: readonly string[]) =>
      prefix.every((p, i) => n.scope[i] === p);
    // nest clusters by scope path; a collapsed composite is one box inside its parent's cluster
    const emit = (prefix: readonly string[], indent: string): void => {
      for (const n of members) {
        if (box.has(n.id) || n.scope.length !== prefix.length || !within(n, prefix)) continue;
        const text = `${n.op}${n.label ? ` (${n.label})` : ''}\n${shapeText(n.shape)}`;
        lines.push(
          `${indent}n${n.id} [label=${q(text)}, shape=box, style="rounded,filled", fillcolor="white"];`,
        );
      }
      for (const [key, b] of boxes) {
        if (b.phase !== phase || b.scope.length !== prefix.length + 1 || !within(b, prefix))
          continue;
        const text = `${b.scope[b.scope.length - 1]}\n${shapeText(b.last.shape)}`;
        lines.push(
          `${indent}${key} [label=${q(text)}, shape=box3d, style="filled", fillcolor="#e0e7ff"];`,
        );
      }
      // child clusters: scopes below this one that hold a plain node or a collapsed box
      const below = [
        ...members.filter((n) => !box.has(n.id) && n.scope.length > prefix.length),
        ...[...boxes.values()].filter(
          (x) => x.phase === phase && x.scope.length > prefix.length + 1,
        ),
      ];
      const children: string[] = [];
      for (const n of below) {
        const c = n.scope[prefix.length]!;
        if (within(n, prefix) && !children.includes(c)) children.push(c);
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
  // one edge per operand; between boxes, one edge per pair and none inside a box
  const edges: string[] = [];
  const seen = new Set<string>();
  for (const n of nodes) {
    for (const i of n.inputs) {
      const [from, to] = [ref(i), ref(n.id)];
      const e = `  ${from} -> ${to};`;
      if (box.has(i) || box.has(n.id)) {
        if (from === to || seen.has(e)) continue;
        seen.add(e);
      }
      edges.push(e);
    }
  }
  lines.push(...edges, '}');
  return lines.join('\n');
}
