import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import {
  type Tensor,
  activations,
  grad,
  hardShrink,
  relu,
  softShrink,
  tensor,
  threshold,
} from '../src/index.js';

const ROWS = 3;
const COLS = 4;

/** Which outputs of an activation on a [ROWS, COLS] input must be NaN, given which inputs are NaN. */
function expectedNaN(id: string, nan: boolean[][]): boolean[][] {
  if (id === 'glu')
    return nan.map((r) => r.slice(0, COLS / 2).map((a, j) => a || r[j + COLS / 2]!));
  if (id === 'softmax' || id === 'log_softmax' || id === 'sparsemax')
    return nan.map((r) => r.map(() => r.some(Boolean)));
  return nan;
}

const inputArb = fc
  .tuple(
    fc.array(fc.double({ min: -10, max: 10, noNaN: true }), {
      minLength: ROWS * COLS,
      maxLength: ROWS * COLS,
    }),
    fc.array(fc.boolean(), { minLength: ROWS * COLS, maxLength: ROWS * COLS }),
  )
  .map(([xs, mask]) => ({
    values: xs.map((x, i) => (mask[i] ? NaN : x)),
    nan: Array.from({ length: ROWS }, (_, r) => mask.slice(r * COLS, (r + 1) * COLS)),
  }));

describe('NaN in, NaN out: every activation propagates NaN as PyTorch and JAX do', () => {
  for (const id of activations.list()) {
    it(`${id}: an output is NaN exactly where it depends on a NaN input (float32 and float64)`, () => {
      const f = activations.get(id);
      fc.assert(
        fc.property(inputArb, fc.constantFrom('float32', 'float64' as const), (input, dtype) => {
          const y = f(tensor(input.values, { dtype, shape: [ROWS, COLS] })).toArray() as number[][];
          const want = expectedNaN(id, input.nan);
          expect(y.map((r) => r.map(Number.isNaN))).toEqual(want);
        }),
        { numRuns: numRuns(0.3) },
      );
    });
  }

  it('the parameterised forms keep NaN too', () => {
    const x = tensor([NaN, -2, 7], { dtype: 'float64' });
    const nan = (t: Tensor) => (t.toArray() as number[]).map(Number.isNaN);
    expect(nan(relu(x, { maxValue: 6, negativeSlope: 0.1, threshold: 1 }))).toEqual([
      true,
      false,
      false,
    ]);
    expect(nan(threshold(x, { threshold: 1, defaultValue: 2 }))).toEqual([true, false, false]);
    expect(nan(hardShrink(x, { threshold: 3 }))).toEqual([true, false, false]);
    expect(nan(softShrink(x, { threshold: 3 }))).toEqual([true, false, false]);
  });

  it('the kink conventions survive the NaN-keeping compositions', () => {
    const d1 = (id: string, x: number) =>
      (
        grad((t: Tensor) => activations.get(id)(t).sum())(tensor(x, { dtype: 'float64' })) as Tensor
      ).item();
    expect([d1('relu', 0), d1('relu6', 0), d1('relu6', 6)]).toEqual([0, 0, 0]);
    expect([d1('hard_tanh', -1), d1('hard_tanh', 1)]).toEqual([0, 0]);
    expect([d1('hard_sigmoid', -3), d1('hard_sigmoid', 3)]).toEqual([0, 0]);
    expect([d1('hard_shrink', 0.5), d1('soft_shrink', -0.5), d1('threshold', 0)]).toEqual([
      0, 0, 0,
    ]);
    expect([d1('sparse_sigmoid', -1), d1('sparse_sigmoid', 1)]).toEqual([0, 0]);
  });
});
