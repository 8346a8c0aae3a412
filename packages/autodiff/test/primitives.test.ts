import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import {
  type PrimitiveName,
  type Tensor,
  abs,
  add,
  broadcastTo,
  cast,
  checkGrads,
  concat,
  div,
  equal,
  erf,
  erfc,
  sin,
  cos,
  exp,
  expm1,
  grad,
  greater,
  greaterEqual,
  isPrimitiveName,
  less,
  lessEqual,
  log,
  log1p,
  matmul,
  max,
  maximum,
  minimum,
  mul,
  neg,
  pad,
  primitiveNames,
  primitives,
  randomNormal,
  reshape,
  slice,
  sqrt,
  sub,
  sum,
  tensor,
  trace,
  transpose,
  vjp,
  where,
} from '../src/index.js';
import {
  type Fn,
  axesArb,
  broadcastingShapesArb,
  dimArb,
  distinctTensorArb,
  expectVjpMatchesFd,
  f64,
  gridTensorArb,
  permArb,
  shapeArb,
  sizeOfShape,
  tensorArb,
  valuesOf,
} from './core-helpers.js';

/** The primitive set, written out: the registry must hold exactly these. */
const EXPECTED_PRIMITIVES = [
  'neg',
  'add',
  'sub',
  'mul',
  'div',
  'exp',
  'expm1',
  'log',
  'log1p',
  'sqrt',
  'abs',
  'erf',
  'erfc',
  'sin',
  'cos',
  'maximum',
  'minimum',
  'greater',
  'greaterEqual',
  'less',
  'lessEqual',
  'equal',
  'where',
  'sum',
  'max',
  'reshape',
  'transpose',
  'broadcastTo',
  'slice',
  'pad',
  'concat',
  'cast',
  'matmul',
] as const;

const COMPARISONS = ['greater', 'greaterEqual', 'less', 'lessEqual', 'equal'] as const;

/**
 * One randomly generated application of a primitive. `inputs` are differentiated (float64 unless
 * the case is about dtypes); constants such as where's mask live in the closure.
 */
interface Case {
  label: string;
  inputs: Tensor[];
  f: Fn;
  /** Highest order checkGrads verifies: 2 for every primitive except cast, whose exact dyadic check is its own oracle. */
  order: 0 | 1 | 2;
  /** Finite-difference step; a power of two for the exact dyadic cast cases. */
  eps?: number;
}

const SMOOTH_UNARY: Record<
  'neg' | 'exp' | 'expm1' | 'log' | 'log1p' | 'sqrt' | 'erf' | 'erfc' | 'sin' | 'cos',
  { fn: (x: Tensor) => Tensor; min: number; max: number }
> = {
  neg: { fn: neg, min: -3, max: 3 },
  exp: { fn: exp, min: -3, max: 2 },
  expm1: { fn: expm1, min: -3, max: 2 },
  log: { fn: log, min: 0.2, max: 4 },
  log1p: { fn: log1p, min: -0.7, max: 4 },
  sqrt: { fn: sqrt, min: 0.2, max: 4 },
  erf: { fn: erf, min: -2.5, max: 2.5 },
  erfc: { fn: erfc, min: -2.5, max: 2.5 },
  sin: { fn: sin, min: -7, max: 7 },
  cos: { fn: cos, min: -7, max: 7 },
};

function unaryCase(name: keyof typeof SMOOTH_UNARY): fc.Arbitrary<Case> {
  const { fn, min, max: hi } = SMOOTH_UNARY[name];
  return shapeArb()
    .chain((s) => tensorArb(s, min, hi))
    .map((x) => ({ label: `${name} on ${JSON.stringify(x.shape)}`, inputs: [x], f: fn, order: 2 }));
}

