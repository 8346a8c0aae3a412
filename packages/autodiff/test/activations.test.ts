import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import {
  type Tensor,
  type ActivationInfo,
  activationInfo,
  activations,
  checkGrads,
  gelu,
  glu,
  grad,
  leakyRelu,
  logSoftmax,
  primitiveNames,
  relu,
  softmax,
  sparsemax,
  tensor,
  trace,
  vjp,
} from '../src/index.js';
import { Phi, phi, sech2, sig, sigp, sigpp, softplus } from '../src/activations/reference/math.js';
import { recordAccuracy, writeAccuracyReport } from './accuracy-report.js';

const MIN_NORMAL = 2.2250738585072014e-308;
const RTOL = 1e-12;

/** f, f' and f'' of an elementwise activation at many points at once, derived by autodiff. */
function derived(f: (x: Tensor) => Tensor, xs: number[], dtype: 'float32' | 'float64' = 'float64') {
  const x = tensor(xs, { dtype });
  const d1 = (t: Tensor) => grad((y: Tensor) => f(y).sum())(t) as Tensor;
  const d2 = (t: Tensor) => grad((y: Tensor) => d1(y).sum())(t) as Tensor;
  return { f: Array.from(f(x).data()), d1: Array.from(d1(x).data()), d2: Array.from(d2(x).data()) };
}

/**
 * Relative error of `got` against `want`, measured against max(|want|, scale). Where the true
 * value underflows (below the smallest normal float64) exact 0 or a subnormal is correct.
 */
function relErr(got: number, want: number, scale = 0): number {
  if (Number.isNaN(got)) return Number.isNaN(want) ? 0 : Infinity;
  if (!Number.isFinite(want)) return got === want ? 0 : Infinity;
  const mag = Math.max(Math.abs(want), scale);
  if (mag < MIN_NORMAL) return Math.abs(got) < MIN_NORMAL ? 0 : Infinity;
  return Math.abs(got - want) / mag;
}

/** Whole float64 range, with extra weight on the region where activations bend. */
const anyDouble = fc.oneof(
  fc.double({ min: -1e308, max: 1e308, noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -50, max: 50, noNaN: true }),
  fc.double({ min: -1e-3, max: 1e-3, noNaN: true }),
);

const pinned = [
  0, -0, 1e-300, -1e-300, 5e-324, 1e-12, -1e-12, 0.5, -0.5, 1, -1, 3, -3, 6, 20, -20, 37, -37, 40,
  -40, 700, -700, 1000, -1000, 1e10, -1e10, 1e150, -1e150, 1e300, -1e300,
];

function checkAgainst(id: string, ref: Reference, f: (x: Tensor) => Tensor, xs: number[]): void {
  const got = derived(f, xs);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const e0 = relErr(got.f[i]!, ref.f(x));
    const e1 = relErr(got.d1[i]!, ref.d1(x), ref.scale1?.(x));
    const e2 = relErr(got.d2[i]!, ref.d2(x), ref.scale2?.(x));
    recordAccuracy(id, x, e0, e1, e2);
    const where = `${id} at x = ${x}: f = ${got.f[i]} (want ${ref.f(x)}), f' = ${got.d1[i]} (want ${ref.d1(x)}), f'' = ${got.d2[i]} (want ${ref.d2(x)})`;
    expect(e0, where).toBeLessThanOrEqual(RTOL);
    expect(e1, where).toBeLessThanOrEqual(RTOL);
    expect(e2, where).toBeLessThanOrEqual(RTOL);
  }
}

/** f, f' and f'' of an activation, from the package's analytic references, at fixed parameters. */
interface Reference {
  f: (x: number) => number;
  d1: (x: number) => number;
  d2: (x: number) => number;
  /** Error scales of the derivatives that cross zero away from a kink (see SCALES). */
  scale1?: (x: number) => number;
  scale2?: (x: number) => number;
  kinks?: number[];
}

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;
const gu = (x: number) => GELU_C * (x + GELU_A * x * x * x);
const gu1 = (x: number) => GELU_C * (1 + 3 * GELU_A * x * x);
const gu2 = (x: number) => GELU_C * 6 * GELU_A * x;
const abs = Math.abs;

