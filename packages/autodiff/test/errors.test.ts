import { describe, expect, it } from 'vitest';
import {
  type Tensor,
  add,
  broadcastTo,
  cast,
  concat,
  div,
  equal,
  exp,
  full,
  grad,
  greater,
  greaterEqual,
  less,
  lessEqual,
  linspace,
  log,
  logSoftmax,
  logsumexp,
  matmul,
  max,
  maximum,
  mean,
  minimum,
  mul,
  ones,
  pad,
  randomNormal,
  reshape,
  slice,
  softmax,
  sqrt,
  sub,
  sum,
  tensor,
  transpose,
  valueAndGrad,
  vjp,
  where,
  zeros,
} from '../src/index.js';
import { f64, valuesOf, expectError } from './core-helpers.js';

describe('shape mismatches name the op and both shapes', () => {
  const a = zeros([2, 3]);
  const b = zeros([4]);
  const binaries = {
    add,
    sub,
    mul,
    div,
    maximum,
    minimum,
    greater,
    greaterEqual,
    less,
    lessEqual,
    equal,
  } as const;

  it('every binary op: [2, 3] with [4] cannot be broadcast', () => {
    for (const [name, op] of Object.entries(binaries))
      expectError(() => op(a, b), name, '[2, 3]', '[4]', 'broadcast');
    expectError(() => a.add(b), 'add', '[2, 3]', '[4]');
  });

  it('where names all three shapes', () => {
    expectError(() => where(zeros([3]), a, b), 'where', '[3]', '[2, 3]', '[4]');
  });

  it('matmul: inner dimensions that do not align name both shapes', () => {
    expectError(
      () => matmul(zeros([2, 3]), zeros([4, 5])),
      'matmul',
      '[2, 3]',
      '[4, 5]',
      'not aligned',
    );
    expectError(() => matmul(zeros([3]), zeros([4])), 'matmul', '[3]', '[4]');
    expectError(() => matmul(zeros([]), zeros([3])), 'matmul', '[]', '[3]', 'rank');
  });

  it('matmul: batch axes that do not broadcast name both full shapes', () => {
    expectError(
      () => matmul(zeros([2, 3, 4]), zeros([3, 4, 5])),
      'matmul',
      '[2, 3, 4]',
      '[3, 4, 5]',
    );
  });

  it('broadcastTo, concat, transpose, slice and pad name the op and the offending shapes or parameters', () => {
    expectError(() => broadcastTo(zeros([3]), [2, 4]), 'broadcastTo', '[3]', '[2, 4]');
    expectError(() => broadcastTo(zeros([2, 3]), [3]), 'broadcastTo', '[2, 3]', '[3]');
    expectError(
      () => concat([zeros([2, 3]), zeros([3, 3])], 1),
      'concat',
      '[2, 3]',
      '[3, 3]',
      'axis 1',
    );
    expectError(() => concat([]), 'concat', 'non-empty');
    expectError(() => transpose(zeros([2, 3]), [0, 0]), 'transpose', '[0, 0]', 'permutation');
    expectError(() => slice(zeros([2, 3]), [1, 1], [2, 1]), 'slice', '[1, 1]', '[2, 1]', '[2, 3]');
    expectError(() => pad(zeros([2]), [[-1, 0]]), 'pad', '[2]');
    expectError(() => pad(zeros([2, 2]), [[1, 1]]), 'pad', '[2, 2]');
  });

  it('slice and pad reject fractional positions instead of truncating them', () => {
    expectError(() => slice(zeros([3]), [0.5], [1]), 'slice', '[0.5]', '[3]');
    expectError(() => slice(zeros([3]), [0], [1.5]), 'slice', '[1.5]');
    expectError(() => pad(zeros([3]), [[0.5, 0]]), 'pad', '0.5', '[3]');
    expectError(() => pad(zeros([3]), [[0, NaN]]), 'pad', '[3]');
  });
});

