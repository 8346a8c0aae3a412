import { describe, expect, it } from 'vitest';
import { LayoutCache, type LayoutFn } from '../../src/lib/graph/layout.js';
import { splitLevels } from '../../src/lib/graph/levels.js';
import { warmupGraph, WARMUP_ROUNDS } from '../../src/lib/graph/warmup.js';
import { drawnGraph } from '../../src/lib/graph/visible.js';
import { elkLayout, modelOf } from './helpers.js';

/** Counts how often the underlying layout runs. */
function counting(): { fn: LayoutFn; calls: () => number } {
  let calls = 0;
  return {
    fn: (g) => {
      calls++;
      return elkLayout(g);
    },
    calls: () => calls,
  };
}

describe('layout', () => {
  it('ELK places every drawn node and container without overlaps between siblings', async () => {
    const m = modelOf('softmax([x, 2*x, 3]) * sigmoid(x)', 0.5);
    const sigmoid = [...m.groups.values()].find(
      (g) => g.name === 'sigmoid' && g.phase === 'forward',
    )!;
    const g = drawnGraph(m, new Set([sigmoid.key]));
    const layout = await new LayoutCache(elkLayout).get(g);
    for (const n of [...g.nodes, ...g.containers])
      expect(layout.boxes.has(n.key), n.key).toBe(true);
    const top = g.nodes.filter((n) => n.parent === null).map((n) => layout.boxes.get(n.key)!);
    for (const [i, a] of top.entries()) {
      for (const b of top.slice(i + 1)) {
        const apart =
          a.x + a.width <= b.x ||
          b.x + b.width <= a.x ||
          a.y + a.height <= b.y ||
          b.y + b.height <= a.y;
        expect(apart).toBe(true);
      }
    }
    // a node inside an expanded container lies inside the container's box
    for (const n of g.nodes.filter((k) => k.parent !== null)) {
      const box = layout.boxes.get(n.key)!;
      const outer = layout.boxes.get(n.parent!)!;
      expect(box.x).toBeGreaterThanOrEqual(outer.x);
      expect(box.y + box.height).toBeLessThanOrEqual(outer.y + outer.height);
    }
    expect(layout.width).toBeGreaterThan(0);
  });

  it('is cached per collapse state: going back to a state, or changing values, lays out nothing new', async () => {
    const { fn, calls } = counting();
    const cache = new LayoutCache(fn);
    const m = modelOf('sigmoid(x) + tanh(x)', 0.5);
    const tanh = [...m.groups.values()].find((g) => g.name === 'tanh' && g.parent === null)!;
    const collapsed = await cache.get(drawnGraph(m, new Set()));
    await cache.get(drawnGraph(m, new Set([tanh.key])));
    expect(cache.computed).toBe(2);
    const elkCalls = calls();
    expect(await cache.get(drawnGraph(m, new Set()))).toBe(collapsed);
    const other = modelOf('sigmoid(x) + tanh(x)', -2);
    await cache.get(drawnGraph(other, new Set([tanh.key])));
    expect(cache.computed).toBe(2);
    expect(calls()).toBe(elkCalls);
  });

  it('forgets the least recently used graph beyond its capacity, but not its levels', async () => {
    const { fn, calls } = counting();
    const cache = new LayoutCache(fn, 1);
    const a = drawnGraph(modelOf('exp(x)', 1), new Set());
    const b = drawnGraph(modelOf('log(x)', 1), new Set());
    const first = await cache.get(a);
    await cache.get(b);
    const again = await cache.get(a);
    expect(cache.computed).toBe(3);
    expect(again).not.toBe(first);
    expect(again.boxes).toEqual(first.boxes);
    // the second layout of exp(x) came from the level cache: ELK ran once per graph
    expect(calls()).toBe(2);
  });

  it('splits the drawn graph into flat levels: an edge into a container joins the container', () => {
    const m = modelOf('sigmoid(x)', 0.5);
    const key = [...m.groups.values()].find((g) => g.phase === 'forward' && g.parent === null)!.key;
    const g = drawnGraph(m, new Set([key]));
    const levels = splitLevels(g);
    expect([...levels.keys()].sort()).toEqual(
      [null, ...g.containers.map((c) => c.key)].sort((a, b) => String(a).localeCompare(String(b))),
    );
    const root = levels.get(null)!;
    const inner = levels.get(key)!;
    expect(root.members).toContain(key);
    expect(inner.members.length).toBeGreaterThan(3);
    // every drawn node is a member of exactly one level
    const all = [...levels.values()].flatMap((l) => l.members);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(g.nodes.length + g.containers.length);
    // x feeds sigmoid's interior: at the root that is an edge from x to the container
    const x = g.nodes.find((n) => n.op === 'input')!.key;
    const ix = root.members.indexOf(x);
    const ic = root.members.indexOf(key);
    expect(root.edges).toContainEqual([ix, ic]);
    // edges never join a member to itself, and each appears once
    for (const level of levels.values()) {
      expect(level.edges.every(([a, b]) => a !== b)).toBe(true);
      expect(new Set(level.edges.map((e) => e.join('>'))).size).toBe(level.edges.length);
    }
  });

  it('lays out identical composites once: sigmoid(x) + sigmoid(y) expanded shares one interior', async () => {
    const { fn, calls } = counting();
    const m = modelOf('sigmoid(x) + sigmoid(y)', 0.5, -1);
    const open = new Set([...m.groups.values()].map((g) => g.toggle));
    const g = drawnGraph(m, open);
    const forward = g.containers.filter((c) => c.phase === 'forward' && c.name === 'sigmoid');
    expect(forward.length).toBe(2);
    const cache = new LayoutCache(fn);
    const layout = await cache.get(g);
    // levels: the root, and per distinct interior one; two sigmoids (and their twins) share
    expect(calls()).toBeLessThan(1 + g.containers.length);
    const [a, b] = forward.map((c) => layout.boxes.get(c.key)!);
    expect([a!.width, a!.height]).toEqual([b!.width, b!.height]);
    // a composite laid out once is reused by a later graph that contains it
    const before = calls();
    const single = drawnGraph(
      modelOf('sigmoid(x) * 3', 2),
      new Set([...m.groups.values()].map((g) => g.toggle)),
    );
    await cache.get(single);
    expect(calls() - before).toBeLessThanOrEqual(1 + single.containers.length);
  });

  it('places nested members inside their containers, in absolute coordinates', async () => {
    const m = modelOf('mish(x)', 0.5);
    const g = drawnGraph(m, new Set([...m.groups.values()].map((k) => k.toggle)));
    expect(g.containers.some((c) => c.parent !== null)).toBe(true);
    const layout = await new LayoutCache(elkLayout).get(g);
    for (const item of [...g.nodes, ...g.containers].filter((k) => k.parent !== null)) {
      const box = layout.boxes.get(item.key)!;
      const outer = layout.boxes.get(item.parent!)!;
      expect(box.x).toBeGreaterThanOrEqual(outer.x);
      expect(box.y).toBeGreaterThanOrEqual(outer.y);
      expect(box.x + box.width).toBeLessThanOrEqual(outer.x + outer.width);
      expect(box.y + box.height).toBeLessThanOrEqual(outer.y + outer.height);
    }
    for (const c of g.containers.filter((k) => k.parent === null)) {
      const box = layout.boxes.get(c.key)!;
      expect(box.x + box.width).toBeLessThanOrEqual(layout.width);
      expect(box.y + box.height).toBeLessThanOrEqual(layout.height);
    }
  });

  it('warm-up graphs are acyclic layered DAGs that ELK lays out', async () => {
    for (let round = 0; round < WARMUP_ROUNDS; round++) {
      const g = warmupGraph(round);
      const ids = new Set(g.children!.map((c) => c.id));
      for (const e of g.edges!) {
        expect(ids.has(e.sources[0]!) && ids.has(e.targets[0]!)).toBe(true);
        expect(Number(e.sources[0]!.slice(1))).toBeLessThan(Number(e.targets[0]!.slice(1)));
      }
    }
    const result = await elkLayout(warmupGraph(3));
    expect(result.children!.every((c) => Number.isFinite(c.x) && Number.isFinite(c.y))).toBe(true);
  });
});
