import { randomNormal, setGlobalSeed, type DType } from '@gradflow/autodiff';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Constant,
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  Identity,
  Initializer,
  LecunNormal,
  LecunUniform,
  Ones,
  Orthogonal,
  RandomNormal,
  RandomUniform,
  TRUNCATED_NORMAL_STDDEV_FACTOR,
  TruncatedNormal,
  VarianceScaling,
  Zeros,
  computeFans,
  initializers,
} from '../src/index.js';
import { KURTOSIS, TRUNCATED, expectMoments, product, sameBits, values } from './helpers.js';

/** Shapes of rank 1-4 with 64 to 4096 elements: enough samples for the moment checks. */
const shapeArb = fc
  .integer({ min: 1, max: 4 })
  .chain((r) =>
    fc.array(fc.integer({ min: 1, max: [0, 4096, 64, 16, 8][r]! }), { minLength: r, maxLength: r }),
  )
  .filter((s) => product(s) >= 64 && product(s) <= 4096);
const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const dtypeArb = fc.constantFrom<DType>('float32', 'float64');

/** max |x - center| over the samples. */
function maxAbs(v: ArrayLike<number>, center = 0): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]! - center));
  return m;
}

describe('computeFans (Keras compute_fans)', () => {
  it('gives (1, 1) for a scalar, (n, n) for a vector and (rows, cols) for a matrix', () => {
    expect(computeFans([])).toEqual({ fanIn: 1, fanOut: 1 });
    expect(computeFans([7])).toEqual({ fanIn: 7, fanOut: 7 });
    expect(computeFans([3, 5])).toEqual({ fanIn: 3, fanOut: 5 });
  });

  it('multiplies channels by the receptive field for conv kernels of rank 3 and 4', () => {
    expect(computeFans([3, 4, 8])).toEqual({ fanIn: 12, fanOut: 24 });
    expect(computeFans([3, 5, 2, 16])).toEqual({ fanIn: 30, fanOut: 240 });
  });

  it('fan_in · out_channels = size = fan_out · in_channels for every kernel of rank >= 3', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 3, maxLength: 5 }),
        (shape) => {
          const { fanIn, fanOut } = computeFans(shape);
          expect(fanIn * shape[shape.length - 1]!).toBe(product(shape));
          expect(fanOut * shape[shape.length - 2]!).toBe(product(shape));
        },
      ),
    );
  });
});

