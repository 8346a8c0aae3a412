import fc from 'fast-check';
import { parse } from '@ts-graphviz/ast';
import { describe, expect, it } from 'vitest';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import {
  type Graph,
  type GraphJSON,
  type Primitive,
  type Tensor,
  grad,
  isPrimitiveName,
  logSoftmax,
  logsumexp,
  matmul,
  mean,
  primitives,
  softmax,
  stopGradient,
  tensor,
  trace,
  vjp,
} from '../src/index.js';
import { withScope } from '../src/engine.js';
import { f64, valuesOf } from './core-helpers.js';
import { collectDot } from './dot-helpers.js';
import { evaluate, programArb, show } from './programs.js';

const x = f64([0.5, -1, 2, 0.25, 1.5, -0.75], [2, 3]);
const w = f64([0.1, -0.2, 0.3, 0.4, -0.5, 0.6], [3, 2]);
const labels = f64([1, 0, 0, 1], [2, 2]);

/** A small classifier loss with softmax, mean and logsumexp, every composite the core has. */
const loss = (inputs: Tensor, weights: Tensor) => {
  const logits = matmul(inputs, weights);
  const ce = mean(logSoftmax(logits).mul(labels).sum(-1).neg());
  return ce.add(mean(softmax(logits).square())).add(logsumexp(logits).mul(0.1));
};

/** Replays the nodes in order with the primitive registry, starting from the leaf values only. */
function replay(
  g: Graph,
  phases: readonly ('forward' | 'backward')[] = ['forward', 'backward'],
): Map<number, Tensor> {
  const vals = new Map<number, Tensor>();
  for (const l of g.leaves) vals.set(l.id, g.value(l.id)!);
  for (const n of g.nodes) {
    if (!phases.includes(n.phase)) continue;
    const ins = n.inputs.map((id) => {
      const v = vals.get(id);
      expect(v, `node ${n.id} (${n.op}) reads ${id}, which has no value yet`).toBeDefined();
      return v!;
    });
    const p = primitives[n.op] as Primitive<unknown>;
    const attrs = n.attrs ?? null;
    const spec = p.infer(ins, attrs);
    expect(spec.shape, `node ${n.id} (${n.op}) shape`).toEqual(n.shape);
    expect(spec.dtype, `node ${n.id} (${n.op}) dtype`).toBe(n.dtype);
    vals.set(n.id, tensor(p.forward(ins, attrs, spec), { shape: spec.shape }));
  }
  return vals;
}

function expectValidDot(g: Graph): void {
  const dot = g.toDot();
  const ast = parse(dot);
  const { nodes, edges, clusters } = collectDot(ast);
  const declared = new Set(nodes);
  expect(nodes.length, 'every node declared once').toBe(declared.size);
  const ids = [...g.nodes.map((n) => n.id), ...g.leaves.map((l) => l.id)]
    .map((id) => `n${id}`)
    .sort();
  expect([...declared].sort()).toEqual(ids);
  for (const [a, b] of edges) {
    expect(declared.has(a), `edge ${a} -> ${b}: ${a} is not a declared node`).toBe(true);
    expect(declared.has(b), `edge ${a} -> ${b}: ${b} is not a declared node`).toBe(true);
  }
  expect(edges.length).toBe(g.nodes.reduce((s, n) => s + n.inputs.length, 0));
  if (g.nodes.some((n) => n.phase === 'forward')) expect(clusters).toContain('cluster_forward');
  if (g.nodes.some((n) => n.phase === 'backward')) expect(clusters).toContain('cluster_backward');
}

