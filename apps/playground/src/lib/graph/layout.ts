/**
 * Layered layout of a drawn graph with ELK, level by level: each expanded composite is laid out
 * on its own and then stands as one box in the level around it. The ELK call itself is injected
 * (`LayoutFn`): in the app it runs in a Web Worker (layout.worker.ts), in tests directly. Layouts
 * are cached, so returning to a collapse state (or changing only values) costs nothing, and a
 * composite's interior is laid out once however often (and in however many graphs) it appears.
 */
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import { splitLevels } from './levels.js';
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
 * Layered, top to bottom. Speed settings: edges are drawn by the app, so ELK's orthogonal routing
 * is not needed (POLYLINE); one crossing-minimization pass (thoroughness 1) without the greedy
 * switch. Each call lays out one flat level (see levels.ts), so no hierarchy handling is needed.
 */
const LAYERED = {
  'elk.algorithm': 'layered',
  'elk.edgeRouting': 'POLYLINE',
  'elk.layered.thoroughness': '1',
  'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.direction': 'DOWN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.nodeNode': '20',
};
/** Room for a container's collapse button above its members. */
const CONTAINER_PADDING = '[top=28,left=12,bottom=12,right=12]';
const ROOT_PADDING = '[top=12,left=12,bottom=12,right=12]';

/**
 * The ELK input for one level: its members as boxes of the given sizes, named by position
 * (m0, m1, ...), so identical composites give identical inputs and share one cached layout.
 */
export function levelInput(
  sizes: readonly { width: number; height: number }[],
  edges: readonly (readonly [number, number])[],
  container: boolean,
): ElkNode {
  return {
    id: 'level',
    layoutOptions: { ...LAYERED, 'elk.padding': container ? CONTAINER_PADDING : ROOT_PADDING },
    children: sizes.map((s, i) => ({ id: `m${i}`, width: s.width, height: s.height })),
    edges: edges.map(([a, b], i) => ({ id: `e${i}`, sources: [`m${a}`], targets: [`m${b}`] })),
  };
}

/** A laid-out level: its size and each member's position (by index) inside it. */
interface LevelResult {
  readonly width: number;
  readonly height: number;
  readonly at: readonly { x: number; y: number }[];
}

function readLevel(result: ElkNode): LevelResult {
  return {
    width: result.width ?? 0,
    height: result.height ?? 0,
    at: (result.children ?? []).map((c) => ({ x: c.x ?? 0, y: c.y ?? 0 })),
  };
}

/** A map that forgets its least recently used entries beyond `capacity`. */
class Lru<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly capacity: number) {}
  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit); // most recently used last
    }
    return hit;
  }
  set(key: string, value: V): void {
    this.entries.set(key, value);
    while (this.entries.size > this.capacity)
      this.entries.delete(this.entries.keys().next().value!);
  }
  delete(key: string): void {
    this.entries.delete(key);
  }
}

/**
 * Lays drawn graphs out through `layout`, one level at a time: each expanded composite's interior
 * first (its inner composites as fixed boxes), then the level around it. Results are remembered
 * twice: whole layouts by drawn graph (the last `capacity`), and levels by their ELK input, so a
 * composite laid out once (in this graph or an earlier one) is never laid out again.
 */
export class LayoutCache {
  private readonly graphs: Lru<Promise<Layout>>;
  private readonly levels = new Lru<Promise<LevelResult>>(512);
  /** How many drawn graphs were laid out (the rest came from the cache). */
  computed = 0;
  /** How many levels ELK laid out (the rest came from the cache). */
  levelsComputed = 0;

  constructor(
    private readonly layout: LayoutFn,
    capacity = 32,
  ) {
    this.graphs = new Lru(capacity);
  }

  get(g: DrawnGraph): Promise<Layout> {
    const key = graphKey(g);
    const hit = this.graphs.get(key);
    if (hit) return hit;
    this.computed++;
    const pending = layOut(g, (input) => this.level(input));
    pending.catch(() => this.graphs.delete(key));
    this.graphs.set(key, pending);
    return pending;
  }

  private level(input: ElkNode): Promise<LevelResult> {
    const key = JSON.stringify(input);
    const hit = this.levels.get(key);
    if (hit) return hit;
    this.levelsComputed++;
    const pending = this.layout(input).then(readLevel);
    pending.catch(() => this.levels.delete(key));
    this.levels.set(key, pending);
    return pending;
  }
}

/** What a layout depends on: the boxes, where they sit and the edges (not values). */
function graphKey(g: DrawnGraph): string {
  return JSON.stringify([
    g.nodes.map((n) => [n.key, nodeWidth(n), n.parent]),
    g.containers.map((c) => [c.key, c.parent]),
    g.edges.map((e) => [e.source, e.target]),
  ]);
}

/** Lays out every level bottom-up through `level` and places the boxes absolutely. */
async function layOut(
  g: DrawnGraph,
  level: (input: ElkNode) => Promise<LevelResult>,
): Promise<Layout> {
  const split = splitLevels(g);
  const widths = new Map(g.nodes.map((n) => [n.key, nodeWidth(n)]));
  const results = new Map<string | null, Promise<LevelResult>>();
  const run = (key: string | null): Promise<LevelResult> => {
    const known = results.get(key);
    if (known) return known;
    const { members, edges } = split.get(key)!;
    const done = Promise.all(
      members.map(async (m) => {
        const w = widths.get(m);
        return w !== undefined ? { width: w, height: NODE_HEIGHT } : await run(m);
      }),
    ).then((sizes) => level(levelInput(sizes, edges, key !== null)));
    results.set(key, done);
    return done;
  };
  const root = await run(null);
  const boxes = new Map<string, Box>();
  const place = async (key: string | null, ox: number, oy: number) => {
    const { members } = split.get(key)!;
    const { at } = await run(key);
    for (const [i, m] of members.entries()) {
      const x = ox + at[i]!.x;
      const y = oy + at[i]!.y;
      const inner = split.has(m) ? await run(m) : undefined;
      const size = inner ?? { width: widths.get(m)!, height: NODE_HEIGHT };
      boxes.set(m, { x, y, width: size.width, height: size.height });
      if (inner) await place(m, x, y);
    }
  };
  await place(null, 0, 0);
  return { boxes, width: root.width, height: root.height };
}
