import { type Tensor, grad, tensor } from '@gradflow/autodiff';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BinaryCrossentropy,
  CategoricalCrossentropy,
  Loss,
  LossFunctionWrapper,
  MeanAbsoluteError,
  MeanSquaredError,
  SparseCategoricalCrossentropy,
  losses,
} from '../src/index.js';
import { values } from './helpers.js';

const f64 = (data: number[][]) => tensor(data, { dtype: 'float64' });
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** A batch of rows: n samples with k values each from `v`. */
function batch(v: fc.Arbitrary<number>, kMin = 1): fc.Arbitrary<number[][]> {
  return fc
    .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: kMin, max: 5 }))
    .chain(([n, k]) =>
      fc.array(fc.array(v, { minLength: k, maxLength: k }), { minLength: n, maxLength: n }),
    );
}

/** Predictions and labels of the same shape. */
function pairs(
  p: fc.Arbitrary<number>,
  y: fc.Arbitrary<number>,
  kMin = 1,
): fc.Arbitrary<[number[][], number[][]]> {
  return batch(fc.constant(0), kMin).chain((shape) =>
    fc.tuple(
      fc.array(fc.array(p, { minLength: shape[0]!.length, maxLength: shape[0]!.length }), {
        minLength: shape.length,
        maxLength: shape.length,
      }),
      fc.array(fc.array(y, { minLength: shape[0]!.length, maxLength: shape[0]!.length }), {
        minLength: shape.length,
        maxLength: shape.length,
      }),
    ),
  );
}

function close(actual: number[], expected: number[], tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    if (Math.abs(a - e) > tol * Math.max(1, Math.abs(e)))
      throw new Error(`index ${i}: ${a} vs ${e} (all: ${actual} vs ${expected})`);
  });
}

const finite = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

describe('mean_squared_error', () => {
  it('is mean((p - y)²) over the last axis, and its gradient is 2 (p - y) / size', () => {
    fc.assert(
      fc.property(pairs(finite(-10, 10), finite(-10, 10)), ([p, y]) => {
        const P = f64(p);
        const perSample = values(losses.meanSquaredError(f64(y), P));
        close(
          perSample,
          p.map((row, i) => row.reduce((s, v, j) => s + (v - y[i]![j]!) ** 2, 0) / row.length),
        );
        const loss = new MeanSquaredError();
        const g = grad((q: Tensor) => loss.call(f64(y), q))(P) as Tensor;
        close(
          values(g),
          p.flatMap((row, i) => row.map((v, j) => (2 * (v - y[i]![j]!)) / (p.length * row.length))),
        );
      }),
      { numRuns: numRuns(0.5) },
    );
  });

  it('is available as ids, aliases and class names', () => {
    for (const id of ['mean_squared_error', 'meanSquaredError', 'mse', 'MSE', 'MeanSquaredError'])
      expect(losses.get(id)).toBeInstanceOf(MeanSquaredError);
    expect(losses.mean_squared_error).toBe(losses.meanSquaredError);
  });
});

describe('mean_absolute_error', () => {
  it('is mean(|p - y|) over the last axis with gradient sign(p - y) / size', () => {
    const loss = new MeanAbsoluteError();
    const P = f64([
      [1, -2],
      [0.5, 3],
    ]);
    const Y = f64([
      [0, 0],
      [1, 3],
    ]);
    expect(values(losses.meanAbsoluteError(Y, P))).toEqual([1.5, 0.25]);
    expect(values(grad((q: Tensor) => loss.call(Y, q))(P) as Tensor)).toEqual([
      0.25, -0.25, -0.25, 0,
    ]);
    expect(losses.get('mae')).toBeInstanceOf(MeanAbsoluteError);
  });
});