describe('Keras defaults and configs', () => {
  it('matches get_config of every initializer with its default arguments', () => {
    expect(new Zeros().getConfig()).toEqual({});
    expect(new Ones().getConfig()).toEqual({});
    expect(new Constant().getConfig()).toEqual({ value: 0 });
    expect(new RandomNormal().getConfig()).toEqual({ mean: 0, stddev: 0.05, seed: null });
    expect(new RandomUniform().getConfig()).toEqual({ minval: -0.05, maxval: 0.05, seed: null });
    expect(new TruncatedNormal().getConfig()).toEqual({ mean: 0, stddev: 0.05, seed: null });
    expect(new VarianceScaling().getConfig()).toEqual({
      scale: 1,
      mode: 'fan_in',
      distribution: 'truncated_normal',
      seed: null,
    });
    for (const C of [GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, LecunUniform]) {
      expect(new C({ seed: 3 }).getConfig()).toEqual({ seed: 3 });
    }
    expect(new Orthogonal().getConfig()).toEqual({ gain: 1, seed: null });
    expect(new Identity().getConfig()).toEqual({ gain: 1 });
  });

  it('defines Glorot, He and LeCun as the VarianceScaling settings Keras uses', () => {
    const cases: [VarianceScaling, number, string, string][] = [
      [new GlorotNormal(), 1, 'fan_avg', 'truncated_normal'],
      [new GlorotUniform(), 1, 'fan_avg', 'uniform'],
      [new HeNormal(), 2, 'fan_in', 'truncated_normal'],
      [new HeUniform(), 2, 'fan_in', 'uniform'],
      [new LecunNormal(), 1, 'fan_in', 'truncated_normal'],
      [new LecunUniform(), 1, 'fan_in', 'uniform'],
    ];
    for (const [init, scale, mode, distribution] of cases) {
      expect(init).toBeInstanceOf(VarianceScaling);
      expect([init.scale, init.mode, init.distribution]).toEqual([scale, mode, distribution]);
    }
  });

  it("treats Keras's legacy distribution 'normal' as truncated_normal", () => {
    expect(new VarianceScaling({ distribution: 'normal' }).distribution).toBe('truncated_normal');
  });

  it('respects an explicit 0 instead of replacing it by the default', () => {
    expect(values(new RandomNormal({ mean: 0, stddev: 0, seed: 1 }).apply([50]))).toEqual(
      new Array(50).fill(0),
    );
    expect(values(new TruncatedNormal({ mean: 3, stddev: 0, seed: 1 }).apply([5]))).toEqual([
      3, 3, 3, 3, 3,
    ]);
    const u = values(new RandomUniform({ minval: 0, maxval: 1, seed: 2 }).apply([2000]));
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.min(...u)).toBeLessThan(0.01);
    expect(
      values(new RandomUniform({ minval: -1, maxval: 0, seed: 2 }).apply([100])).every(
        (v) => v <= 0,
      ),
    ).toBe(true);
    expect(values(new Constant({ value: 0 }).apply([3]))).toEqual([0, 0, 0]);
    expect(values(new Orthogonal({ gain: 0, seed: 1 }).apply([3, 3])).every((v) => v === 0)).toBe(
      true,
    );
    expect(values(new Identity({ gain: 0 }).apply([2, 2]))).toEqual([0, 0, 0, 0]);
  });
});