describe('transform errors', () => {
  it('grad of a function whose output is not size 1 says so and shows the shape', () => {
    expectError(() => grad((x: Tensor) => x.mul(2))(f64([1, 2, 3])), 'grad', 'size-1', '[3]');
    expectError(() => valueAndGrad((x: Tensor) => x)(f64([1, 2])), 'valueAndGrad', 'size-1', '[2]');
  });

  it('grad of a function that does not return a tensor says what it returned', () => {
    expectError(
      () => grad(((x: Tensor) => x.item()) as unknown as (x: Tensor) => Tensor)(f64(1)),
      'grad',
      'must return a Tensor',
      'number',
    );
  });

  it('argnums out of range names the argnums and the argument count', () => {
    expectError(() => grad((x: Tensor) => x.sum(), 1)(f64(1)), 'grad', 'argnums 1', '1 argument');
    expectError(
      () => grad((x: Tensor, y: Tensor) => x.add(y).sum(), [0, 2])(f64(1), f64(2)),
      'grad',
      'argnums [0,2]',
      '2 argument',
    );
    expectError(() => grad((x: Tensor) => x.sum(), -1)(f64(1)), 'grad', 'argnums -1');
  });

  it('argnums that repeat an argument are an error, not a silent zero gradient for the first copy', () => {
    expectError(
      () => grad((x: Tensor) => x.mul(x).sum(), [0, 0])(f64(3)),
      'grad',
      'argnums [0,0]',
      'argument 0',
      'more than once',
    );
    expectError(
      () => valueAndGrad((x: Tensor, y: Tensor) => x.mul(y), [1, 0, 1])(f64(3), f64(2)),
      'valueAndGrad',
      'argnums [1,0,1]',
      'argument 1',
    );
  });

  it('differentiating with respect to something that is not a tensor names its path', () => {
    expectError(
      () => grad((p: { w: Tensor }) => p.w.sum())({ w: 'no' as unknown as Tensor }),
      'grad',
      'argument 0.w',
      'string',
    );
  });

  it('vjp of a function that does not return a tensor, and a non-function, are errors', () => {
    expectError(
      () => vjp((() => 3) as unknown as () => Tensor, f64(1)),
      'vjp',
      'must return a Tensor',
    );
    expectError(() => vjp(3 as unknown as () => Tensor), 'vjp', 'expected a function');
  });
});

describe('data and option errors', () => {
  it('ragged nested arrays say where the data is ragged', () => {
    expectError(() => tensor([[1, 2], [3]]), 'tensor', 'ragged', 'data[1]', '[2, 2]');
    expectError(() => tensor([[1, 2], 3] as unknown as number[][]), 'tensor', 'ragged', 'data[1]');
    expectError(() => tensor([1, [2, 3]] as unknown as number[][]), 'tensor', 'ragged', 'data[0]');
  });

  it('non-numeric data names the element and its type', () => {
    expectError(() => tensor(['a'] as unknown as number[]), 'tensor', 'data[0]', 'string');
    expectError(() => tensor([[1, null]] as unknown as number[][]), 'tensor', 'data[0][1]', 'null');
    expectError(() => tensor([true] as unknown as number[]), 'tensor', 'boolean');
    expectError(() => tensor('12' as unknown as number), 'tensor', 'string');
    expectError(() => tensor(null as unknown as number), 'tensor', 'null');
    expectError(
      () => tensor([new Float32Array(2)] as unknown as number[]),
      'tensor',
      'typed array',
    );
  });

  it('unknown dtypes list the valid ones, wherever a dtype is accepted', () => {
    const bad = 'int32' as unknown as 'float32';
    expectError(() => tensor([1], { dtype: bad }), 'tensor', '"int32"', 'float32, float64');
    expectError(() => zeros([2], bad), 'zeros', '"int32"', 'float32, float64');
    expectError(() => ones([2], bad), 'ones', '"int32"');
    expectError(() => full([2], 1, bad), 'full', '"int32"');
    expectError(() => cast(f64(1), bad), 'cast', '"int32"', 'float32, float64');
    expectError(() => randomNormal([2], { dtype: bad }), 'randomNormal', '"int32"');
    expectError(() => linspace(0, 1, 3, bad), 'linspace', '"int32"', 'float32, float64');
  });

  it('invalid shapes name the bad dimension', () => {
    expectError(() => zeros([2, -1]), 'zeros', '-1');
    expectError(() => zeros([1.5]), 'zeros', '1.5');
    expectError(() => tensor([1, 2, 3], { shape: [2, 2] }), 'tensor', '3 values', '[2, 2]');
    expectError(() => linspace(0, 1, 0), 'linspace', 'num');
  });

  it('out-of-range axes give the axis, the rank and the valid range', () => {
    const x = zeros([2, 3]);
    expectError(() => sum(x, 2), 'sum', 'axis 2', 'rank 2', '-2 to 1');
    expectError(() => max(x, -3), 'max', 'axis -3', 'rank 2');
    expectError(() => mean(x, [0, 5]), 'mean', 'axis 5');
    expectError(() => sum(x, [1, -1]), 'sum', 'repeated');
    expectError(() => sum(zeros([]), 0), 'sum', 'rank 0', 'none');
    expectError(() => concat([x, x], 2), 'concat', 'axis 2');
    expectError(() => softmax(x, 2), 'softmax', 'axis 2');
    expectError(() => logSoftmax(x, -3), 'logSoftmax', 'axis -3');
    expectError(() => logsumexp(x, 4), 'logsumexp', 'axis 4');
    expectError(() => sum(x, 0.5), 'sum', 'axis 0.5');
  });

  it('reshape to a different number of elements names both shapes and sizes', () => {
    expectError(
      () => reshape(zeros([2, 3]), [4]),
      'reshape',
      '[2, 3]',
      '6 elements',
      '[4]',
      '4 elements',
    );
    expectError(() => reshape(zeros([2, 3]), [4, -1]), 'reshape', '[2, 3]', '[4, -1]');
    expectError(() => zeros([2, 3]).reshape([-1, -1]), 'reshape', '-1');
  });

  it('item() on a tensor that is not size 1 names its shape', () => {
    expectError(() => zeros([2, 3]).item(), 'item', '[2, 3]', '6 elements');
    expectError(() => zeros([0]).item(), 'item', '[0]');
  });

  it('ops reject arguments that are neither tensors nor numbers', () => {
    expectError(() => add(f64(1), [1, 2] as unknown as number), 'add', 'array');
    expectError(() => exp('x' as unknown as number), 'exp', 'string');
  });
});