describe('binary_crossentropy', () => {
  it('on logits equals -z log σ(x) - (1-z) log(1-σ(x)), with gradient (σ(x) - z) / size', () => {
    fc.assert(
      fc.property(pairs(finite(-15, 15), fc.double({ min: 0, max: 1, noNaN: true })), ([x, z]) => {
        const X = f64(x);
        const loss = new BinaryCrossentropy({ fromLogits: true });
        const expected = x.map(
          (row, i) =>
            row.reduce((s, v, j) => {
              const t = z[i]![j]!;
              return s - t * Math.log(sigmoid(v)) - (1 - t) * Math.log(1 - sigmoid(v));
            }, 0) / row.length,
        );
        close(values(losses.binaryCrossentropy(f64(z), X, { fromLogits: true })), expected, 1e-9);
        const g = grad((q: Tensor) => loss.call(f64(z), q))(X) as Tensor;
        close(
          values(g),
          x.flatMap((row, i) =>
            row.map((v, j) => (sigmoid(v) - z[i]![j]!) / (x.length * row.length)),
          ),
          1e-12,
        );
      }),
      { numRuns: numRuns(0.5) },
    );
  });

  it('on logits stays exact and finite for huge logits (no log of a rounded sigmoid)', () => {
    const X = f64([[1000, -1000, 40, -40]]);
    const Z = f64([[0, 1, 0, 1]]);
    // max(x, 0) - x z + log1p(exp(-|x|)): the textbook stable form, as an independent oracle.
    const expected = [1000, 1000, 40 + Math.log1p(Math.exp(-40)), 40 + Math.log1p(Math.exp(-40))];
    close(values(losses.binaryCrossentropy(Z, X, { fromLogits: true, ...{} })), [
      expected.reduce((a, b) => a + b) / 4,
    ]);
    const g = values(
      grad((q: Tensor) => new BinaryCrossentropy({ fromLogits: true }).call(Z, q))(X) as Tensor,
    );
    close(g, [0.25, -0.25, sigmoid(40) / 4, -sigmoid(40) / 4]);
    // float32 too
    const g32 = values(
      grad((q: Tensor) => new BinaryCrossentropy({ fromLogits: true }).call(tensor([[0, 1]]), q))(
        tensor([[200, -200]]),
      ) as Tensor,
    );
    expect(g32).toEqual([0.5, -0.5]);
  });

  it('on logits has the exact gradient σ(0) - z = 0.5 - z at the seam x = 0', () => {
    const g = values(
      grad((q: Tensor) => new BinaryCrossentropy({ fromLogits: true }).call(f64([[0, 1]]), q))(
        f64([[0, 0]]),
      ) as Tensor,
    );
    expect(g).toEqual([0.25, -0.25]);
  });

  it('on probabilities equals -(z log p + (1-z) log(1-p)) with gradient (p - z) / (p (1 - p)) / size', () => {
    fc.assert(
      fc.property(
        pairs(finite(1e-3, 1 - 1e-3), fc.double({ min: 0, max: 1, noNaN: true })),
        ([p, z]) => {
          const P = f64(p);
          const expected = p.map(
            (row, i) =>
              row.reduce(
                (s, v, j) => s - z[i]![j]! * Math.log(v) - (1 - z[i]![j]!) * Math.log(1 - v),
                0,
              ) / row.length,
          );
          close(values(losses.binaryCrossentropy(f64(z), P)), expected, 1e-12);
          const g = grad((q: Tensor) => new BinaryCrossentropy().call(f64(z), q))(P) as Tensor;
          close(
            values(g),
            p.flatMap((row, i) =>
              row.map((v, j) => (v - z[i]![j]!) / (v * (1 - v)) / (p.length * row.length)),
            ),
            1e-9,
          );
        },
      ),
      { numRuns: numRuns(0.5) },
    );
  });

  it('clips probabilities to [1e-7, 1 - 1e-7] as Keras does, with no gradient beyond the clip', () => {
    const v = values(losses.binaryCrossentropy(f64([[1, 0]]), f64([[0, 1]])));
    close(v, [-Math.log(1e-7)], 1e-9);
    const g = values(
      grad((q: Tensor) => new BinaryCrossentropy().call(f64([[1, 0]]), q))(
        f64([[-0.5, 1.5]]),
      ) as Tensor,
    );
    expect(g).toEqual([0, 0]);
  });

  it('smooths labels toward 0.5: z (1 - s) + s / 2', () => {
    const X = f64([[2, -1]]);
    const smoothed = values(
      losses.binaryCrossentropy(f64([[1, 0]]), X, { fromLogits: true, labelSmoothing: 0.2 }),
    );
    const manual = values(losses.binaryCrossentropy(f64([[0.9, 0.1]]), X, { fromLogits: true }));
    close(smoothed, manual);
  });

  it('accepts [n] labels for [n, 1] predictions (Keras squeeze_or_expand_to_same_rank)', () => {
    const a = new BinaryCrossentropy().call([1, 0, 1], f64([[0.9], [0.2], [0.6]])).item();
    const b = new BinaryCrossentropy().call([[1], [0], [1]], f64([[0.9], [0.2], [0.6]])).item();
    expect(a).toBe(b);
    close([a], [-(Math.log(0.9) + Math.log(0.8) + Math.log(0.6)) / 3]);
  });
});