describe('initializers.get / serialize', () => {
  it('resolves snake_case ids, camelCase aliases, class names and Keras aliases', () => {
    expect(initializers.get('he_normal')).toBeInstanceOf(HeNormal);
    expect(initializers.get('heNormal')).toBeInstanceOf(HeNormal);
    expect(initializers.get('HeNormal')).toBeInstanceOf(HeNormal);
    expect(initializers.get('glorot_uniform')).toBeInstanceOf(GlorotUniform);
    expect(initializers.get('glorotUniform')).toBeInstanceOf(GlorotUniform);
    expect(initializers.get('variance_scaling')).toBeInstanceOf(VarianceScaling);
    expect(initializers.get('truncatedNormal')).toBeInstanceOf(TruncatedNormal);
    expect(initializers.get('zeros')).toBeInstanceOf(Zeros);
    expect(initializers.get('zero')).toBeInstanceOf(Zeros);
    expect(initializers.get('one')).toBeInstanceOf(Ones);
    expect(initializers.get('normal')).toBeInstanceOf(RandomNormal);
    expect(initializers.get('uniform')).toBeInstanceOf(RandomUniform);
    expect(initializers.get('OrthogonalInitializer')).toBeInstanceOf(Orthogonal);
    expect(initializers.get('identity')).toBeInstanceOf(Identity);
    const init = new HeUniform({ seed: 4 });
    expect(initializers.get(init)).toBe(init);
  });

  it('lists the 15 Keras ids', () => {
    expect(initializers.list().sort()).toEqual([
      'constant',
      'glorot_normal',
      'glorot_uniform',
      'he_normal',
      'he_uniform',
      'identity',
      'lecun_normal',
      'lecun_uniform',
      'ones',
      'orthogonal',
      'random_normal',
      'random_uniform',
      'truncated_normal',
      'variance_scaling',
      'zeros',
    ]);
    for (const id of initializers.list()) expect(initializers.get(id)).toBeInstanceOf(Initializer);
  });

  it('seeds an id with { seed } so that it replays', () => {
    const a = initializers.get('he_normal', { seed: 42 });
    expect(a.getConfig()).toEqual({ seed: 42 });
    expect(
      sameBits(a.apply([4, 5]), initializers.get('he_normal', { seed: 42 }).apply([4, 5])),
    ).toBe(true);
    expect(initializers.get('zeros', { seed: 42 })).toBeInstanceOf(Zeros);
  });

  it('serializes to Keras form and rebuilds an equal initializer (getConfig -> get round trip)', () => {
    const configArb = fc.oneof(
      ...(['RandomNormal', 'TruncatedNormal'] as const).map((className) =>
        fc.record({
          class_name: fc.constant<string>(className),
          config: fc.record({
            mean: fc.double({ min: -3, max: 3, noNaN: true }),
            stddev: fc.double({ min: 0, max: 3, noNaN: true }),
            seed: fc.option(seedArb),
          }),
        }),
      ),
      fc.record({
        class_name: fc.constant('RandomUniform'),
        config: fc.record({
          minval: fc.double({ min: -3, max: 0, noNaN: true }),
          maxval: fc.double({ min: 0, max: 3, noNaN: true }),
          seed: fc.option(seedArb),
        }),
      }),
      fc.record({
        class_name: fc.constant('VarianceScaling'),
        config: fc.record({
          scale: fc.double({ min: 0.01, max: 10, noNaN: true }),
          mode: fc.constantFrom('fan_in', 'fan_out', 'fan_avg'),
          distribution: fc.constantFrom('truncated_normal', 'untruncated_normal', 'uniform'),
          seed: fc.option(seedArb),
        }),
      }),
      fc.record({
        class_name: fc.constantFrom(
          'GlorotNormal',
          'GlorotUniform',
          'HeNormal',
          'HeUniform',
          'LecunNormal',
          'LecunUniform',
        ),
        config: fc.record({ seed: fc.option(seedArb) }),
      }),
      fc.record({
        class_name: fc.constant('Orthogonal'),
        config: fc.record({
          gain: fc.double({ min: -3, max: 3, noNaN: true }),
          seed: fc.option(seedArb),
        }),
      }),
      fc.record({
        class_name: fc.constant('Identity'),
        config: fc.record({ gain: fc.double({ min: -3, max: 3, noNaN: true }) }),
      }),
      fc.record({
        class_name: fc.constant('Constant'),
        config: fc.record({ value: fc.double({ min: -3, max: 3, noNaN: true }) }),
      }),
      fc.record({ class_name: fc.constantFrom('Zeros', 'Ones'), config: fc.constant({}) }),
    );
    fc.assert(
      fc.property(configArb, (serialized) => {
        const init = initializers.get(serialized);
        expect(init.className).toBe(serialized.class_name);
        expect(init.getConfig()).toEqual(serialized.config);
        const s = initializers.serialize(init);
        expect(s).toEqual({
          module: 'keras.initializers',
          class_name: serialized.class_name,
          config: serialized.config,
          registered_name: null,
        });
        const again = initializers.get(s);
        expect(again.getConfig()).toEqual(init.getConfig());
        const seed = (serialized.config as { seed?: number | null }).seed;
        if (seed !== undefined && seed !== null)
          expect(sameBits(again.apply([6, 6]), init.apply([6, 6]))).toBe(true);
      }),
      { numRuns: numRuns(1) },
    );
  });
});