describe('NaN and Infinity are values that propagate as IEEE 754 says', () => {
  it('tensor() accepts NaN and infinities and gives them back', () => {
    const t = tensor([NaN, Infinity, -Infinity, -0], { dtype: 'float64' });
    const v = valuesOf(t);
    expect(v[0]).toBeNaN();
    expect(v.slice(1, 3)).toEqual([Infinity, -Infinity]);
    expect(Object.is(v[3], -0)).toBe(true);
    expect(Object.is(tensor(-0).item(), -0)).toBe(true);
  });

  it('0 * Inf = NaN inside matmul, and the rest of the row stays finite', () => {
    const y = matmul(f64([0, 1, 2, 3], [2, 2]), f64([Infinity, 1, 1, 1], [2, 2]));
    const v = valuesOf(y);
    expect(v[0]).toBeNaN();
    expect(v.slice(1)).toEqual([1, Infinity, 5]);
  });

  it('max, maximum and minimum propagate NaN wherever it is', () => {
    expect(max(f64([1, NaN, 3])).item()).toBeNaN();
    expect(max(f64([NaN, 1, 3])).item()).toBeNaN();
    expect(max(f64([1, 3, NaN])).item()).toBeNaN();
    expect(valuesOf(max(f64([1, NaN, 3, 4], [2, 2]), 1))).toEqual([NaN, 4]);
    expect(valuesOf(maximum(f64([NaN, 1]), f64([1, NaN])))).toEqual([NaN, NaN]);
    expect(valuesOf(minimum(f64([NaN, 1]), f64([1, NaN])))).toEqual([NaN, NaN]);
    expect(max(f64([-Infinity, -Infinity])).item()).toBe(-Infinity);
  });

  it('division, log, sqrt, exp and sums follow IEEE: 1/0 = Inf, 1/-0 = -Inf, log 0 = -Inf, log -1 = NaN, Inf - Inf = NaN', () => {
    expect(valuesOf(div(f64([1, -1, 0]), 0))).toEqual([Infinity, -Infinity, NaN]);
    expect(div(f64(1), -0).item()).toBe(-Infinity);
    expect(div(f64(1), f64(-0)).item()).toBe(-Infinity);
    expect(Object.is(mul(f64(1), -0).item(), -0)).toBe(true);
    expect(Object.is(full([1], -0).item(), -0)).toBe(true);
    expect(valuesOf(log(f64([0, -1])))).toEqual([-Infinity, NaN]);
    expect(sqrt(f64(-1)).item()).toBeNaN();
    expect(exp(f64(1000)).item()).toBe(Infinity);
    expect(exp(tensor(100)).item()).toBe(Infinity); // float32 overflow
    expect(sum(f64([Infinity, -Infinity])).item()).toBeNaN();
    expect(sum(f64([Infinity, 1])).item()).toBe(Infinity);
  });

  it('comparisons with NaN are false, except not-equal semantics: equal(NaN, NaN) = 0', () => {
    expect(valuesOf(greater(f64([NaN, 1]), f64([0, NaN])))).toEqual([0, 0]);
    expect(equal(f64(NaN), f64(NaN)).item()).toBe(0);
  });

  it('gradients propagate NaN and Inf rather than throwing', () => {
    expect((grad((x: Tensor) => x.mul(x).sum())(f64([NaN, 1])) as Tensor).toArray()).toEqual([
      NaN,
      2,
    ]);
    expect((grad((x: Tensor) => log(x).sum())(f64([0, 2])) as Tensor).toArray()).toEqual([
      Infinity,
      0.5,
    ]);
  });
});