describe('trace', () => {
  const g = trace(loss, x, w);

  it('every node is a primitive application with a forward or backward phase', () => {
    expect(g.nodes.length).toBeGreaterThan(10);
    for (const n of g.nodes) {
      expect(isPrimitiveName(n.op), `${n.op} is not a primitive`).toBe(true);
      expect(['forward', 'backward']).toContain(n.phase);
      expect(n.inputs.length).toBe(
        primitives[n.op].arity === -1 ? n.inputs.length : primitives[n.op].arity,
      );
    }
    expect(g.nodes.some((n) => n.phase === 'forward')).toBe(true);
    expect(g.nodes.some((n) => n.phase === 'backward')).toBe(true);
    // no forward node reads a backward node
    const backward = new Set(g.nodes.filter((n) => n.phase === 'backward').map((n) => n.id));
    for (const n of g.nodes.filter((m) => m.phase === 'forward'))
      for (const i of n.inputs) expect(backward.has(i)).toBe(false);
  });

  it('ids are unique and every input id refers to an earlier node or a leaf', () => {
    const seen = new Set(g.leaves.map((l) => l.id));
    expect(seen.size).toBe(g.leaves.length);
    const leafIds = new Set(seen);
    for (const n of g.nodes) {
      for (const i of n.inputs)
        expect(seen.has(i) || leafIds.has(i), `node ${n.id} reads unknown ${i}`).toBe(true);
      expect(seen.has(n.id)).toBe(false);
      seen.add(n.id);
    }
  });

  it('leaves: positional inputs are x0, x1, ... with their argnums; constants are kind constant', () => {
    const inputs = g.leaves.filter((l) => l.kind === 'input');
    expect(inputs.map((l) => [l.label, l.argnum, l.shape])).toEqual([
      ['x0', 0, [2, 3]],
      ['x1', 1, [3, 2]],
    ]);
    expect(g.leaves.every((l) => ['input', 'parameter', 'constant'].includes(l.kind))).toBe(true);
    expect(g.leaves.some((l) => l.kind === 'constant' && l.label === 'seed 1')).toBe(true);
    // the captured labels tensor is a constant
    expect(g.leaves.some((l) => l.kind === 'constant' && l.shape.join() === '2,2')).toBe(true);
  });

  it('the output value and gradient ids exist and hold f(x) and grad f(x)', () => {
    expect(g.get(g.outputs.value)).toBeDefined();
    expect(g.value(g.outputs.value)!.item()).toBe(loss(x, w).item());
    expect(g.outputs.grads.length).toBe(2);
    const [gx, gw] = grad(loss, [0, 1])(x, w) as Tensor[];
    g.outputs.grads.forEach((id) => expect(g.get(id)).toBeDefined());
    expect(valuesOf(g.value(g.outputs.grads[0]!)!)).toEqual(valuesOf(gx!));
    expect(valuesOf(g.value(g.outputs.grads[1]!)!)).toEqual(valuesOf(gw!));
    const out = g.nodes.find((n) => n.id === g.outputs.value)!;
    expect(out.label).toBe('output');
    expect(out.phase).toBe('forward');
    expect(g.nodes.find((n) => n.id === g.outputs.grads[0])!.label).toBe('d/dx0');
  });

  it('scope records the composites: softmax, log_softmax, mean, logsumexp and square appear in the forward pass', () => {
    const scopes = new Set(
      g.nodes.filter((n) => n.phase === 'forward').map((n) => n.scope.join('/')),
    );
    for (const s of ['softmax', 'log_softmax', 'mean', 'logsumexp', 'square', ''])
      expect(scopes, s).toContain(s);
    // the matmul and the top-level adds are outside every composite
    expect(g.nodes.find((n) => n.op === 'matmul' && n.phase === 'forward')!.scope).toEqual([]);
  });

  it('backward nodes made by the VJP of a node in scope S have scope S, so a composite collapses in both phases', () => {
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    const backward = g.nodes.filter((n) => n.phase === 'backward');
    expect(backward.every((n) => n.of !== undefined)).toBe(true);
    for (const n of backward) {
      const src = byId.get(n.of!)!;
      expect(src.phase).toBe('forward');
      expect(n.scope, `backward ${n.op} #${n.id} of ${src.op} #${src.id}`).toEqual(src.scope);
    }
    for (const s of ['softmax', 'log_softmax', 'mean', 'logsumexp']) {
      expect(
        backward.some((n) => n.scope[0] === s),
        `no backward node in ${s}`,
      ).toBe(true);
    }
  });

  it('nested composites give nested scope paths, outermost first', () => {
    const h = trace((t: Tensor) => withScope('outer', () => softmax(t)).sum(), x);
    const paths = new Set(h.nodes.map((n) => n.scope.join('/')));
    expect(paths).toContain('outer/softmax');
    expect(
      h.nodes
        .filter((n) => n.phase === 'backward')
        .some((n) => n.scope.join('/') === 'outer/softmax'),
    ).toBe(true);
  });

  it('toJSON() is plain data that round-trips through JSON.stringify / JSON.parse', () => {
    const json = g.toJSON();
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(JSON.parse(JSON.stringify(g))).toEqual(json);
    const withValues: GraphJSON = g.toJSON({ values: true, maxSize: 4 });
    expect(withValues.values![g.outputs.value]).toBe(loss(x, w).item());
    const scalar = (v: unknown) =>
      typeof v === 'number' || v === 'Infinity' || v === '-Infinity' || v === 'NaN';
    expect(
      Object.values(withValues.values!).every(
        (v) => scalar(v) || (Array.isArray(v) && v.flat(3).length <= 4),
      ),
    ).toBe(true);
    // softmax's shift has an Infinity constant: non-finite values survive JSON as strings
    expect(Object.values(withValues.values!)).toContain('Infinity');
    expect(JSON.stringify(JSON.parse(JSON.stringify(withValues)))).toBe(JSON.stringify(withValues));
  });

  it('toDot() parses as Graphviz DOT, declares every node and leaf once, and every edge joins declared nodes', () => {
    expectValidDot(g);
    expectValidDot(
      trace((t: Tensor) => withScope('outer "quoted" \\ scope', () => softmax(t)).sum(), x),
    );
  });

  it('replaying the forward nodes with the primitive registry from the leaf values reproduces the output', () => {
    const vals = replay(g, ['forward']);
    expect(vals.get(g.outputs.value)!.item()).toBe(g.value(g.outputs.value)!.item());
  });

  it('replaying all nodes reproduces every recorded value and the gradients, bit for bit', () => {
    const vals = replay(g);
    for (const n of g.nodes)
      expect(valuesOf(vals.get(n.id)!), `node ${n.id} ${n.op}`).toEqual(valuesOf(g.value(n.id)!));
    g.outputs.grads.forEach((id) =>
      expect(valuesOf(vals.get(id)!)).toEqual(valuesOf(g.value(id)!)),
    );
  });

  it('a function that takes a gradient inside is traced completely: replay reproduces value and gradients', () => {
    const f = (t: Tensor) => (grad((s: Tensor) => s.mul(s).mul(s).sum())(t) as Tensor).mul(t).sum();
    const h = trace(f, x);
    // the inner gradient is part of f's forward computation: forward nodes alone give the value
    expect(replay(h, ['forward']).get(h.outputs.value)!.item()).toBe(f(x).item());
    const backwardIds = new Set(h.nodes.filter((m) => m.phase === 'backward').map((m) => m.id));
    for (const m of h.nodes.filter((k) => k.phase === 'forward'))
      for (const i of m.inputs)
        expect(backwardIds.has(i), `forward ${m.op} #${m.id} reads backward #${i}`).toBe(false);
    const vals = replay(h);
    expect(vals.get(h.outputs.value)!.item()).toBe(f(x).item());
    expect(valuesOf(vals.get(h.outputs.grads[0]!)!)).toEqual(valuesOf(grad(f)(x) as Tensor));
    expectValidDot(h);
  });

  it('a vjp pullback applied inside a traced function is forward computation too', () => {
    const f = (t: Tensor) =>
      vjp((s: Tensor) => s.mul(s), t)
        .vjp(f64([1, 2, 3, 4, 5, 6], [2, 3]))[0]!
        .sum();
    const h = trace(f, x);
    expect(replay(h, ['forward']).get(h.outputs.value)!.item()).toBe(f(x).item());
    expect(valuesOf(replay(h).get(h.outputs.grads[0]!)!)).toEqual(valuesOf(grad(f)(x) as Tensor));
  });

  it('stopGradient: the stopped value is read by the forward pass but no backward node flows into it', () => {
    const h = trace((t: Tensor) => t.mul(stopGradient(t)).sum(), x);
    expect(valuesOf(h.value(h.outputs.grads[0]!)!)).toEqual(valuesOf(x));
    expect(valuesOf(replay(h).get(h.outputs.grads[0]!)!)).toEqual(valuesOf(x));
  });

  it('random programs: ops are primitives, replay reproduces value and gradients, and the DOT is valid', () => {
    fc.assert(
      fc.property(programArb, ({ n, expr, inputs }) => {
        const xs = inputs.map(({ shape, values }) => tensor(values, { dtype: 'float64', shape }));
        const f = (...ts: Tensor[]) => evaluate(expr, ts, n);
        const h = trace(f, ...xs);
        expect(
          h.nodes.every((m) => isPrimitiveName(m.op)),
          show(expr),
        ).toBe(true);
        const vals = replay(h);
        expect(valuesOf(vals.get(h.outputs.value)!), show(expr)).toEqual(valuesOf(f(...xs)));
        const gs = grad(
          (...ts: Tensor[]) => f(...ts).sum(),
          xs.map((_, i) => i),
        )(...xs) as Tensor[];
        h.outputs.grads.forEach((id, i) =>
          expect(valuesOf(vals.get(id)!), `${show(expr)} d/dx${i}`).toEqual(valuesOf(gs[i]!)),
        );
        expectValidDot(h);
      }),
      { numRuns: numRuns(0.3) },
    );
  });

  it('parameters passed as an object are leaves of kind parameter, labelled by path, each with a gradient', () => {
    const params = { dense: { kernel: w, bias: f64([0.5, -0.5]) } };
    const h = trace.named(
      { p: params, data: x },
      ({ p, data }: { p: typeof params; data: Tensor }) =>
        matmul(data, p.dense.kernel).add(p.dense.bias).sum(),
    );
    const ps = h.leaves.filter((l) => l.kind === 'parameter');
    expect(ps.map((l) => [l.label, l.argnum])).toEqual([
      ['p.dense.kernel', 0],
      ['p.dense.bias', 0],
    ]);
    expect(h.leaves.filter((l) => l.kind === 'input').map((l) => l.label)).toEqual(['data']);
    expect(h.outputs.grads.length).toBe(3);
    expect(valuesOf(h.value(h.outputs.grads[1]!)!)).toEqual([2, 2]);
  });

  it('the same tensor passed as two arguments gives two input leaves, each read by the graph', () => {
    const h = trace.named({ a: x, b: x }, ({ a, b }: { a: Tensor; b: Tensor }) =>
      a.mul(b.mul(2)).sum(),
    );
    const [la, lb] = h.leaves.filter((l) => l.kind === 'input');
    expect([la!.label, lb!.label]).toEqual(['a', 'b']);
    const read = new Set(h.nodes.flatMap((n) => n.inputs));
    expect(read.has(la!.id), 'leaf a is read').toBe(true);
    expect(read.has(lb!.id), 'leaf b is read').toBe(true);
    expect(valuesOf(h.value(h.outputs.grads[0]!)!)).toEqual(valuesOf(x).map((v) => 2 * v));
  });
});