/** Binary op on broadcasting shapes with values from two arbitraries per operand shape. */
function binaryCase(
  name: string,
  fn: (a: Tensor, b: Tensor) => Tensor,
  values: (shape: number[], which: 0 | 1) => fc.Arbitrary<Tensor>,
): fc.Arbitrary<Case> {
  return broadcastingShapesArb(2)
    .chain(({ shapes }) => fc.tuple(values(shapes[0]!, 0), values(shapes[1]!, 1)))
    .map(([a, b]) => ({
      label: `${name} on ${JSON.stringify(a.shape)} and ${JSON.stringify(b.shape)}`,
      inputs: [a, b],
      f: fn,
      order: 2,
    }));
}

const anyValues = (shape: number[]) => tensorArb(shape, -2, 2);
/** Operand 0 on the even grid, operand 1 on the odd grid: never within 0.05 of each other. */
const separated = (shape: number[], which: 0 | 1) => gridTensorArb(shape, which === 1);

function reduceCase(name: 'sum' | 'max'): fc.Arbitrary<Case> {
  return shapeArb()
    .chain((s) =>
      fc.tuple(
        name === 'max' ? distinctTensorArb(s) : tensorArb(s, -2, 2),
        axesArb(s.length),
        fc.boolean(),
      ),
    )
    .map(([x, axes, keepDims]) => ({
      label: `${name} of ${JSON.stringify(x.shape)} over ${JSON.stringify(axes)} keepDims ${keepDims}`,
      inputs: [x],
      f: (t: Tensor) => (name === 'sum' ? sum(t, axes, keepDims) : max(t, axes, keepDims)),
      order: 2,
    }));
}

/** A reshape target of the same size that differs from the shape (permuted, merged, with 1s or -1). */
const reshapeCase: fc.Arbitrary<Case> = shapeArb(0, 3)
  .chain((s) =>
    fc.tuple(
      tensorArb(s, -2, 2),
      fc.shuffledSubarray(s, { minLength: s.length, maxLength: s.length }),
      fc.boolean(),
      fc.nat(3),
      fc.boolean(),
    ),
  )
  .map(([x, permuted, merge, insertOne, inferred]) => {
    let target = permuted.slice();
    if (merge && target.length >= 2) target = [target[0]! * target[1]!, ...target.slice(2)];
    target.splice(Math.min(insertOne, target.length), 0, 1);
    if (target.length === x.shape.length && target.every((d, i) => d === x.shape[i]))
      target.push(1);
    if (inferred) target[0] = -1;
    return {
      label: `reshape ${JSON.stringify(x.shape)} to ${JSON.stringify(target)}`,
      inputs: [x],
      f: (t: Tensor) => reshape(t, target),
      order: 2,
    };
  });

const transposeCase: fc.Arbitrary<Case> = shapeArb(0, 3)
  .chain((s) => fc.tuple(tensorArb(s, -2, 2), fc.option(permArb(s.length), { nil: undefined })))
  .map(([x, perm]) => ({
    label: `transpose ${JSON.stringify(x.shape)} by ${JSON.stringify(perm)}`,
    inputs: [x],
    f: (t: Tensor) => transpose(t, perm),
    order: 2,
  }));

/** broadcastTo a target made by prepending axes and expanding size-1 axes; always a real broadcast. */
const broadcastToCase: fc.Arbitrary<Case> = shapeArb(0, 2)
  .chain((s) =>
    fc
      .tuple(
        fc.array(dimArb, { maxLength: 2 }),
        fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }),
        fc.array(dimArb, { minLength: s.length, maxLength: s.length }),
        fc.boolean(),
      )
      .chain(([prefix, ones, sizes, extra]) => {
        const operand = s.map((d, i) => (ones[i] ? 1 : d));
        const expanded = operand.map((d, i) => (d === 1 ? sizes[i]! : d));
        const target = [
          ...(extra || (prefix.length === 0 && expanded.every((d, i) => d === operand[i]))
            ? [2]
            : []),
          ...prefix,
          ...expanded,
        ];
        return tensorArb(operand, -2, 2).map((x) => ({ x, target }));
      }),
  )
  .map(({ x, target }) => ({
    label: `broadcastTo ${JSON.stringify(x.shape)} -> ${JSON.stringify(target)}`,
    inputs: [x],
    f: (t: Tensor) => broadcastTo(t, target),
    order: 2,
  }));