describe('seeds', () => {
  const seeded = [
    RandomNormal,
    RandomUniform,
    TruncatedNormal,
    VarianceScaling,
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    LecunNormal,
    LecunUniform,
    Orthogonal,
  ];

  it('the same seed gives the same tensor on every call and every instance; different seeds differ', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeded), seedArb, seedArb, dtypeArb, (C, s1, s2, dtype) => {
        fc.pre(s1 !== s2);
        const a = new C({ seed: s1 }).apply([8, 6], dtype);
        const init = new C({ seed: s1 });
        expect(sameBits(init.apply([8, 6], dtype), a)).toBe(true);
        expect(sameBits(init.apply([8, 6], dtype), a)).toBe(true);
        expect(sameBits(new C({ seed: s2 }).apply([8, 6], dtype), a)).toBe(false);
      }),
      { numRuns: numRuns(0.5) },
    );
  });

  it('pins the values of seeded initializers (the same numbers on every platform and run)', () => {
    // xoshiro128** with 32-bit integer arithmetic, a portable log and IEEE-exact + - * / sqrt:
    // these bits must not change. (If the generator changes on purpose, update them.)
    expect(values(new HeUniform({ seed: 1 }).apply([2, 2], 'float64'))).toEqual([
      0.23765813751593745, 1.3489001652840087, -0.10190549325093379, -0.509334833485747,
    ]);
    expect(values(new GlorotNormal({ seed: 1 }).apply([3], 'float64'))).toEqual([
      0.11035503450845693, 0.6263531551845037, -0.28262828270480933,
    ]);
    expect(values(new Orthogonal({ seed: 1 }).apply([2, 2], 'float64'))).toEqual([
      0.3637171585414898, 0.931509435584259, -0.931509435584259, 0.36371715854148967,
    ]);
  });

  it('unseeded initializers draw new values on every call, reproducibly after setGlobalSeed', () => {
    const init = new GlorotNormal();
    const a = init.apply([10, 10]);
    expect(sameBits(a, init.apply([10, 10]))).toBe(false);
    setGlobalSeed(123);
    const x = new HeNormal().apply([10, 10]);
    const y = new HeNormal().apply([10, 10]);
    setGlobalSeed(123);
    expect(sameBits(new HeNormal().apply([10, 10]), x)).toBe(true);
    expect(sameBits(new HeNormal().apply([10, 10]), y)).toBe(true);
    expect(sameBits(x, y)).toBe(false);
  });
});

