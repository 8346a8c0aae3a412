import { describe, expect, it } from 'vitest';
import {
  type Tensor,
  activations,
  checkGrads,
  grad,
  jit,
  leakyRelu,
  matmul,
  randomNormal,
  sigmoid,
  softmax,
  tanh,
  tensor,
  trace,
  truncatedNormal,
  valueAndGrad,
} from '../src/index.js';

// The README's tour, line by line: if a snippet there stops being true, this fails.
describe('README tour', () => {
  it('tensors and ops', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = tensor([10, 20, 30]);
    expect(x.add(b).toArray()).toEqual([
      [11, 22, 33],
      [14, 25, 36],
    ]);
    expect(matmul(x, x.transpose()).shape).toEqual([2, 2]);
    expect(softmax(tensor([1000, 1000, -1000])).toArray()).toEqual([0.5, 0.5, 0]);
    expect(tensor([1, 2], { dtype: 'float64' }).mul(tensor([1, 2])).dtype).toBe('float64');
  });

  it('compile with jit', () => {
    const gelu = activations.get('gelu');
    const step = jit(valueAndGrad((x: Tensor) => gelu(x).sum()));
    const x = tensor([-1, 0, 1]);
    const { value, grads } = step(x);
    const eager = valueAndGrad((t: Tensor) => gelu(t).sum())(x);
    expect(value.item()).toBeCloseTo(eager.value.item(), 6);
    (grads.toArray() as number[]).forEach((g, i) =>
      expect(g).toBeCloseTo((eager.grads.toArray() as number[])[i]!, 6),
    );
    step(tensor([3, 2, 1]));
    expect(step.cacheSize).toBe(1);
    const tape = jit(
      valueAndGrad((t: Tensor) => gelu(t).sum()),
      { backend: 'tape' },
    )(x).grads;
    expect(Array.from(tape.data())).toEqual(Array.from(eager.grads.data()));
  });

  it('derivatives of any order', () => {
    const f = (x: Tensor) => x.mul(x).mul(x).mul(x).sum();
    expect(grad(f)(tensor([2])).toArray()).toEqual([32]);
    expect(grad((x: Tensor) => grad(f)(x).sum())(tensor([2])).toArray()).toEqual([48]);
    const loss = (w: Tensor, b: Tensor) => w.mul(3).add(b).square().mean();
    const { value, grads } = valueAndGrad(loss, [0, 1])(tensor([1]), tensor([2]));
    expect(value.item()).toBe(25);
    expect(grads.map((g: Tensor) => g.item())).toEqual([30, 10]);
  });

  it('activations, derived from primitives', () => {
    expect(activations.list().slice(0, 4)).toEqual(['relu', 'leaky_relu', 'relu6', 'elu']);
    const relu = activations.get('relu');
    expect(leakyRelu(tensor([-1, 2]), { negativeSlope: 0.1 }).toArray()).toEqual([
      Math.fround(-0.1),
      2,
    ]);
    const dsigmoid = grad((x: Tensor) => sigmoid(x).sum());
    const d = dsigmoid(tensor([0, 40], { dtype: 'float64' })).toArray() as number[];
    expect(d[0]).toBe(0.25);
    expect(d[1]).toBeCloseTo(4.248354255291589e-18, 30);
    expect(Math.abs(d[1]! / 4.248354255291589e-18 - 1)).toBeLessThan(1e-14);
    expect(grad((x: Tensor) => relu(x).sum())(tensor([0])).toArray()).toEqual([0]);
  });

  it('see the graph', () => {
    const g = trace(
      (x: Tensor, w: Tensor) => softmax(matmul(x, w)).sum(),
      tensor([[1, 2]]),
      tensor([
        [1, 0],
        [0, 1],
      ]),
    );
    expect(g.nodes.filter((n) => n.phase === 'backward').length).toBeGreaterThan(5);
    expect(g.nodes[1]).toMatchObject({
      op: 'max',
      shape: [1, 1],
      phase: 'forward',
      scope: ['softmax'],
    });
    expect(g.toDot()).toContain('label="softmax"');
  });

  it('check any derivative', () => {
    expect(() =>
      checkGrads((x) => tanh(x).mul(x).sum(), [tensor([0.5, -1.2])], { order: 3 }),
    ).not.toThrow();
  });

  it('reproducible randomness', () => {
    expect(randomNormal([2, 2], { seed: 42 }).toArray()).toEqual(
      randomNormal([2, 2], { seed: 42 }).toArray(),
    );
    const t = truncatedNormal([1000], { stddev: 0.05, seed: 1 }).data();
    for (const v of t) expect(Math.abs(v)).toBeLessThanOrEqual(0.1);
  });
});