const sliceCase: fc.Arbitrary<Case> = shapeArb(0, 3)
  .chain((s) =>
    fc.tuple(
      tensorArb(s, -2, 2),
      fc.tuple(
        ...s.map((d) =>
          fc
            .integer({ min: 0, max: d - 1 })
            .chain((b) =>
              fc.tuple(
                fc.constant(b),
                fc.oneof(fc.integer({ min: 1, max: d - b }), fc.constant(-1)),
              ),
            ),
        ),
      ),
    ),
  )
  .map(([x, bs]) => {
    const begin = bs.map((p) => p[0]);
    const size = bs.map((p) => p[1]);
    return {
      label: `slice ${JSON.stringify(x.shape)} begin ${JSON.stringify(begin)} size ${JSON.stringify(size)}`,
      inputs: [x],
      f: (t: Tensor) => slice(t, begin, size),
      order: 2,
    };
  });

const padCase: fc.Arbitrary<Case> = shapeArb(0, 3)
  .chain((s) =>
    fc.tuple(
      tensorArb(s, -2, 2),
      fc.array(fc.tuple(fc.nat(2), fc.nat(2)), { minLength: s.length, maxLength: s.length }),
    ),
  )
  .map(([x, paddings]) => ({
    label: `pad ${JSON.stringify(x.shape)} by ${JSON.stringify(paddings)}`,
    inputs: [x],
    f: (t: Tensor) => pad(t, paddings),
    order: 2,
  }));

const concatCase: fc.Arbitrary<Case> = shapeArb(1, 3)
  .chain((s) =>
    fc
      .tuple(
        fc.integer({ min: -s.length, max: s.length - 1 }),
        fc.array(dimArb, { minLength: 1, maxLength: 3 }),
      )
      .chain(([axis, sizes]) => {
        const a = axis < 0 ? axis + s.length : axis;
        return fc.tuple(
          fc.constant(axis),
          fc.tuple(
            ...sizes.map((d) =>
              tensorArb(
                s.map((e, i) => (i === a ? d : e)),
                -2,
                2,
              ),
            ),
          ),
        );
      }),
  )
  .map(([axis, parts]) => ({
    label: `concat of ${parts.map((p) => JSON.stringify(p.shape)).join(', ')} on axis ${axis}`,
    inputs: parts,
    f: (...ts: Tensor[]) => concat(ts, axis),
    order: 2,
  }));

/**
 * cast both ways. Values and weights are dyadic (k/16, k/8) and the step is 2^-8, so every
 * perturbed float32 value and every product is exact: the finite difference is exact too.
 */
const castCase: fc.Arbitrary<Case> = fc
  .tuple(shapeArb(), fc.boolean())
  .chain(([s, up]) => {
    const n = sizeOfShape(s);
    return fc.tuple(
      fc.constant(s),
      fc.constant(up),
      fc.array(fc.integer({ min: -32, max: 32 }), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: -8, max: 8 }), { minLength: n, maxLength: n }),
    );
  })
  .map(([s, up, xs, ws]) => {
    const from = up ? 'float32' : 'float64';
    const to = up ? 'float64' : 'float32';
    const x = tensor(
      xs.map((k) => k / 16),
      { dtype: from, shape: s },
    );
    const w = tensor(
      ws.map((k) => k / 8),
      { dtype: to, shape: s },
    );
    return {
      label: `cast ${from} -> ${to} on ${JSON.stringify(s)}`,
      inputs: [x],
      f: (t: Tensor) => cast(t, to).mul(w),
      order: 0,
      eps: 2 ** -8,
    };
  });