describe('categorical_crossentropy', () => {
  it('on logits equals logsumexp(x) - Σ y x for one-hot y, with gradient (softmax(x) - y) / batch', () => {
    fc.assert(
      fc.property(
        batch(finite(-20, 20), 2).chain((x) =>
          fc.tuple(
            fc.constant(x),
            fc.array(fc.nat({ max: x[0]!.length - 1 }), {
              minLength: x.length,
              maxLength: x.length,
            }),
          ),
        ),
        ([x, labels]) => {
          const y = x.map((row, i) => row.map((_, j) => (j === labels[i] ? 1 : 0)));
          const X = f64(x);
          const lse = (row: number[]) => {
            const m = Math.max(...row);
            return m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
          };
          close(
            values(losses.categoricalCrossentropy(f64(y), X, { fromLogits: true })),
            x.map((row, i) => lse(row) - row[labels[i]!]!),
            1e-12,
          );
          const g = grad((q: Tensor) =>
            new CategoricalCrossentropy({ fromLogits: true }).call(f64(y), q),
          )(X) as Tensor;
          close(
            values(g),
            x.flatMap((row, i) =>
              row.map((v, j) => (Math.exp(v - lse(row)) - y[i]![j]!) / x.length),
            ),
            1e-12,
          );
          // sparse labels give the same values and gradients
          close(
            values(losses.sparseCategoricalCrossentropy(labels, X, { fromLogits: true })),
            values(losses.categoricalCrossentropy(f64(y), X, { fromLogits: true })),
            1e-15,
          );
          const gs = grad((q: Tensor) =>
            new SparseCategoricalCrossentropy({ fromLogits: true }).call(labels, q),
          )(X) as Tensor;
          close(values(gs), values(g), 1e-15);
        },
      ),
      { numRuns: numRuns(0.5) },
    );
  });

  it('on logits stays finite for logits 1000 apart (log-sum-exp, not log of softmax)', () => {
    const X = f64([[1000, 0, -1000]]);
    expect(
      values(losses.categoricalCrossentropy(f64([[0, 0, 1]]), X, { fromLogits: true })),
    ).toEqual([2000]);
    expect(values(losses.sparseCategoricalCrossentropy([2], X, { fromLogits: true }))).toEqual([
      2000,
    ]);
    const g = values(
      grad((q: Tensor) =>
        new CategoricalCrossentropy({ fromLogits: true }).call(f64([[0, 0, 1]]), q),
      )(X) as Tensor,
    );
    expect(g).toEqual([1, 0, -1]);
    const g32 = values(
      grad((q: Tensor) => new SparseCategoricalCrossentropy({ fromLogits: true }).call([0], q))(
        tensor([[-500, 500]]),
      ) as Tensor,
    );
    expect(g32).toEqual([-1, 1]);
  });

  it('on probabilities normalises them, clips to [1e-7, 1 - 1e-7] and takes -Σ y log p', () => {
    fc.assert(
      fc.property(
        pairs(finite(0.01, 1), fc.double({ min: 0, max: 1, noNaN: true }), 2),
        ([p, y]) => {
          const P = f64(p);
          const sums = p.map((row) => row.reduce((a, b) => a + b, 0));
          const expected = p.map(
            (row, i) =>
              -row.reduce(
                (s, v, j) =>
                  s + y[i]![j]! * Math.log(Math.min(Math.max(v / sums[i]!, 1e-7), 1 - 1e-7)),
                0,
              ),
          );
          close(values(losses.categoricalCrossentropy(f64(y), P)), expected, 1e-12);
          // d/dp_j of -Σ_k y_k log(p_k / S) = -y_j / p_j + Σ_k y_k / S (inside the clip range)
          fc.pre(
            p.every((row, i) => row.every((v) => v / sums[i]! > 1e-7 && v / sums[i]! < 1 - 1e-7)),
          );
          const g = grad((q: Tensor) => new CategoricalCrossentropy().call(f64(y), q))(P) as Tensor;
          const ysum = y.map((row) => row.reduce((a, b) => a + b, 0));
          close(
            values(g),
            p.flatMap((row, i) =>
              row.map((v, j) => (-y[i]![j]! / v + ysum[i]! / sums[i]!) / p.length),
            ),
            1e-9,
          );
        },
      ),
      { numRuns: numRuns(0.5) },
    );
  });

  it('smooths labels toward uniform: y (1 - s) + s / k', () => {
    const X = f64([[2, -1, 0.5, 0]]);
    const a = values(
      losses.categoricalCrossentropy(f64([[0, 1, 0, 0]]), X, {
        fromLogits: true,
        labelSmoothing: 0.4,
      }),
    );
    const b = values(
      losses.categoricalCrossentropy(f64([[0.1, 0.7, 0.1, 0.1]]), X, { fromLogits: true }),
    );
    close(a, b);
  });
});