describe('sample statistics match the target distribution', () => {
  it('RandomNormal: mean and variance', () => {
    fc.assert(
      fc.property(
        shapeArb,
        seedArb,
        dtypeArb,
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: 0.01, max: 3, noNaN: true }),
        (shape, seed, dtype, mean, stddev) => {
          const v = new RandomNormal({ mean, stddev, seed }).apply(shape, dtype).data();
          expectMoments(v, { mean, variance: stddev ** 2, kurtosis: KURTOSIS.normal });
        },
      ),
      { numRuns: numRuns(0.5) },
    );
  });

  it('TruncatedNormal: samples within 2 stddev, variance 0.774 stddev² (the truncated normal)', () => {
    fc.assert(
      fc.property(
        shapeArb,
        seedArb,
        dtypeArb,
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: 0.01, max: 3, noNaN: true }),
        (shape, seed, dtype, mean, stddev) => {
          const v = new TruncatedNormal({ mean, stddev, seed }).apply(shape, dtype).data();
          const slack = dtype === 'float32' ? 1e-6 * (Math.abs(mean) + 2 * stddev) : 1e-12;
          expect(maxAbs(v, mean)).toBeLessThanOrEqual(2 * stddev + slack);
          expectMoments(v, {
            mean,
            variance: TRUNCATED.variance * stddev ** 2,
            kurtosis: KURTOSIS.truncated,
          });
        },
      ),
      { numRuns: numRuns(0.5) },
    );
  });

  it('RandomUniform: within [minval, maxval), mean (a+b)/2, variance (b-a)²/12', () => {
    fc.assert(
      fc.property(
        shapeArb,
        seedArb,
        dtypeArb,
        fc.double({ min: -3, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 3, noNaN: true }),
        (shape, seed, dtype, minval, width) => {
          const maxval = minval + width;
          const v = new RandomUniform({ minval, maxval, seed }).apply(shape, dtype).data();
          expect(Math.min(...v)).toBeGreaterThanOrEqual(Math.fround(minval) - 1e-6);
          expect(Math.max(...v)).toBeLessThanOrEqual(maxval + 1e-6);
          expectMoments(v, {
            mean: (minval + maxval) / 2,
            variance: width ** 2 / 12,
            kurtosis: KURTOSIS.uniform,
          });
        },
      ),
      { numRuns: numRuns(0.5) },
    );
  });

  it('VarianceScaling: variance scale / fan for every mode, distribution and rank', () => {
    fc.assert(
      fc.property(
        shapeArb,
        seedArb,
        dtypeArb,
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.constantFrom('fan_in', 'fan_out', 'fan_avg' as const),
        fc.constantFrom('truncated_normal', 'untruncated_normal', 'uniform' as const),
        (shape, seed, dtype, scale, mode, distribution) => {
          const init = new VarianceScaling({ scale, mode, distribution, seed });
          const { fanIn, fanOut } = computeFans(shape);
          const fan =
            mode === 'fan_in' ? fanIn : mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
          const variance = scale / Math.max(1, fan);
          expect(init.targetVariance(shape)).toBeCloseTo(variance, 15);
          const v = init.apply(shape, dtype).data();
          const kurtosis =
            distribution === 'uniform'
              ? KURTOSIS.uniform
              : distribution === 'truncated_normal'
                ? KURTOSIS.truncated
                : KURTOSIS.normal;
          if (distribution === 'truncated_normal') {
            const bound = (2 * Math.sqrt(variance)) / TRUNCATED_NORMAL_STDDEV_FACTOR;
            expect(maxAbs(v)).toBeLessThanOrEqual(bound * (1 + 1e-6));
          }
          if (distribution === 'uniform')
            expect(maxAbs(v)).toBeLessThanOrEqual(Math.sqrt(3 * variance) * (1 + 1e-6));
          expectMoments(v, { mean: 0, variance, kurtosis });
        },
      ),
      { numRuns: numRuns(1) },
    );
  });

  it('Glorot, He and LeCun: variance 2/(fan_in+fan_out), 2/fan_in and 1/fan_in', () => {
    const cases = [
      {
        C: GlorotNormal,
        variance: (i: number, o: number) => 2 / (i + o),
        kurtosis: KURTOSIS.truncated,
      },
      {
        C: GlorotUniform,
        variance: (i: number, o: number) => 2 / (i + o),
        kurtosis: KURTOSIS.uniform,
      },
      { C: HeNormal, variance: (i: number) => 2 / i, kurtosis: KURTOSIS.truncated },
      { C: HeUniform, variance: (i: number) => 2 / i, kurtosis: KURTOSIS.uniform },
      { C: LecunNormal, variance: (i: number) => 1 / i, kurtosis: KURTOSIS.truncated },
      { C: LecunUniform, variance: (i: number) => 1 / i, kurtosis: KURTOSIS.uniform },
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        shapeArb,
        seedArb,
        dtypeArb,
        ({ C, variance, kurtosis }, shape, seed, dtype) => {
          const { fanIn, fanOut } = computeFans(shape);
          const v = new C({ seed }).apply(shape, dtype).data();
          expectMoments(v, { mean: 0, variance: variance(fanIn, fanOut), kurtosis });
        },
      ),
      { numRuns: numRuns(1) },
    );
  });

  it('catches a wrong variance: the check is not vacuous', () => {
    // He normal samples tested against the LeCun variance (half of it) must fail.
    const v = new HeNormal({ seed: 9 }).apply([64, 64]).data();
    expect(() =>
      expectMoments(v, { mean: 0, variance: 1 / 64, kurtosis: KURTOSIS.truncated }),
    ).toThrow(/variance/);
    // Without Keras's 0.8796 correction the truncated variance would be 0.774 of the target.
    const w = new VarianceScaling({ scale: 1, seed: 3 }).apply([128, 128]).data();
    expect(() =>
      expectMoments(w, {
        mean: 0,
        variance: TRUNCATED.variance / 128,
        kurtosis: KURTOSIS.truncated,
      }),
    ).toThrow(/variance/);
    expectMoments(w, { mean: 0, variance: 1 / 128, kurtosis: KURTOSIS.truncated });
  });
});