/** matmul with broadcast batch axes, and NumPy's 1-D operands on either side. */
const matmulCase: fc.Arbitrary<Case> = fc
  .record({
    m: dimArb,
    k: dimArb,
    n: dimArb,
    batch: broadcastingShapesArb(2, 2),
    aVec: fc.boolean(),
    bVec: fc.boolean(),
  })
  .chain(({ m, k, n, batch, aVec, bVec }) => {
    const as = aVec ? [k] : [...batch.shapes[0]!, m, k];
    const bs = bVec ? [k] : [...batch.shapes[1]!, k, n];
    return fc.tuple(tensorArb(as, -2, 2), tensorArb(bs, -2, 2));
  })
  .map(([a, b]) => ({
    label: `matmul ${JSON.stringify(a.shape)} @ ${JSON.stringify(b.shape)}`,
    inputs: [a, b],
    f: matmul,
    order: 2,
  }));

/** where(mask, a, b) with mask, a and b broadcasting together; the mask is a constant 0/1 tensor. */
const whereCase: fc.Arbitrary<Case> = broadcastingShapesArb(3)
  .chain(({ shapes }) =>
    fc.tuple(
      fc
        .array(fc.boolean(), {
          minLength: sizeOfShape(shapes[0]!),
          maxLength: sizeOfShape(shapes[0]!),
        })
        .map((bs) => f64(bs.map(Number), shapes[0]!)),
      tensorArb(shapes[1]!, -2, 2),
      tensorArb(shapes[2]!, -2, 2),
    ),
  )
  .map(([c, a, b]) => ({
    label: `where mask ${JSON.stringify(c.toArray())} a ${JSON.stringify(a.shape)} b ${JSON.stringify(b.shape)}`,
    inputs: [a, b],
    f: (x: Tensor, y: Tensor) => where(c, x, y),
    order: 2,
  }));

const cases = {
  neg: unaryCase('neg'),
  add: binaryCase('add', add, anyValues),
  sub: binaryCase('sub', sub, anyValues),
  mul: binaryCase('mul', mul, anyValues),
  div: binaryCase('div', div, (s, which) =>
    which === 0
      ? tensorArb(s, -2, 2)
      : tensorArb(s, 0.5, 2).chain((b) => fc.boolean().map((flip) => (flip ? neg(b) : b))),
  ),
  exp: unaryCase('exp'),
  expm1: unaryCase('expm1'),
  log: unaryCase('log'),
  log1p: unaryCase('log1p'),
  sqrt: unaryCase('sqrt'),
  abs: shapeArb()
    .chain((s) => gridTensorArb(s, true))
    .map((x) => ({
      label: `abs on ${JSON.stringify(x.toArray())}`,
      inputs: [x],
      f: abs,
      order: 2,
    })),
  erf: unaryCase('erf'),
  erfc: unaryCase('erfc'),
  sin: unaryCase('sin'),
  cos: unaryCase('cos'),
  maximum: binaryCase('maximum', maximum, separated),
  minimum: binaryCase('minimum', minimum, separated),
  greater: binaryCase('greater', greater, separated),
  greaterEqual: binaryCase('greaterEqual', greaterEqual, separated),
  less: binaryCase('less', less, separated),
  lessEqual: binaryCase('lessEqual', lessEqual, separated),
  equal: binaryCase('equal', equal, separated),
  where: whereCase,
  sum: reduceCase('sum'),
  max: reduceCase('max'),
  reshape: reshapeCase,
  transpose: transposeCase,
  broadcastTo: broadcastToCase,
  slice: sliceCase,
  pad: padCase,
  concat: concatCase,
  cast: castCase,
  matmul: matmulCase,
} satisfies Record<PrimitiveName, fc.Arbitrary<Case>>;

