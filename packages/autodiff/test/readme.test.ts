import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  type Tensor,
  activations,
  checkGrads,
  grad,
  jit,
  leakyRelu,
  matmul,
  pow,
  randomNormal,
  setWasmEnabled,
  sigmoid,
  softmax,
  tanh,
  tensor,
  trace,
  truncatedNormal,
  valueAndGrad,
  wasmFeatures,
  zeros,
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
    expect(pow(tensor([-2, 3]), 3).toArray()).toEqual([-8, 27]);
    expect(String(x)).toBe('tensor([[1, 2, 3],\n        [4, 5, 6]], shape=[2, 3], dtype=float32)');
    const printed = inspect(zeros([100, 100])).split('\n');
    expect(printed[0]).toBe('tensor([[0, 0, 0, ..., 0, 0, 0],');
    expect(printed[1]).toBe('        [0, 0, 0, ..., 0, 0, 0],');
    expect(printed[3]).toBe('        ...,');
    expect(printed.at(-1)).toBe(
      '        [0, 0, 0, ..., 0, 0, 0]], shape=[100, 100], dtype=float32)',
    );
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
    expect(grads.map((g) => g.item())).toEqual([30, 10]);
    const predict = (w: Tensor, x: Tensor): [Tensor, Tensor] => {
      const y = x.mul(w);
      return [y.square().mean(), y];
    };
    const out = valueAndGrad(predict, 0, { hasAux: true })(tensor([3]), tensor([1, 2]));
    expect(out.value.item()).toBe(22.5);
    expect(out.grads.toArray()).toEqual([15]);
    expect(out.aux.toArray()).toEqual([3, 6]);
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
    const x = tensor([[1, 2]]);
    const w = tensor([
      [1, 0],
      [0, 1],
    ]);
    const g = trace.named({ x, w }, ({ x, w }) => softmax(matmul(x, w)).sum());
    expect(g.nodes.filter((n) => n.phase === 'backward').length).toBeGreaterThan(5);
    expect(g.nodes[1]).toMatchObject({
      op: 'max',
      shape: [1, 1],
      phase: 'forward',
      scope: ['softmax'],
    });
    expect(g.toDot()).toContain('label="softmax"');
    const text = g.toString().split('\n');
    expect(text.slice(0, 4)).toEqual([
      'inputs: x:f32[1,2] w:f32[2,2]',
      'forward:',
      '  a:f32[1,2] = matmul x w',
      '  b:f32[1,1] = max[axes=[1] keepDims=true] a  # softmax',
    ]);
    expect(text).toContain('  j:f32[] = sum[axes=[0,1] keepDims=false] i');
    expect(text).toContain('backward:');
    expect(text).toContain('  k:f32[1,1] = reshape[shape=[1,1]] 1  # vjp of j');
    expect(text.at(-1)).toBe('outputs: value=j d/dx=u d/dw=v');
    const forward = g.toDot({ forwardOnly: true, collapse: ['softmax'] });
    expect(forward).toContain('label="softmax\\n[1,2]", shape=box3d');
    expect(forward).not.toContain('cluster_backward');
  });

  it('check any derivative', () => {
    const report = checkGrads((x) => tanh(x).mul(x).sum(), [tensor([0.5, -1.2])], { order: 3 });
    expect(report.orders.map((o) => o.error <= o.tolerance)).toEqual([true, true, true]);
  });

  it('reproducible randomness', () => {
    expect(randomNormal([2, 2], { seed: 42 }).toArray()).toEqual(
      randomNormal([2, 2], { seed: 42 }).toArray(),
    );
    const t = truncatedNormal([1000], { stddev: 0.05, seed: 1 }).data();
    for (const v of t) expect(Math.abs(v)).toBeLessThanOrEqual(0.1);
  });

  it('fast kernels, with a fallback', () => {
    expect(wasmFeatures()).toEqual({ wasm: true, simd: true });
    const a = randomNormal([256, 256], { seed: 1 });
    const fast = matmul(a, a);
    setWasmEnabled(false);
    try {
      expect(wasmFeatures().simd).toBe(false);
      const plain = matmul(a, a);
      // float32 accumulation against one rounding of a float64 sum: close, not identical
      const d = fast.data();
      const p = plain.data();
      let worst = 0;
      for (let i = 0; i < d.length; i++) worst = Math.max(worst, Math.abs(d[i]! - p[i]!));
      expect(worst).toBeGreaterThan(0);
      expect(worst).toBeLessThan(1e-3);
    } finally {
      setWasmEnabled(true);
    }
  });
});