describe('sparse_categorical_crossentropy', () => {
  it('takes labels of shape [n] or [n, 1] and the probability of the true class', () => {
    const P = f64([
      [0.2, 0.8],
      [0.6, 0.4],
    ]);
    close(values(losses.sparseCategoricalCrossentropy([1, 0], P)), [
      -Math.log(0.8),
      -Math.log(0.6),
    ]);
    close(values(losses.sparseCategoricalCrossentropy([[1], [0]], P)), [
      -Math.log(0.8),
      -Math.log(0.6),
    ]);
    expect(new SparseCategoricalCrossentropy().call([1, 0], P).item()).toBeCloseTo(
      (-Math.log(0.8) - Math.log(0.6)) / 2,
      14,
    );
  });
});

describe('Loss objects', () => {
  it('reduce per-sample losses: sum_over_batch_size (default), sum, mean and none', () => {
    const P = f64([[1], [3]]);
    const Y = f64([[0], [0]]);
    expect(new MeanSquaredError().call(Y, P).item()).toBe(5);
    expect(new MeanSquaredError({ reduction: 'sum' }).call(Y, P).item()).toBe(10);
    expect(new MeanSquaredError({ reduction: 'mean' }).call(Y, P).item()).toBe(5);
    expect(values(new MeanSquaredError({ reduction: 'none' }).call(Y, P))).toEqual([1, 9]);
  });

  it('have Keras configs, serialize and rebuild through losses.get', () => {
    const bce = new BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
    expect(bce.getConfig()).toEqual({
      name: 'binary_crossentropy',
      reduction: 'sum_over_batch_size',
      from_logits: true,
      label_smoothing: 0.1,
    });
    const again = losses.get(losses.serialize(bce)) as BinaryCrossentropy;
    expect(again).toBeInstanceOf(BinaryCrossentropy);
    expect(again.getConfig()).toEqual(bce.getConfig());
    expect(losses.get('sparse_categorical_crossentropy')).toBeInstanceOf(
      SparseCategoricalCrossentropy,
    );
    expect(losses.get('categoricalCrossentropy')).toBeInstanceOf(CategoricalCrossentropy);
    expect(losses.get('BCE')).toBeInstanceOf(BinaryCrossentropy);
    expect(losses.list()).toEqual([
      'mean_squared_error',
      'mean_absolute_error',
      'binary_crossentropy',
      'categorical_crossentropy',
      'sparse_categorical_crossentropy',
    ]);
  });

  it('wrap user functions', () => {
    const huber = (y: unknown, p: Tensor) =>
      p
        .sub(y as Tensor)
        .abs()
        .mean(-1);
    const loss = losses.get(huber as never);
    expect(loss).toBeInstanceOf(LossFunctionWrapper);
    expect(loss).toBeInstanceOf(Loss);
    expect(loss.name).toBe('huber');
    expect(loss.call(f64([[0, 0]]), f64([[1, 3]])).item()).toBe(2);
  });
});