/**
 * Relative error is measured against the sum of the magnitudes of a derivative's terms where
 * the derivative crosses zero away from a kink: no method gives relative accuracy at a root.
 */
const SCALES: Record<string, Pick<Reference, 'scale1' | 'scale2'>> = {
  gelu: {
    scale1: (x) => Phi(x) + abs(x) * phi(x),
    scale2: (x) => (phi(x) === 0 ? 0 : phi(x) * (2 + x * x)),
  },
  gelu_approximate: {
    scale1: (x) => (abs(x) > 100 ? 1 : sig(2 * gu(x)) + abs(2 * x * gu1(x) * sigp(2 * gu(x)))),
    scale2: (x) =>
      abs(x) > 100
        ? 0
        : 4 * gu1(x) * sigp(2 * gu(x)) +
          abs(x) * (abs(2 * gu2(x) * sigp(2 * gu(x))) + abs(4 * gu1(x) ** 2 * sigpp(2 * gu(x)))),
  },
  silu: {
    scale1: (x) => sig(x) + abs(x * sigp(x)),
    scale2: (x) => 2 * sigp(x) + abs(x * sigpp(x)),
  },
  hard_silu: { scale1: (x) => (x <= -3 ? 0 : x >= 3 ? 1 : (2 * abs(x) + 3) / 6) },
  mish: {
    scale1: (x) => abs(Math.tanh(softplus(x))) + abs(x * sech2(softplus(x)) * sig(x)),
    scale2: (x) => {
      const t = Math.tanh(softplus(x));
      const s2 = sech2(softplus(x));
      return s2 === 0 ? 0 : s2 * (2 * sig(x) + abs(x) * (sigp(x) + 2 * abs(t) * sig(x) * sig(x)));
    },
  },
};
SCALES.swish = SCALES.silu!;
SCALES.hard_swish = SCALES.hard_silu!;

function reference(info: ActivationInfo, label: string, p?: Record<string, number>): Reference {
  return {
    f: (x) => info.f!(x, p),
    d1: (x) => info.df!(x, p),
    d2: (x) => info.d2f!(x, p),
    ...SCALES[label],
    kinks: info.kinks,
  };
}

const elementwiseIds = activations.list().filter((id) => activationInfo(id).elementwise);
const elementwise: [string, Reference, (x: Tensor) => Tensor][] = [
  ...elementwiseIds.map(
    (id) =>
      [id, reference(activationInfo(id), id), activations.get(id)] as [
        string,
        Reference,
        (x: Tensor) => Tensor,
      ],
  ),
  [
    'gelu_approximate',
    reference(activationInfo('gelu'), 'gelu_approximate', { approximate: 1 }),
    (x: Tensor) => gelu(x, { approximate: true }),
  ],
];

afterAll(() => writeAccuracyReport());

describe("elementwise activations: derived f, f' and f'' equal the analytic forms", () => {
  for (const [id, ref, f] of elementwise) {
    it(`${id}: f, f' and f'' match the analytic forms to 1e-12 relative over the whole float64 range`, () => {
      fc.assert(
        fc.property(fc.array(anyDouble, { minLength: 1, maxLength: 64 }), (xs) => {
          checkAgainst(id, ref, f, xs);
        }),
        { numRuns: numRuns(2) },
      );
    });

    it(`${id}: pinned points (±0, tiny, huge, saturation) and kinks follow the analytic forms and conventions`, () => {
      checkAgainst(id, ref, f, [...pinned, ...(ref.kinks ?? [])]);
    });

    it(`${id}: float32 gives no NaN for any finite input, in f, f' or f''`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), {
            minLength: 1,
            maxLength: 32,
          }),
          (xs) => {
            const got = derived(f, xs, 'float32');
            for (const arr of [got.f, got.d1, got.d2])
              for (const v of arr) expect(Number.isNaN(v)).toBe(false);
          },
        ),
        { numRuns: numRuns(0.3) },
      );
    });
  }

  it('every activation in the registry has an info entry, and exactly the vector-valued ones lack scalar references', () => {
    const vector = ['glu', 'softmax', 'log_softmax', 'sparsemax'];
    for (const id of activations.list()) {
      const info = activationInfo(id);
      expect(info.id).toBe(id);
      expect(info.elementwise, id).toBe(!vector.includes(id));
      expect(info.f === undefined, id).toBe(vector.includes(id));
    }
  });
});