describe('the primitive registry', () => {
  it('holds exactly the primitive set written here, each entry under its own name', () => {
    expect([...primitiveNames].sort()).toEqual([...EXPECTED_PRIMITIVES].sort());
    expect(new Set(primitiveNames).size).toBe(primitiveNames.length);
    for (const name of primitiveNames) {
      expect(primitives[name].name).toBe(name);
      expect(isPrimitiveName(name)).toBe(true);
    }
    expect(isPrimitiveName('softmax')).toBe(false);
    expect(isPrimitiveName('toString')).toBe(false);
  });

  it('has a gradient test case for every registered primitive', () => {
    const missing = primitiveNames.filter((name) => !Object.hasOwn(cases, name));
    expect(missing, `primitives without a test case: ${missing.join(', ')}`).toEqual([]);
  });

  it('marks exactly the comparisons as not differentiable, and their VJP gives null for both inputs', () => {
    const nonDiff = primitiveNames.filter((n) => !primitives[n].differentiable).sort();
    expect(nonDiff).toEqual([...COMPARISONS].sort());
    const a = f64([1, 2]);
    for (const name of COMPARISONS) {
      const p = primitives[name];
      const out = p.forward([a, a], null as never, p.infer([a, a], null as never));
      const saved = {
        inputs: [a, a],
        output: tensor(out),
        attrs: null as never,
        needs: [true, true],
      };
      expect(p.vjp(f64([1, 1]), saved, undefined as never)).toEqual([null, null]);
    }
  });
});

describe('every primitive: VJP equals float64 central finite differences', () => {
  for (const name of primitiveNames) {
    const arb: fc.Arbitrary<Case> | undefined = (
      cases as Partial<Record<string, fc.Arbitrary<Case>>>
    )[name];
    it(`${name}: <J^T u, e_j> equals the finite difference of <u, f(x)> for every element j, and checkGrads passes`, () => {
      expect(arb, `no test case for primitive ${name}`).toBeDefined();
      fc.assert(
        fc.property(arb!, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (c, seed) => {
          // the case really applies the primitive under test
          const g = trace(c.f, ...c.inputs);
          expect(
            g.nodes.some((n) => n.phase === 'forward' && n.op === name),
            `${c.label}: no forward ${name} node`,
          ).toBe(true);
          const y = c.f(...c.inputs);
          const u = randomNormal(y.shape, { seed, dtype: 'float64' });
          const value = vjp(c.f, ...c.inputs).value;
          expect(valuesOf(value), `${c.label}: vjp value`).toEqual(valuesOf(y));
          expectVjpMatchesFd(c.f, c.inputs, u, {
            label: c.label,
            ...(c.eps === undefined ? {} : { eps: c.eps }),
          });
          if (c.order > 0) checkGrads(c.f, c.inputs, { order: c.order, seed });
        }),
        { numRuns: numRuns(0.5) },
      );
    });
  }
});

describe('comparisons carry no gradient', () => {
  const x = f64([-1.5, -0.25, 0.25, 2], [2, 2]);
  const y = f64([0.5, -0.5, 0.5, 3], [2, 2]);
  const fns = { greater, greaterEqual, less, lessEqual, equal } as const;

  it('d/dx sum(cmp(x, y)) is exactly zero with the shape of x, for every comparison and both arguments', () => {
    for (const [name, cmp] of Object.entries(fns)) {
      const [gx, gy] = grad((a: Tensor, b: Tensor) => cmp(a, b).sum(), [0, 1])(x, y) as Tensor[];
      expect(gx!.shape, name).toEqual([2, 2]);
      expect(valuesOf(gx!), name).toEqual([0, 0, 0, 0]);
      expect(valuesOf(gy!), name).toEqual([0, 0, 0, 0]);
    }
  });

  it('a comparison mask acts as a constant: d/dx sum(x * (x > 0)) is the mask', () => {
    const g = grad((a: Tensor) => a.mul(a.greater(0)).sum())(x) as Tensor;
    expect(valuesOf(g)).toEqual([0, 0, 1, 1]);
  });

  it('where gives the mask no gradient and each branch the cotangent where it was chosen', () => {
    const [gc, ga, gb] = grad(
      (c: Tensor, a: Tensor, b: Tensor) =>
        where(c, a, b)
          .mul(f64([1, 2, 3, 4], [2, 2]))
          .sum(),
      [0, 1, 2],
    )(f64([1, 0, 0, 1], [2, 2]), f64([10, 20, 30, 40], [2, 2]), f64(5)) as Tensor[];
    expect(valuesOf(gc!)).toEqual([0, 0, 0, 0]);
    expect(valuesOf(ga!)).toEqual([1, 0, 0, 4]);
    expect(gb!.shape).toEqual([]);
    expect(gb!.item()).toBe(5);
  });

  it('comparison outputs are recorded in a trace but get no backward nodes', () => {
    const g = trace((a: Tensor) => a.mul(a.greater(0)).sum(), x);
    expect(g.nodes.some((n) => n.op === 'greater' && n.phase === 'forward')).toBe(true);
    const greaterId = g.nodes.find((n) => n.op === 'greater')!.id;
    expect(g.nodes.filter((n) => n.phase === 'backward').some((n) => n.of === greaterId)).toBe(
      false,
    );
  });
});

