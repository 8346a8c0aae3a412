import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import {
  type DType,
  type Tensor,
  add,
  broadcastTo,
  cast,
  concat,
  div,
  grad,
  matmul,
  maximum,
  mul,
  sub,
  sum,
  tensor,
  valueAndGrad,
  where,
} from '../src/index.js';
import { broadcastingShapesArb, f64, sizeOfShape, tensorArb, valuesOf } from './core-helpers.js';

/** Row-major multi-index of flat position i in shape. */
function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    idx[k] = i % shape[k]!;
    i = Math.floor(i / shape[k]!);
  }
  return idx;
}

/** Flat position in `shape` of the element an output multi-index reads under NumPy broadcasting. */
function sourceIndex(outIdx: readonly number[], shape: readonly number[]): number {
  let pos = 0;
  const lead = outIdx.length - shape.length;
  for (let k = 0; k < shape.length; k++)
    pos = pos * shape[k]! + (shape[k] === 1 ? 0 : outIdx[lead + k]!);
  return pos;
}

describe('NumPy broadcasting', () => {
  it('hand-computed examples: column + row, scalar, leading axes', () => {
    expect(add(f64([1, 2, 3], [3, 1]), f64([10, 20])).toArray()).toEqual([
      [11, 21],
      [12, 22],
      [13, 23],
    ]);
    expect(mul(f64([1, 2, 3, 4], [2, 2]), 10).toArray()).toEqual([
      [10, 20],
      [30, 40],
    ]);
    expect(sub(f64([1, 2], [2, 1, 1]), f64([1, 2, 3], [1, 3])).toArray()).toEqual([
      [[0, -1, -2]],
      [[1, 0, -1]],
    ]);
    expect(broadcastTo(f64([1, 2]), [2, 2]).toArray()).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(where(f64([1, 0], [2, 1]), f64([1, 2, 3]), f64(0)).toArray()).toEqual([
      [1, 2, 3],
      [0, 0, 0],
    ]);
  });

  it('a op b on broadcasting shapes equals the elementwise op read through the broadcast index map', () => {
    const arb = broadcastingShapesArb(2).chain(({ shapes, out }) =>
      fc.tuple(fc.constant(out), tensorArb(shapes[0]!, -5, 5), tensorArb(shapes[1]!, 0.5, 5)),
    );
    fc.assert(
      fc.property(arb, ([out, a, b]) => {
        const ops: [(x: Tensor, y: Tensor) => Tensor, (u: number, v: number) => number][] = [
          [add, (u, v) => u + v],
          [sub, (u, v) => u - v],
          [mul, (u, v) => u * v],
          [div, (u, v) => u / v],
          [maximum, Math.max],
        ];
        const av = valuesOf(a);
        const bv = valuesOf(b);
        for (const [op, ref] of ops) {
          const y = op(a, b);
          expect(y.shape).toEqual(out);
          const want = Array.from({ length: sizeOfShape(out) }, (_, i) => {
            const idx = unravel(i, out);
            return ref(av[sourceIndex(idx, a.shape)]!, bv[sourceIndex(idx, b.shape)]!);
          });
          expect(valuesOf(y)).toEqual(want);
        }
      }),
      { numRuns: numRuns(0.5) },
    );
  });

  it('the gradient of a broadcast input has the input shape and is the sum over its broadcast axes', () => {
    const arb = broadcastingShapesArb(2).chain(({ shapes, out }) =>
      fc.tuple(
        fc.constant(out),
        tensorArb(shapes[0]!, -2, 2),
        tensorArb(shapes[1]!, -2, 2),
        tensorArb(out, -2, 2),
      ),
    );
    fc.assert(
      fc.property(arb, ([out, a, b, u]) => {
        const [ga, gb] = grad((x: Tensor, y: Tensor) => mul(x, y).mul(u).sum(), [0, 1])(
          a,
          b,
        ) as Tensor[];
        expect(ga!.shape).toEqual(a.shape);
        expect(gb!.shape).toEqual(b.shape);
        // d/da_j = sum over output elements reading a_j of b * u, accumulated by hand
        const wantA = new Array<number>(a.size).fill(0);
        const wantB = new Array<number>(b.size).fill(0);
        const av = valuesOf(a);
        const bv = valuesOf(b);
        const uv = valuesOf(u);
        for (let i = 0; i < sizeOfShape(out); i++) {
          const idx = unravel(i, out);
          const ia = sourceIndex(idx, a.shape);
          const ib = sourceIndex(idx, b.shape);
          wantA[ia]! += bv[ib]! * uv[i]!;
          wantB[ib]! += av[ia]! * uv[i]!;
        }
        valuesOf(ga!).forEach((v, j) => expect(Math.abs(v - wantA[j]!)).toBeLessThanOrEqual(1e-12));
        valuesOf(gb!).forEach((v, j) => expect(Math.abs(v - wantB[j]!)).toBeLessThanOrEqual(1e-12));
      }),
      { numRuns: numRuns(0.5) },
    );
  });

  it('broadcastTo and sum over the broadcast axes are adjoint: the gradient of sum(broadcastTo(x, s) * u) sums u back', () => {
    const g = grad((x: Tensor) =>
      broadcastTo(x, [2, 3])
        .mul(f64([1, 2, 3, 4, 5, 6], [2, 3]))
        .sum(),
    )(f64([1, 1, 1], [1, 3])) as Tensor;
    expect(g.toArray()).toEqual([[5, 7, 9]]);
  });
});