describe('kink conventions (PyTorch/TensorFlow) are decided by the composition', () => {
  const d1At = (f: (x: Tensor) => Tensor, x: number) =>
    (grad((y: Tensor) => f(y).sum())(tensor([x], { dtype: 'float64' })) as Tensor).item();
  it("relu'(0) = 0, leaky_relu'(0) = negative_slope, relu6'(0) = relu6'(6) = 0", () => {
    expect(d1At(activations.get('relu'), 0)).toBe(0);
    expect(d1At(activations.get('leaky_relu'), 0)).toBe(0.2);
    expect(d1At((x) => leakyRelu(x, { negativeSlope: 0.01 }), 0)).toBe(0.01);
    expect(d1At(activations.get('relu6'), 0)).toBe(0);
    expect(d1At(activations.get('relu6'), 6)).toBe(0);
  });
  it("hard_tanh'(±1) = 0 and hard_sigmoid'(±3) = 0", () => {
    expect(d1At(activations.get('hard_tanh'), 1)).toBe(0);
    expect(d1At(activations.get('hard_tanh'), -1)).toBe(0);
    expect(d1At(activations.get('hard_sigmoid'), 3)).toBe(0);
    expect(d1At(activations.get('hard_sigmoid'), -3)).toBe(0);
  });
  it('relu with negative_slope, max_value and threshold follows Keras 3', () => {
    const x = tensor([-2, -0.5, 0.5, 1, 1.5, 3, 7], { dtype: 'float64' });
    expect(relu(x, { maxValue: 6 }).toArray()).toEqual([0, 0, 0.5, 1, 1.5, 3, 6]);
    expect(relu(x, { threshold: 1 }).toArray()).toEqual([0, 0, 0, 0, 1.5, 3, 7]);
    expect(relu(x, { negativeSlope: 0.1 }).toArray()).toEqual([-0.2, -0.05, 0.5, 1, 1.5, 3, 7]);
    const mixed = relu(x, { negativeSlope: 0.5, threshold: 1, maxValue: 2 }).toArray() as number[];
    expect(mixed).toEqual([-1.5, -0.75, -0.25, 0, 1.5, 2, 2]);
  });
});