describe('primitive forward values at chosen points', () => {
  it('maximum/minimum split the cotangent half and half at ties, as JAX does', () => {
    const [ga, gb] = grad((a: Tensor, b: Tensor) => maximum(a, b).sum(), [0, 1])(
      f64([1, 2, 3]),
      f64([1, 0, 5]),
    ) as Tensor[];
    expect(valuesOf(ga!)).toEqual([0.5, 1, 0]);
    expect(valuesOf(gb!)).toEqual([0.5, 0, 1]);
    const [ha, hb] = grad((a: Tensor, b: Tensor) => minimum(a, b).sum(), [0, 1])(
      f64([1, 2, 3]),
      f64([1, 0, 5]),
    ) as Tensor[];
    expect(valuesOf(ha!)).toEqual([0.5, 0, 1]);
    expect(valuesOf(hb!)).toEqual([0.5, 1, 0]);
  });

  it('max shares the cotangent equally among tied maxima', () => {
    const g = grad((a: Tensor) => max(a, 1).sum())(f64([3, 1, 3, 2, 2, 2], [2, 3])) as Tensor;
    expect(valuesOf(g)).toEqual([0.5, 0, 0.5, 1 / 3, 1 / 3, 1 / 3]);
  });

  it("abs'(0) = 0", () => {
    expect(valuesOf(grad((a: Tensor) => abs(a).sum())(f64([-2, 0, 3])) as Tensor)).toEqual([
      -1, 0, 1,
    ]);
  });

  it('comparisons give 1 and 0, equal is 1 at ties', () => {
    const a = f64([1, 2, 3]);
    const b = f64([2, 2, 2]);
    expect(valuesOf(greater(a, b))).toEqual([0, 0, 1]);
    expect(valuesOf(greaterEqual(a, b))).toEqual([0, 1, 1]);
    expect(valuesOf(less(a, b))).toEqual([1, 0, 0]);
    expect(valuesOf(lessEqual(a, b))).toEqual([1, 1, 0]);
    expect(valuesOf(equal(a, b))).toEqual([0, 1, 0]);
  });

  it('erf and erfc match reference values and erf + erfc = 1', () => {
    const xs = [-3, -1, -0.5, 0, 0.3, 1, 2, 5];
    // erf reference values (CPython's math.erf, correctly rounded here)
    const ref = [
      -0.9999779095030014, -0.8427007929497149, -0.5204998778130465, 0, 0.3286267594591274,
      0.8427007929497149, 0.9953222650189527, 0.9999999999984626,
    ];
    const e = valuesOf(erf(f64(xs)));
    const c = valuesOf(erfc(f64(xs)));
    xs.forEach((_, i) => {
      expect(Math.abs(e[i]! - ref[i]!)).toBeLessThanOrEqual(1e-15);
      expect(Math.abs(e[i]! + c[i]! - 1)).toBeLessThanOrEqual(2e-16);
    });
    // erfc keeps relative accuracy in the tail where 1 - erf(x) would round to 0
    expect(erfc(f64(10)).item() / 2.088487583762545e-45 - 1).toBeLessThan(1e-13);
  });
});
