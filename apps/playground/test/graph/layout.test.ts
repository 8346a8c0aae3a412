import { describe, expect, it } from 'vitest';
import { LayoutCache, elkGraph, type LayoutFn } from '../../src/lib/graph/layout.js';
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
    expect(calls()).toBe(2);
    expect(await cache.get(drawnGraph(m, new Set()))).toBe(collapsed);
    const other = modelOf('sigmoid(x) + tanh(x)', -2);
    await cache.get(drawnGraph(other, new Set([tanh.key])));
    expect(calls()).toBe(2);
    expect(cache.computed).toBe(2);
  });

  it('forgets the least recently used layout beyond its capacity', async () => {
    const { fn, calls } = counting();
    const cache = new LayoutCache(fn, 1);
    const a = drawnGraph(modelOf('exp(x)', 1), new Set());
    const b = drawnGraph(modelOf('log(x)', 1), new Set());
    await cache.get(a);
    await cache.get(b);
    await cache.get(a);
    expect(calls()).toBe(3);
  });

  it('nests containers in the ELK input and keeps edges at the root', () => {
    const m = modelOf('sigmoid(x)', 0.5);
    const key = [...m.groups.values()].find((g) => g.phase === 'forward' && g.parent === null)!.key;
    const input = elkGraph(drawnGraph(m, new Set([key])));
    const container = input.children!.find((c) => c.id === key)!;
    expect(container.children!.length).toBeGreaterThan(3);
    expect(input.edges!.length).toBeGreaterThan(0);
  });
});