describe('softmax and log_softmax', () => {
  const logits = fc.array(fc.double({ min: -30, max: 30, noNaN: true }), {
    minLength: 1,
    maxLength: 8,
  });

  it('Jacobian-vector products equal the analytic Jacobians diag(s) - s s^T and I - 1 s^T', () => {
    fc.assert(
      fc.property(
        logits,
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
        (z, v8) => {
          const n = z.length;
          const u = v8.slice(0, n);
          const x = tensor(z, { dtype: 'float64' });
          const s = softmax(x).toArray() as number[];
          const us = u.reduce((a, ui, i) => a + ui * s[i]!, 0);
          const gotS = vjp((t) => softmax(t), x)
            .vjp(tensor(u, { dtype: 'float64' }))[0]!
            .toArray() as number[];
          const gotL = vjp((t) => logSoftmax(t), x)
            .vjp(tensor(u, { dtype: 'float64' }))[0]!
            .toArray() as number[];
          const usum = u.reduce((a, b) => a + b, 0);
          for (let j = 0; j < n; j++) {
            // (diag(s) - s s^T)^T u = s_j (u_j - u.s);  (I - 1 s^T)^T u = u_j - s_j sum(u)
            expect(gotS[j]).toBeCloseTo(s[j]! * (u[j]! - us), 12);
            expect(gotL[j]).toBeCloseTo(u[j]! - s[j]! * usum, 12);
          }
        },
      ),
      { numRuns: numRuns(0.5) },
    );
  });

  it('is invariant to adding a constant to every logit, and rows sum to 1', () => {
    fc.assert(
      fc.property(logits, fc.double({ min: -500, max: 500, noNaN: true }), (z, c) => {
        const a = softmax(tensor(z, { dtype: 'float64' })).toArray() as number[];
        const b = softmax(
          tensor(
            z.map((v) => v + c),
            { dtype: 'float64' },
          ),
        ).toArray() as number[];
        a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-9));
        expect(a.reduce((p, q) => p + q, 0)).toBeCloseTo(1, 14);
      }),
    );
  });

  it('stays exact with logits of ±1000 and with equal logits, in value and gradient', () => {
    const x = tensor(
      [
        [1000, -1000, 0],
        [5, 5, 5],
      ],
      { dtype: 'float64' },
    );
    expect(softmax(x).toArray()).toEqual([
      [1, 0, 0],
      [1 / 3, 1 / 3, 1 / 3],
    ]);
    const ls = logSoftmax(x).toArray() as number[][];
    expect(ls[0]).toEqual([0, -2000, -1000]);
    ls[1]!.forEach((v) => expect(v).toBeCloseTo(-Math.log(3), 15));
    const g = grad((t: Tensor) =>
      logSoftmax(t)
        .mul(
          tensor(
            [
              [1, 0, 0],
              [0, 1, 0],
            ],
            { dtype: 'float64' },
          ),
        )
        .sum(),
    )(x) as Tensor;
    const ga = g.toArray() as number[][];
    expect(ga[0]).toEqual([0, 0, 0]);
    ga[1]!.forEach((v, i) => expect(v).toBeCloseTo(i === 1 ? 2 / 3 : -1 / 3, 15));
    for (const v of (grad((t: Tensor) => softmax(t).max())(x) as Tensor).data())
      expect(Number.isFinite(v)).toBe(true);
  });

  it('second derivatives of log_softmax pass checkGrads', () => {
    checkGrads(
      (t) =>
        logSoftmax(t)
          .mul(tensor([0.3, -1, 2], { dtype: 'float64' }))
          .sum(),
      [tensor([0.1, 2, -1])],
      { order: 3 },
    );
  });

  it("take the axis as a number or as the activations' options object", () => {
    const x = tensor(
      [
        [1, 2],
        [3, 5],
      ],
      { dtype: 'float64' },
    );
    expect(softmax(x, 0).toArray()).toEqual(softmax(x, { axis: 0 }).toArray());
    expect(activations.get('softmax')(x).toArray()).toEqual(softmax(x, -1).toArray());
  });
});

describe('glu and sparsemax', () => {
  it('glu(x) = a * sigmoid(b) for the two halves, with analytic gradients', () => {
    const x = tensor([0.5, -2, 1.5, 3], { dtype: 'float64' });
    const s = (v: number) => 1 / (1 + Math.exp(-v));
    const out = glu(x).toArray() as number[];
    expect(out[0]).toBeCloseTo(0.5 * s(1.5), 15);
    expect(out[1]).toBeCloseTo(-2 * s(3), 15);
    const g = (grad((t: Tensor) => glu(t).sum())(x) as Tensor).toArray() as number[];
    expect(g[0]).toBeCloseTo(s(1.5), 15);
    expect(g[2]).toBeCloseTo(0.5 * s(1.5) * (1 - s(1.5)), 15);
    expect(() => glu(tensor([1, 2, 3]))).toThrow(/glu: axis -1 of shape \[3\] has odd size 3/);
  });

  it('sparsemax matches known values, sums to 1, and has the Jacobian diag(s) - s s^T/|S| on its support', () => {
    const known = sparsemax(
      tensor(
        [
          [1, 2, 0.5],
          [0.1, 0.2, 0.3],
        ],
        { dtype: 'float64' },
      ),
    ).toArray() as number[][];
    expect(known[0]).toEqual([0, 1, 0]);
    // all three in the support: tau = (0.6 - 1) / 3
    known[1]!.forEach((v, i) => expect(v).toBeCloseTo([0.1, 0.2, 0.3][i]! + 0.4 / 3, 15));
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 2, maxLength: 6 }),
        (z) => {
          const x = tensor(z, { dtype: 'float64' });
          const p = sparsemax(x).toArray() as number[];
          expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
          p.forEach((v) => expect(v).toBeGreaterThanOrEqual(0));
          const support = p.map((v) => (v > 0 ? 1 : 0));
          const k = support.reduce((a: number, b) => a + b, 0);
          const u = z.map((_, i) => Math.cos(i + 1));
          const g = vjp((t) => sparsemax(t), x)
            .vjp(tensor(u, { dtype: 'float64' }))[0]!
            .toArray() as number[];
          const us = u.reduce((a, ui, i) => a + ui * support[i]!, 0);
          g.forEach((gi, i) => expect(gi).toBeCloseTo(support[i]! * (u[i]! - us / k), 10));
        },
      ),
      { numRuns: numRuns(0.5) },
    );
  });
});

