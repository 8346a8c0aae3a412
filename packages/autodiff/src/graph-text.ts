import type { DType } from './dtype.js';
import { formatValue } from './format.js';
import type { GraphLeaf, GraphNode } from './graph.js';
import type { Tensor } from './tensor.js';

interface GraphData {
  readonly nodes: readonly GraphNode[];
  readonly leaves: readonly GraphLeaf[];
  readonly outputs: { readonly value: number; readonly grads: readonly number[] };
  value(id: number): Tensor | undefined;
}

const DTYPE_SHORT: Record<DType, string> = { float32: 'f32', float64: 'f64' };

/** `f32[2,3]`, as a jaxpr types its variables. */
export function typeText(dtype: DType, shape: readonly number[]): string {
  return `${DTYPE_SHORT[dtype]}[${shape.join(',')}]`;
}

/** a, b, ..., z, ba, bb, ...: jaxpr's variable names. */
function letters(k: number): string {
  let s = '';
  do {
    s = String.fromCharCode(97 + (k % 26)) + s;
    k = Math.floor(k / 26);
  } while (k > 0);
  return s;
}

/** The attrs of a node as `[axes=[1] keepDims=true]`, or '' when it has none. */
function attrsText(attrs: unknown): string {
  if (attrs === null || typeof attrs !== 'object') return '';
  const parts = Object.entries(attrs).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return parts.length === 0 ? '' : `[${parts.join(' ')}]`;
}

/**
 * The jaxpr-like listing behind `Graph.toString()`. Inputs and parameters keep their labels;
 * scalar constants are written inline as literals, other constants are named c0, c1, ...; nodes
 * are named a, b, c, ... in recording order.
 */
export function graphToText(g: GraphData): string {
  const names = new Map<number, string>();
  const taken = new Set<string>();
  const header: string[] = [];
  const decl = (kind: GraphLeaf['kind'], title: string) => {
    const ls = g.leaves.filter((l) => l.kind === kind);
    return ls.length === 0
      ? []
      : [
          `${title}: ${ls.map((l) => `${names.get(l.id)}:${typeText(l.dtype, l.shape)}`).join(' ')}`,
        ];
  };
  let constants = 0;
  for (const l of g.leaves) {
    let name = l.label;
    if (l.kind === 'constant') {
      const v = g.value(l.id);
      name = l.shape.length === 0 && v ? formatValue(v._data[0]!) : `c${constants++}`;
    }
    names.set(l.id, name);
    taken.add(name);
  }
  header.push(...decl('input', 'inputs'), ...decl('parameter', 'parameters'));
  const named = g.leaves.filter((l) => l.kind === 'constant' && l.shape.length > 0);
  if (named.length > 0)
    header.push(
      `constants: ${named.map((l) => `${names.get(l.id)}:${typeText(l.dtype, l.shape)}`).join(' ')}`,
    );
  let k = 0;
  for (const n of g.nodes) {
    let name = letters(k++);
    while (taken.has(name)) name = letters(k++);
    names.set(n.id, name);
  }
  const lines = [...header];
  let phase = '';
  for (const n of g.nodes) {
    if (n.phase !== phase) lines.push(`${(phase = n.phase)}:`);
    const args = n.inputs.map((i) => names.get(i)).join(' ');
    const notes = [
      ...(n.scope.length > 0 ? [n.scope.join(' > ')] : []),
      ...(n.of !== undefined ? [`vjp of ${names.get(n.of)}`] : []),
    ];
    const comment = notes.length > 0 ? `  # ${notes.join('; ')}` : '';
    lines.push(
      `  ${names.get(n.id)}:${typeText(n.dtype, n.shape)} = ${n.op}${attrsText(n.attrs)} ${args}${comment}`,
    );
  }
  // the gradients follow the inputs and parameters in leaf order
  const wrt = g.leaves.filter((l) => l.kind !== 'constant');
  const outs = [
    `value=${names.get(g.outputs.value)}`,
    ...g.outputs.grads.map((id, i) => `d/d${wrt[i]?.label ?? i}=${names.get(id)}`),
  ];
  lines.push(`outputs: ${outs.join(' ')}`);
  return lines.join('\n');
}
