import { parse } from '@ts-graphviz/ast';
import { describe, expect, it } from 'vitest';
import { type Tensor, matmul, sigmoid, softmax, tensor, trace } from '../src/index.js';
import { collectDot } from './dot-helpers.js';

const square = trace.named({ x: tensor([1, 2, 3]) }, ({ x }: { x: Tensor }) => x.mul(x).sum());

describe('graph.toString(): a jaxpr-like listing', () => {
  it('types every variable, one line per node, forward then backward, then the outputs', () => {
    expect(square.toString()).toBe(
      [
        'inputs: x:f32[3]',
        'forward:',
        '  a:f32[3] = mul x x',
        '  b:f32[] = sum[axes=[0] keepDims=false] a',
        'backward:',
        '  c:f32[1] = reshape[shape=[1]] 1  # vjp of b',
        '  d:f32[3] = broadcastTo[shape=[3]] c  # vjp of b',
        '  e:f32[3] = mul d x  # vjp of a',
        '  f:f32[3] = mul d x  # vjp of a',
        '  g:f32[3] = add e f  # vjp of a',
        'outputs: value=b d/dx=g',
      ].join('\n'),
    );
  });

  it('shows composite scopes, parameters by path and non-scalar constants by name', () => {
    const w = tensor([
      [1, 0],
      [0, 1],
    ]);
    const bias = tensor([0.5, -0.5]);
    const g = trace.named(
      { x: tensor([[1, 2]]), params: { w } },
      ({ x, params }: { x: Tensor; params: { w: Tensor } }) =>
        sigmoid(softmax(matmul(x, params.w)).add(bias)).sum(),
    );
    const text = g.toString();
    const lines = text.split('\n');
    expect(lines[0]).toBe('inputs: x:f32[1,2]');
    expect(lines[1]).toBe('parameters: params.w:f32[2,2]');
    expect(lines[2]).toBe('constants: c0:f32[2]');
    expect(text).toMatch(/ = max\[axes=\[1\] keepDims=true\] \w+ {2}# softmax\n/);
    expect(text).toContain('# sigmoid > tanh');
    expect(lines.at(-1)).toMatch(/^outputs: value=\w+ d\/dx=\w+ d\/dparams\.w=\w+$/);
    // one line per node, and every node's name is defined exactly once
    const defs = lines.filter((l) => / = /.test(l)).map((l) => l.trim().split(':')[0]);
    expect(defs.length).toBe(g.nodes.length);
    expect(new Set(defs).size).toBe(defs.length);
  });
});

describe('graph.toDot(options)', () => {
  const g = trace.named({ x: tensor([1, -2, 3]) }, ({ x }: { x: Tensor }) =>
    sigmoid(x)
      .add(sigmoid(x.mul(2)))
      .sum(),
  );

  it('forwardOnly draws the forward nodes and the leaves they read, nothing of the backward pass', () => {
    const { nodes, clusters } = collectDot(parse(g.toDot({ forwardOnly: true })));
    const forward = g.nodes.filter((n) => n.phase === 'forward').map((n) => `n${n.id}`);
    const backward = g.nodes.filter((n) => n.phase === 'backward').map((n) => `n${n.id}`);
    expect(nodes).toEqual(expect.arrayContaining(forward));
    for (const b of backward) expect(nodes).not.toContain(b);
    expect(clusters).not.toContain('cluster_backward');
    expect(nodes).not.toContain(`n${g.leaves.find((l) => l.label === 'seed 1')!.id}`);
  });

  it('collapse: true draws each composite call as one box, with edges between boxes', () => {
    const dot = g.toDot({ collapse: true, forwardOnly: true });
    const { nodes, edges } = collectDot(parse(dot));
    // two sigmoid calls: two boxes, no sigmoid-internal node left
    const boxes = nodes.filter((id) => !id.startsWith('n'));
    expect(boxes.length).toBe(2);
    expect(dot.match(/label="sigmoid\\n\[3\]", shape=box3d/g)!.length).toBe(2);
    const inner = g.nodes.filter((n) => n.phase === 'forward' && n.scope.length > 0);
    for (const n of inner) expect(nodes).not.toContain(`n${n.id}`);
    // the add reads both boxes
    const add = g.nodes.find((n) => n.op === 'add' && n.scope.length === 0)!;
    expect(
      edges
        .filter(([, to]) => to === `n${add.id}`)
        .map(([from]) => from)
        .sort(),
    ).toEqual([...boxes].sort());
    for (const [a, b] of edges) expect(a).not.toBe(b);
  });

  it('collapse by name keeps the outer composite as a cluster and boxes the inner one', () => {
    const dot = g.toDot({ collapse: ['tanh'] });
    const { clusters } = collectDot(parse(dot));
    expect(clusters.length).toBeGreaterThan(2);
    expect(dot).toContain('label="sigmoid"; style="dashed"');
    expect(dot.match(/label="tanh\\n\[3\]", shape=box3d/g)!.length).toBeGreaterThanOrEqual(2);
  });

  it('without options it is unchanged: every node and leaf drawn', () => {
    const { nodes } = collectDot(parse(g.toDot()));
    expect(nodes.length).toBe(g.nodes.length + g.leaves.length);
  });
});

describe('trace labels', () => {
  it('never come from the function source: positional inputs are x0, x1, ...', () => {
    const f = (inputs: Tensor, weights: Tensor) => inputs.mul(weights).sum();
    const g = trace(f, tensor([1]), tensor([2]));
    expect(g.leaves.filter((l) => l.kind === 'input').map((l) => l.label)).toEqual(['x0', 'x1']);
    // as after minification: the same function under another source text labels the same way
    const minified = (a: Tensor, b: Tensor) => a.mul(b).sum();
    expect(trace(minified, tensor([1]), tensor([2])).toString()).toBe(g.toString());
  });

  it('trace.named takes the labels from the keys, and rejects a non-object', () => {
    const g = trace.named({ w: tensor([2]) }, ({ w }: { w: Tensor }) => w.sum());
    expect(g.leaves.filter((l) => l.kind === 'input').map((l) => [l.label, l.argnum])).toEqual([
      ['w', 0],
    ]);
    expect(() => trace.named([tensor(1)] as never, () => tensor(1))).toThrow(/trace.named/);
  });
});