describe('activations are compositions of primitives, never primitives with hand-written gradients', () => {
  const primitiveSet = new Set<string>(primitiveNames);
  for (const id of activations.list()) {
    it(`${id}: every traced node, forward and backward, is a registered primitive, made in the activation's scope`, () => {
      const f = activations.get(id);
      const g = trace(
        (x: Tensor) => f(x).sum(),
        tensor([[-1.5, -0.25, 0.5, 2.5]], { dtype: 'float64' }),
      );
      for (const n of g.nodes) expect(primitiveSet.has(n.op), `${id}: ${n.op}`).toBe(true);
      expect(primitiveSet.has(id)).toBe(false);
      if (id === 'linear') return;
      const fwd = g.nodes.filter((n) => n.phase === 'forward' && n.op !== 'sum');
      const bwd = g.nodes.filter((n) => n.phase === 'backward');
      expect(fwd.length).toBeGreaterThan(0);
      expect(bwd.length).toBeGreaterThan(0);
      const scopeOf: Record<string, string> = { swish: 'silu', hard_swish: 'hard_silu' };
      for (const n of fwd) expect(n.scope[0], `${id}: ${n.op} #${n.id}`).toBe(scopeOf[id] ?? id);
    });
  }
});

describe('the activations registry', () => {
  it('lists the Keras 3 ids', () => {
    const ids = activations.list();
    for (const id of [
      'relu',
      'leaky_relu',
      'elu',
      'selu',
      'sigmoid',
      'hard_sigmoid',
      'tanh',
      'softplus',
      'softsign',
      'silu',
      'swish',
      'gelu',
      'mish',
      'relu6',
      'exponential',
      'linear',
      'log_sigmoid',
      'celu',
      'hard_silu',
      'hard_swish',
      'squareplus',
      'tanh_shrink',
      'sparse_plus',
      'hard_tanh',
      'soft_shrink',
      'hard_shrink',
      'softmax',
      'log_softmax',
      'glu',
      'sparsemax',
      'threshold',
      'sparse_sigmoid',
    ]) {
      expect(ids).toContain(id);
    }
  });
  it('accepts TF.js camelCase aliases', () => {
    const x = tensor([-1, 2]);
    expect(activations.get('leakyRelu')(x).toArray()).toEqual(
      activations.get('leaky_relu')(x).toArray(),
    );
    expect(activations.get('hardSigmoid')(x).toArray()).toEqual(
      activations.get('hard_sigmoid')(x).toArray(),
    );
  });
  it('rejects an unknown id with the list of valid ids', () => {
    expect(() => activations.get('rellu')).toThrow(
      /unknown activation "rellu"; valid ids: relu, leaky_relu/,
    );
  });
  it('rejects invalid parameters with the name of the parameter', () => {
    expect(() => relu(tensor([1]), { maxValue: -1 })).toThrow(
      /relu: maxValue must be a number >= 0, got -1/,
    );
    expect(() => leakyRelu(tensor([1]), { negativeSlope: Number.NaN })).toThrow(
      /leaky_relu: negativeSlope must be a finite number/,
    );
  });
});
