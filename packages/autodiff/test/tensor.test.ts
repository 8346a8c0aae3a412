import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import { Tensor, full, isTensor, linspace, ones, tensor, zeros } from '../src/index.js';
import { shapeArb, sizeOfShape } from './core-helpers.js';

/** Builds nested arrays of a shape from flat values, row-major: the oracle for toArray. */
function nest(flat: readonly number[], shape: readonly number[]): unknown {
  if (shape.length === 0) return flat[0];
  const inner = sizeOfShape(shape.slice(1));
  return Array.from({ length: shape[0]! }, (_, i) =>
    nest(flat.slice(i * inner, (i + 1) * inner), shape.slice(1)),
  );
}

describe('tensor()', () => {
  it('from a number: rank 0, size 1, float32 by default, float64 on request', () => {
    const t = tensor(2.5);
    expect(t).toBeInstanceOf(Tensor);
    expect(isTensor(t)).toBe(true);
    expect(isTensor(2.5)).toBe(false);
    expect(t.shape).toEqual([]);
    expect(t.rank).toBe(0);
    expect(t.size).toBe(1);
    expect(t.dtype).toBe('float32');
    expect(t.item()).toBe(2.5);
    expect(t.toArray()).toBe(2.5);
    expect(tensor(0.1, { dtype: 'float64' }).item()).toBe(0.1);
    expect(tensor(0.1).item()).toBe(Math.fround(0.1));
  });

  it('from nested arrays: the shape is inferred and toArray gives the same nesting back, for random shapes', () => {
    const arb = shapeArb(0, 4).chain((s) =>
      fc.tuple(
        fc.constant(s),
        fc.array(fc.double({ noNaN: true }), {
          minLength: sizeOfShape(s),
          maxLength: sizeOfShape(s),
        }),
      ),
    );
    fc.assert(
      fc.property(arb, ([shape, flat]) => {
        const data = nest(flat, shape) as number[];
        const t = tensor(data, { dtype: 'float64' });
        expect(t.shape).toEqual(shape);
        expect(t.size).toBe(flat.length);
        expect(t.toArray()).toEqual(data);
        expect(Array.from(t.data())).toEqual(flat);
      }),
      { numRuns: numRuns(0.5) },
    );
  });

  it('from nested arrays with empty axes', () => {
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([[], []]).shape).toEqual([2, 0]);
    expect(tensor([[], []]).toArray()).toEqual([[], []]);
    expect(tensor([]).size).toBe(0);
  });

  it('from typed arrays: Float64Array gives float64, others float32; the data is copied', () => {
    const src = new Float64Array([1, 2, 3]);
    const t = tensor(src);
    expect(t.dtype).toBe('float64');
    expect(t.shape).toEqual([3]);
    src[0] = 99;
    expect(t.toArray()).toEqual([1, 2, 3]);
    expect(tensor(new Float32Array([1, 2])).dtype).toBe('float32');
    expect(tensor(new Int32Array([1, -2])).toArray()).toEqual([1, -2]);
    expect(tensor(new Int32Array([1, -2])).dtype).toBe('float32');
    expect(tensor(new Float32Array([0.5]), { dtype: 'float64' }).dtype).toBe('float64');
  });

  it('the shape option lays flat data out row-major', () => {
    const t = tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3] });
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(tensor(new Float64Array([1, 2, 3, 4]), { shape: [2, 1, 2] }).toArray()).toEqual([
      [[1, 2]],
      [[3, 4]],
    ]);
    expect(tensor(7, { shape: [1, 1] }).toArray()).toEqual([[7]]);
    expect(
      tensor(
        [
          [1, 2],
          [3, 4],
        ],
        { shape: [4] },
      ).toArray(),
    ).toEqual([1, 2, 3, 4]);
  });

  it('from a tensor: a copy, optionally converted', () => {
    const a = tensor([1.5, 2.5], { dtype: 'float64' });
    const b = tensor(a, { dtype: 'float32' });
    expect(b.dtype).toBe('float32');
    expect(b.toArray()).toEqual([1.5, 2.5]);
    expect(tensor(a, { shape: [2, 1] }).toArray()).toEqual([[1.5], [2.5]]);
  });
});