describe('dtypes', () => {
  const x32 = tensor([1.5, -2, 0.1]);
  const x64 = tensor([1.5, -2, 0.1], { dtype: 'float64' });

  it('float32 is the default and rounds: tensor([0.1]) holds fround(0.1)', () => {
    expect(x32.dtype).toBe('float32');
    expect(x32.data()).toBeInstanceOf(Float32Array);
    expect(valuesOf(x32)[2]).toBe(Math.fround(0.1));
    expect(valuesOf(x64)[2]).toBe(0.1);
    expect(valuesOf(add(x32, x32))[2]).toBe(Math.fround(Math.fround(0.1) * 2));
  });

  it('float32 op float64 promotes to float64 for every binary op, where, matmul and concat, in either order', () => {
    const binaries = [add, sub, mul, div, maximum];
    for (const op of binaries) {
      expect(op(x32, x64).dtype).toBe('float64');
      expect(op(x64, x32).dtype).toBe('float64');
      expect(op(x32, x32).dtype).toBe('float32');
    }
    expect(where(tensor([1, 0, 1]), x32, x64).dtype).toBe('float64');
    expect(where(tensor([1, 0, 1], { dtype: 'float64' }), x32, x32).dtype).toBe('float32');
    expect(matmul(x32.reshape([1, 3]), x64.reshape([3, 1])).dtype).toBe('float64');
    expect(concat([x32, x64]).dtype).toBe('float64');
    // the float32 operand is read exactly: 0.1f + 0.1 in float64
    expect(valuesOf(add(x32, x64))[2]).toBe(Math.fround(0.1) + 0.1);
  });

  it('numbers are weak: a float32 tensor times 2 stays float32, a float64 tensor plus 1 stays float64', () => {
    expect(x32.mul(2).dtype).toBe('float32');
    expect(mul(2, x32).dtype).toBe('float32');
    expect(add(x64, 1).dtype).toBe('float64');
    expect(where(x32.greater(0), x32, 0).dtype).toBe('float32');
    expect(add(1, 2).dtype).toBe('float32');
    // the number is rounded to the tensor's dtype, as a weak type should be
    expect(valuesOf(tensor([0], { dtype: 'float32' }).add(0.1))[0]).toBe(Math.fround(0.1));
  });

  it('gradients have the dtype of their input: float32 stays float32 even through float64 computations', () => {
    const g32 = grad((x: Tensor) => x.mul(x).sum())(x32) as Tensor;
    expect(g32.dtype).toBe('float32');
    expect(g32.data()).toBeInstanceOf(Float32Array);
    const [ga, gb] = grad((a: Tensor, b: Tensor) => mul(a, b).sum(), [0, 1])(x32, x64) as Tensor[];
    expect(ga!.dtype).toBe('float32');
    expect(gb!.dtype).toBe('float64');
    expect(valuesOf(ga!)).toEqual(valuesOf(cast(x64, 'float32')));
    const { value, grads } = valueAndGrad((x: Tensor) => cast(x, 'float64').mul(x64).sum())(x32);
    expect(value.dtype).toBe('float64');
    expect((grads as Tensor).dtype).toBe('float32');
  });

  it('second derivatives of float32 functions are float32 too', () => {
    const g2 = grad((x: Tensor) => (grad((y: Tensor) => y.mul(y).mul(y).sum())(x) as Tensor).sum())(
      x32,
    ) as Tensor;
    expect(g2.dtype).toBe('float32');
    expect(valuesOf(g2)).toEqual(valuesOf(x32).map((v) => Math.fround(6 * v)));
  });

  it('cast converts both ways, rounding to nearest on the way down, and is the identity on the same dtype', () => {
    const y = cast(x64, 'float32');
    expect(y.dtype).toBe('float32');
    expect(valuesOf(y)).toEqual(valuesOf(x64).map(Math.fround));
    expect(cast(y, 'float64').dtype).toBe('float64');
    expect(cast(x32, 'float32')).toBe(x32);
    for (const dt of ['float32', 'float64'] as DType[])
      expect(sum(tensor([1, 2], { dtype: dt })).dtype).toBe(dt);
  });
});
