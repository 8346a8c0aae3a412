import { tensor, type Tensor } from '@gradflow/autodiff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { finiteDifference } from '../../src/lib/graph/gradients.js';
import { drawnGraph } from '../../src/lib/graph/visible.js';
import { modelOf } from './helpers.js';

const values = (t: Tensor | undefined) => Array.from(t!.data());

describe('buildModel', () => {
  it('names inputs after the variables and gives forward and backward nodes', () => {
    const m = modelOf('sigmoid(x) * y', 0.5, 2);
    const inputs = m.nodes.filter((n) => n.kind === 'input').map((n) => n.label);
    expect(inputs).toEqual(['x', 'y']);
    expect(m.nodes.some((n) => n.phase === 'forward' && n.kind === 'op')).toBe(true);
    expect(m.nodes.some((n) => n.phase === 'backward')).toBe(true);
    expect(
      m.nodes
        .filter((n) => n.label.startsWith('d/d'))
        .map((n) => n.label)
        .sort(),
    ).toEqual(['d/dx', 'd/dy']);
  });

  it('two calls of one composite are two instances, and each has a backward twin', () => {
    const m = modelOf('sigmoid(sigmoid(x))', 0.3);
    const forward = [...m.groups.values()].filter(
      (g) => g.phase === 'forward' && g.parent === null,
    );
    expect(forward.map((g) => g.name)).toEqual(['sigmoid', 'sigmoid']);
    const backward = [...m.groups.values()].filter(
      (g) => g.phase === 'backward' && g.parent === null,
    );
    expect(backward.map((g) => g.toggle).sort()).toEqual(forward.map((g) => g.key).sort());
  });

  it("every forward node's gradient matches autodiff's input gradients and finite differences", () => {
    fc.assert(
      fc.property(fc.double({ min: -3, max: 3, noNaN: true }), (x) => {
        const m = modelOf('sigmoid(x) * tanh(x) + x^2', x);
        const input = m.nodes.find((n) => n.kind === 'input')!;
        const traced = m.graph.value(m.graph.outputs.grads[0]!);
        expect(values(m.grads.get(input.id))[0]).toBeCloseTo(values(traced)[0]!, 10);
        const checked = m.nodes.filter((k) => k.phase === 'forward' && m.grads.has(k.id));
        expect(checked.length).toBeGreaterThan(20);
        for (const n of checked) {
          const check = finiteDifference(m.graph, n.id, m.grads.get(n.id)!);
          expect(check.relativeError, `${n.op} #${n.id}`).toBeLessThan(1e-5);
        }
      }),
      { numRuns: 10 },
    );
  });

  it('the derivative of sigmoid at 0 is 1/4', () => {
    const m = modelOf('sigmoid(x)', 0);
    expect(values(m.grads.get(m.nodes.find((n) => n.kind === 'input')!.id))).toEqual([0.25]);
    expect(tensor(0).item()).toBe(0);
  });
});

describe('drawnGraph', () => {
  it('collapses every composite into one box named by its scope, and expands it', () => {
    const m = modelOf('sigmoid(x)', 0.5);
    const collapsed = drawnGraph(m, new Set());
    const boxes = collapsed.nodes.filter((n) => n.kind === 'group');
    expect(boxes.map((b) => [b.op, b.phase])).toEqual([
      ['sigmoid', 'forward'],
      ['sigmoid', 'backward'],
    ]);
    expect(collapsed.containers).toEqual([]);
    const key = boxes[0]!.key;
    const expanded = drawnGraph(m, new Set([key]));
    expect(expanded.containers.map((c) => c.name)).toEqual(['sigmoid', 'sigmoid']);
    const ops = new Set(expanded.nodes.map((n) => n.op));
    for (const op of ['exp', 'add', 'div']) expect(ops).toContain(op);
    // tanh inside sigmoid stays collapsed until it is expanded too
    expect(expanded.nodes.some((n) => n.kind === 'group' && n.op === 'tanh')).toBe(true);
    expect(expanded.nodes.length).toBeGreaterThan(collapsed.nodes.length);
  });

  it('draws edges between drawn boxes only, backward edges marked backward', () => {
    const m = modelOf('sigmoid(x) * 3', 0.5);
    const g = drawnGraph(m, new Set());
    const keys = new Set(g.nodes.map((n) => n.key));
    for (const e of g.edges) {
      expect(keys.has(e.source) && keys.has(e.target)).toBe(true);
      expect(e.source).not.toBe(e.target);
    }
    expect(g.edges.some((e) => e.phase === 'backward')).toBe(true);
    expect(g.edges.some((e) => e.phase === 'forward')).toBe(true);
  });
});