describe('Orthogonal', () => {
  /** Q^T Q (more rows) or Q Q^T (more columns) of the flattened (rows, cols) matrix, as plain numbers. */
  function gram(q: ArrayLike<number>, rows: number, cols: number): number[][] {
    const k = Math.min(rows, cols);
    const at = (i: number, j: number) => (rows >= cols ? q[i * cols + j]! : q[j * cols + i]!);
    const out: number[][] = [];
    for (let a = 0; a < k; a++) {
      out.push([]);
      for (let b = 0; b < k; b++) {
        let s = 0;
        for (let i = 0; i < Math.max(rows, cols); i++) s += at(i, a) * at(i, b);
        out[a]!.push(s);
      }
    }
    return out;
  }

  it('gives orthonormal columns (or rows, if fewer) times gain: Q^T Q = gain² I to 1e-10 in float64', () => {
    const shape = fc
      .integer({ min: 2, max: 4 })
      .chain((r) =>
        fc.array(fc.integer({ min: 1, max: r === 2 ? 24 : 6 }), { minLength: r, maxLength: r }),
      );
    fc.assert(
      fc.property(
        shape,
        seedArb,
        fc.double({ min: 0.25, max: 3, noNaN: true }),
        (s, seed, gain) => {
          const t = new Orthogonal({ gain, seed }).apply(s, 'float64');
          expect(t.shape).toEqual(s);
          const cols = s[s.length - 1]!;
          const rows = product(s) / cols;
          const g = gram(t.data(), rows, cols);
          g.forEach((row, a) =>
            row.forEach((v, b) =>
              expect(Math.abs(v / (gain * gain) - (a === b ? 1 : 0))).toBeLessThan(1e-10),
            ),
          );
        },
      ),
      { numRuns: numRuns(1) },
    );
  });

  it("is Keras's Q: A = QR for the seeded normal matrix A, with R upper triangular and diag(R) > 0", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        seedArb,
        (a, b, seed) => {
          const [m, n] = [Math.max(a, b), Math.min(a, b)];
          const A = randomNormal([m, n], { seed, dtype: 'float64' }).data();
          const Q = new Orthogonal({ seed }).apply([m, n], 'float64').data();
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
              let r = 0; // R = Qᵀ A
              for (let k = 0; k < m; k++) r += Q[k * n + i]! * A[k * n + j]!;
              if (i > j) expect(Math.abs(r)).toBeLessThan(1e-12);
              if (i === j) expect(r).toBeGreaterThan(0);
            }
          }
          // With more columns than rows Keras transposes the Q of the transposed shape.
          if (m > n) {
            const T = new Orthogonal({ seed }).apply([n, m], 'float64').data();
            for (let i = 0; i < n; i++)
              for (let k = 0; k < m; k++) expect(T[i * m + k]).toBe(Q[k * n + i]);
          }
        },
      ),
      { numRuns: numRuns(0.3) },
    );
  });

  it('is seeded and fails clearly for rank < 2', () => {
    expect(
      sameBits(
        new Orthogonal({ seed: 1 }).apply([4, 3]),
        new Orthogonal({ seed: 1 }).apply([4, 3]),
      ),
    ).toBe(true);
    expect(() => new Orthogonal().apply([5])).toThrow(
      /Orthogonal: the tensor to initialize must be at least two-dimensional; got shape \[5\] of rank 1/,
    );
    expect(() => new Orthogonal().apply([])).toThrow(/rank 0/);
  });
});