describe('loss errors name the loss, the shapes and the fix', () => {
  it('rejects labels whose shape does not match the predictions', () => {
    expect(() => losses.meanSquaredError(f64([[1, 2]]), f64([[1], [2]]))).toThrow(
      /mean_squared_error: labels \(yTrue\) of shape \[1, 2\] do not match predictions \(yPred\) of shape \[2, 1\]/,
    );
    expect(() => new BinaryCrossentropy().call([[1, 0]], f64([[0.5]]))).toThrow(
      /binary_crossentropy: labels \(yTrue\) of shape \[1, 2\] do not match predictions \(yPred\) of shape \[1, 1\]/,
    );
    expect(() =>
      losses.categoricalCrossentropy(
        [1, 0],
        f64([
          [0.5, 0.5],
          [0.5, 0.5],
        ]),
      ),
    ).toThrow(
      /categorical_crossentropy: labels \(yTrue\) of shape \[2\] do not match .*these look like integer class indices: use sparse_categorical_crossentropy/,
    );
    expect(() =>
      losses.sparseCategoricalCrossentropy(
        [
          [0, 1],
          [1, 0],
        ],
        f64([
          [0.5, 0.5],
          [0.5, 0.5],
        ]),
      ),
    ).toThrow(
      /sparse_categorical_crossentropy: labels \(yTrue\) of shape \[2, 2\] .*these look like one-hot labels: use categorical_crossentropy/,
    );
  });

  it('rejects label values of the wrong kind', () => {
    expect(() =>
      losses.sparseCategoricalCrossentropy(
        [0, 3],
        f64([
          [0.5, 0.5],
          [0.5, 0.5],
        ]),
      ),
    ).toThrow(
      /labels must be integer class indices in \[0, 2\) for predictions with 2 classes; got 3 at flat index 1/,
    );
    expect(() => losses.sparseCategoricalCrossentropy([0.5], f64([[0.5, 0.5]]))).toThrow(
      /got 0.5 at flat index 0 \(for one-hot or probability labels use categorical_crossentropy\)/,
    );
    expect(() => losses.binaryCrossentropy([[2]], f64([[0.5]]))).toThrow(
      /binary_crossentropy: labels must be probabilities in \[0, 1\]; got 2 at flat index 0/,
    );
    expect(() => losses.categoricalCrossentropy([[-1, 2]], f64([[0.5, 0.5]]))).toThrow(
      /categorical_crossentropy: labels must be probabilities in \[0, 1\]; got -1 .*use sparse_categorical_crossentropy/,
    );
    expect(() => losses.meanSquaredError([['a']] as never, f64([[0.5]]))).toThrow(
      /mean_squared_error: yTrue \(labels\) is not valid tensor data/,
    );
  });

  it('rejects unknown options and ids', () => {
    expect(() => new BinaryCrossentropy({ from_logits: true } as never)).toThrow(
      /BinaryCrossentropy: unknown option "from_logits"; valid options: fromLogits, labelSmoothing, reduction, name/,
    );
    expect(() => new CategoricalCrossentropy({ labelSmoothing: 2 })).toThrow(
      /labelSmoothing must be a number in \[0, 1\], got 2/,
    );
    expect(() => new MeanSquaredError({ reduction: 'avg' as never })).toThrow(
      /unknown reduction "avg"; valid reductions: sum_over_batch_size, sum, mean, none/,
    );
    expect(() => losses.get('crossentropy')).toThrow(
      /losses.get: unknown loss "crossentropy"; valid ids: mean_squared_error, mean_absolute_error, binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy/,
    );
    expect(() =>
      losses.binaryCrossentropy([1], f64([[0.5]]), { fromLogits: 'yes' as never }),
    ).toThrow(/fromLogits must be true or false, got "yes"/);
    expect(() => losses.meanSquaredError([1], tensor(1))).toThrow(
      /yPred \(predictions\) must have at least one axis/,
    );
  });
});
