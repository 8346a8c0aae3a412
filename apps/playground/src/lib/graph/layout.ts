/**
 * Layered layout of a drawn graph with ELK (compound nodes for expanded composites). The ELK
 * call itself is injected (`LayoutFn`): in the app it runs in a Web Worker (layout-worker.ts), in
 * tests directly. Layouts are cached by their ELK input, so returning to a collapse state (or
 * changing only values) costs nothing.
 */
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { DrawnGraph, DrawnNode } from './visible.js';

export type LayoutFn = (graph: ElkNode) => Promise<ElkNode>;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Layout {
  /** Absolute boxes of drawn nodes and containers, by key. */
  readonly boxes: ReadonlyMap<string, Box>;
  readonly width: number;
  readonly height: number;
}

export const NODE_HEIGHT = 58;
const CHAR = 7.3;

/**
 * A box wide enough for its label, op and shape line and for the longest value text its shape
 * can produce (formatTensor with 2 elements), so values never change a layout.
 */
export function nodeWidth(n: DrawnNode): number {
  const shape = `[${n.shape.join(', ')}]`;
  const size = n.shape.reduce((a, b) => a * b, 1);
  const number = 10; // -1.23e-10
  const value =
    size === 1
      ? number
      : 2 + Math.min(size, 2) * (number + 2) + (size > 2 ? 5 + String(size).length : 0);
  const longest = Math.max(n.label.length + shape.length + 3, value + 2, 10);
  return Math.ceil(16 + CHAR * longest);
}

/**
 * Layered, top to bottom, with compound nodes laid out together with their surroundings. Speed
 * settings (measured on a 466-node expanded graph, CPU time in Node: 4.4-6 s with ELK's defaults,
 * 1.2-1.4 s with these): edges are drawn by the app, so ELK's orthogonal routing is not needed
 * (POLYLINE); one crossing-minimization pass (thoroughness 1) without the greedy switch.
 */
const LAYERED = {
  'elk.algorithm': 'layered',
  'elk.edgeRouting': 'POLYLINE',
  'elk.layered.thoroughness': '1',
  'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.nodeNode': '20',
  'elk.padding': '[top=28,left=12,bottom=12,right=12]',
};

/** The ELK input for a drawn graph: containers nest their members; edges live at the root. */
export function elkGraph(g: DrawnGraph): ElkNode {
  const elk = new Map<string, ElkNode>();
  const root: ElkNode = { id: 'root', layoutOptions: LAYERED, children: [], edges: [] };
  for (const c of g.containers) elk.set(c.key, { id: c.key, children: [] });
  for (const n of g.nodes) elk.set(n.key, { id: n.key, width: nodeWidth(n), height: NODE_HEIGHT });
  const parentOf = (key: string | null) => (key === null ? root : elk.get(key)!);
  for (const c of g.containers) parentOf(c.parent).children!.push(elk.get(c.key)!);
  for (const n of g.nodes) parentOf(n.parent).children!.push(elk.get(n.key)!);
  root.edges = g.edges.map((e) => ({ id: e.key, sources: [e.source], targets: [e.target] }));
  return root;
}

/** Flattens ELK's result (child positions are relative to their parent) into absolute boxes. */
export function readLayout(result: ElkNode): Layout {
  const boxes = new Map<string, Box>();
  const walk = (n: ElkNode, ox: number, oy: number) => {
    for (const c of n.children ?? []) {
      const x = ox + (c.x ?? 0);
      const y = oy + (c.y ?? 0);
      boxes.set(c.id, { x, y, width: c.width ?? 0, height: c.height ?? 0 });
      walk(c, x, y);
    }
  };
  walk(result, 0, 0);
  return { boxes, width: result.width ?? 0, height: result.height ?? 0 };
}

/** Lays drawn graphs out through `layout`, remembering the last `capacity` results. */
export class LayoutCache {
  private readonly entries = new Map<string, Promise<Layout>>();
  /** How many layouts were actually computed (the rest came from the cache). */
  computed = 0;

  constructor(
    private readonly layout: LayoutFn,
    private readonly capacity = 32,
  ) {}

  get(g: DrawnGraph): Promise<Layout> {
    const input = elkGraph(g);
    const key = JSON.stringify(input);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit); // most recently used last
      return hit;
    }
    this.computed++;
    const pending = this.layout(input).then(readLayout);
    pending.catch(() => this.entries.delete(key));
    this.entries.set(key, pending);
    while (this.entries.size > this.capacity)
      this.entries.delete(this.entries.keys().next().value!);
    return pending;
  }
}