describe('Identity, Constant, Zeros, Ones', () => {
  it('Identity puts gain on the main diagonal, also for non-square shapes', () => {
    expect(new Identity().apply([2, 2]).toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(new Identity({ gain: 3 }).apply([2, 3]).toArray()).toEqual([
      [3, 0, 0],
      [0, 3, 0],
    ]);
    expect(new Identity({ gain: 0.5 }).apply([3, 2], 'float64').toArray()).toEqual([
      [0.5, 0],
      [0, 0.5],
      [0, 0],
    ]);
    expect(() => new Identity().apply([2, 2, 2])).toThrow(
      /Identity: the identity initializer can only be used for 2-D matrices; got shape \[2, 2, 2\] of rank 3/,
    );
  });

  it('Constant fills with a number or broadcasts an array', () => {
    expect(new Constant({ value: 2.5 }).apply([2, 2]).toArray()).toEqual([
      [2.5, 2.5],
      [2.5, 2.5],
    ]);
    expect(new Constant({ value: [1, 2, 3] }).apply([2, 3]).toArray()).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(() => new Constant({ value: [1, 2] }).apply([2, 3])).toThrow(
      /Constant: value of shape \[2\] cannot be broadcast to the requested shape \[2, 3\]/,
    );
  });

  it('Zeros and Ones of any rank and dtype', () => {
    expect(new Zeros().apply([]).toArray()).toBe(0);
    expect(new Ones().apply([2, 1], 'float64').toArray()).toEqual([[1], [1]]);
    expect(new Ones().apply([2], 'float64').dtype).toBe('float64');
    expect(new Zeros().apply([0, 3]).shape).toEqual([0, 3]);
  });
});

describe('errors name the initializer, the argument and the valid choices', () => {
  it('rejects bad arguments', () => {
    expect(() => new VarianceScaling({ scale: 0 })).toThrow(
      /VarianceScaling: scale must be a finite number > 0, got 0/,
    );
    expect(() => new VarianceScaling({ scale: -1 })).toThrow(
      /scale must be a finite number > 0, got -1/,
    );
    expect(() => new VarianceScaling({ mode: 'fan_middle' as never })).toThrow(
      /unknown mode "fan_middle"; valid modes: fan_in, fan_out, fan_avg/,
    );
    expect(() => new VarianceScaling({ distribution: 'gaussian' as never })).toThrow(
      /unknown distribution "gaussian"; valid distributions: truncated_normal, untruncated_normal, uniform/,
    );
    expect(() => new RandomNormal({ stddev: -0.1 })).toThrow(
      /RandomNormal: stddev must be a finite number >= 0, got -0.1/,
    );
    expect(() => new TruncatedNormal({ stddev: NaN })).toThrow(/TruncatedNormal: stddev must be/);
    expect(() => new RandomUniform({ minval: 1, maxval: 0 })).toThrow(
      /RandomUniform: maxval \(0\) must be >= minval \(1\)/,
    );
    expect(() => new HeNormal({ seed: 1.5 })).toThrow(/HeNormal: seed must be an integer/);
    expect(() => new HeNormal({ sed: 1 } as never)).toThrow(
      /HeNormal: unknown option "sed"; valid options: seed/,
    );
    expect(() => new GlorotUniform({ scale: 2 } as never)).toThrow(
      /GlorotUniform: unknown option "scale"/,
    );
    expect(() => new Constant({ value: 'a' as never })).toThrow(/Constant: value must be/);
  });

  it('rejects bad shapes and dtypes at apply', () => {
    expect(() => new HeNormal().apply([2, -1])).toThrow(
      /HeNormal.apply: shape \[2,-1\] has an invalid dimension -1/,
    );
    expect(() => new Zeros().apply([2, 3], 'int32' as never)).toThrow(
      /Zeros.apply: unknown dtype "int32"; valid dtypes: float32, float64/,
    );
  });

  it('rejects unknown ids listing the valid ones', () => {
    expect(() => initializers.get('he_norm')).toThrow(
      /initializers.get: unknown initializer "he_norm"; valid ids: zeros, ones, constant, random_normal, .*he_normal/,
    );
    expect(() => initializers.get({ class_name: 'Xavier', config: {} })).toThrow(
      /unknown initializer "Xavier"/,
    );
    expect(() => initializers.get({ class_name: 'HeNormal', config: { scale: 2 } })).toThrow(
      /HeNormal: unknown option "scale"; valid options: seed/,
    );
    expect(() => initializers.get(42 as never)).toThrow(/cannot interpret 42 as an initializer/);
  });
});