describe('reading values', () => {
  it('data() is a copy of the right typed array; changing it does not change the tensor', () => {
    const t = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: 'float64' },
    );
    const d = t.data();
    expect(d).toBeInstanceOf(Float64Array);
    d[0] = 100;
    expect(t.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(tensor([1]).data()).toBeInstanceOf(Float32Array);
  });

  it('item() reads any size-1 tensor, whatever its rank', () => {
    expect(tensor([[3]]).item()).toBe(3);
    expect(tensor([4]).item()).toBe(4);
  });

  it('toString is NumPy-like: values with shape and dtype, NaN and infinities included', () => {
    expect(tensor([1, 2]).toString()).toBe('tensor([1, 2], shape=[2], dtype=float32)');
    expect(tensor([[0.5], [-3]], { dtype: 'float64' }).toString()).toBe(
      'tensor([[0.5],\n        [ -3]], shape=[2, 1], dtype=float64)',
    );
    expect(tensor(7).toString()).toBe('tensor(7, shape=[], dtype=float32)');
    expect(String(zeros([0, 3]))).toBe('tensor([], shape=[0, 3], dtype=float32)');
    // NaN and infinities are values and print as such, not as JSON's null; -0 keeps its sign
    expect(tensor([NaN, Infinity, -Infinity, -0]).toString()).toBe(
      'tensor([      NaN,  Infinity, -Infinity,        -0], shape=[4], dtype=float32)',
    );
    // 8 significant digits, as NumPy's default precision
    expect(String(tensor([1 / 3], { dtype: 'float64' }))).toBe(
      'tensor([0.33333333], shape=[1], dtype=float64)',
    );
  });

  it('chainable methods compute the same as the functions: x.mul(y).sum()', () => {
    const x = tensor([1, 2, 3]);
    expect(
      x
        .mul(tensor([4, 5, 6]))
        .sum()
        .item(),
    ).toBe(32);
    expect(x.reshape([3, 1]).transpose().shape).toEqual([1, 3]);
    expect(x.square().toArray()).toEqual([1, 4, 9]);
    expect(x.mean().item()).toBe(2);
    expect(x.max().item()).toBe(3);
    expect(x.neg().abs().toArray()).toEqual([1, 2, 3]);
  });
});

describe('constructors', () => {
  it('zeros, ones and full fill every element, with the dtype asked for', () => {
    expect(zeros([2, 2]).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(zeros([2]).dtype).toBe('float32');
    expect(ones([3], 'float64').toArray()).toEqual([1, 1, 1]);
    expect(ones([3], 'float64').dtype).toBe('float64');
    expect(full([2, 1], 7).toArray()).toEqual([[7], [7]]);
    expect(full([], 0.1, 'float64').item()).toBe(0.1);
    expect(Number.isNaN(full([1], NaN).item())).toBe(true);
    expect(zeros([0, 3]).size).toBe(0);
    expect(zeros([]).shape).toEqual([]);
  });

  it('linspace gives num evenly spaced values with both ends exact, float64 by default', () => {
    const t = linspace(-1, 1, 5);
    expect(t.dtype).toBe('float64');
    expect(t.toArray()).toEqual([-1, -0.5, 0, 0.5, 1]);
    // start + i * step as NumPy computes it, with the last value exactly stop
    const step = 0.3 / 3;
    expect(linspace(0, 0.3, 4).toArray()).toEqual([0, step, 2 * step, 0.3]);
    expect(linspace(2, 5, 1).toArray()).toEqual([2]);
    expect(linspace(0, 1, 3, 'float32').dtype).toBe('float32');
    const n = linspace(0.1, 0.7, 7).toArray() as number[];
    expect(n[6]).toBe(0.7);
  });
});
