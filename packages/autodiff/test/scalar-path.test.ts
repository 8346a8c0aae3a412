/**
 * The engine's rank-0 path: elementwise primitives on rank-0 operands skip shape inference, the
 * run planner and storage, and keep the value in the tensor until something asks for its data.
 * Its results must be bit for bit those of the general path, which the same program takes on
 * shape-[1] operands (size 1, rank 1: never the rank-0 path). Values include NaN, ±inf, -0,
 * float32 rounding and float32 / float64 promotion; gradients are compared too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import * as gf from '../src/index.js';
import {
  type DType,
  type Tensor,
  activations,
  add,
  grad,
  jit,
  mul,
  tensor,
  valueAndGrad,
} from '../src/index.js';
import { EW, EW_NAMES, ewArity, isEwName } from '../src/kernels/ewops.js';

type Fn = (...xs: (Tensor | number)[]) => Tensor;
/** Every elementwise primitive, as the package exports it, by its number of operands. */
const OPS = gf as unknown as Record<string, Fn>;
const ELEMENTWISE = EW_NAMES.filter(isEwName);
const UNARY = ELEMENTWISE.filter((n) => ewArity(EW[n]) === 1);
const BINARY = ELEMENTWISE.filter((n) => ewArity(EW[n]) === 2);

/** One instruction: an op on earlier values of the pool (by index), or on a literal number. */
type Instr =
  | { kind: 'unary'; op: string; a: number }
  | { kind: 'binary'; op: string; a: number; b: number | { literal: number } }
  | { kind: 'where'; c: number; a: number; b: number };

/** Values that exercise the edges: NaN, ±inf, ±0, float32 overflow and underflow, and plain numbers. */
const valueArb = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, 3.4e38, 1e-45, 1e-39, 1e300),
  fc.double({ min: -1e6, max: 1e6 }),
  fc.double(),
);

const instrArb = (size: number): fc.Arbitrary<Instr> => {
  const idx = fc.nat({ max: size - 1 });
  return fc.oneof(
    fc.record({
      kind: fc.constant('unary' as const),
      op: fc.constantFrom(...UNARY),
      a: idx,
    }),
    fc.record({
      kind: fc.constant('binary' as const),
      op: fc.constantFrom(...BINARY),
      a: idx,
      b: fc.oneof(idx, fc.record({ literal: valueArb })),
    }),
    fc.record({ kind: fc.constant('where' as const), c: idx, a: idx, b: idx }),
  );
};

const programArb = fc
  .array(fc.record({ value: valueArb, dtype: fc.constantFrom<DType>('float32', 'float64') }), {
    minLength: 1,
    maxLength: 3,
  })
  .chain((inputs) =>
    fc.array(fc.nat(), { minLength: 1, maxLength: 24 }).chain((slots) =>
      fc.tuple(...slots.map((_, k) => instrArb(inputs.length + k))).map((body) => ({
        inputs,
        body,
      })),
    ),
  );

/** Runs the program; every intermediate value is kept (the last one is the result). */
function run(body: readonly Instr[], xs: readonly Tensor[]): Tensor[] {
  const pool = [...xs];
  for (const ins of body) {
    if (ins.kind === 'unary') pool.push(OPS[ins.op]!(pool[ins.a]!));
    else if (ins.kind === 'binary') {
      const b = typeof ins.b === 'number' ? pool[ins.b]! : ins.b.literal;
      pool.push(OPS[ins.op]!(pool[ins.a]!, b));
    } else pool.push(gf.where(pool[ins.c]!, pool[ins.a]!, pool[ins.b]!));
  }
  return pool;
}

/** Bit-level equality of two size-1 tensors: same dtype and Object.is on the value (NaN = NaN, 0 != -0). */
function expectSame(got: Tensor, want: Tensor, what: string): void {
  expect(got.dtype, what).toBe(want.dtype);
  expect(Object.is(got.item(), want.item()), `${what}: ${got.item()} vs ${want.item()}`).toBe(true);
}

describe('the rank-0 path', () => {
  it('random scalar programs give bit for bit the values and gradients of the general path (shape [1])', () => {
    fc.assert(
      fc.property(programArb, ({ inputs, body }) => {
        const scalars = inputs.map(({ value, dtype }) => tensor(value, { dtype }));
        const ones = inputs.map(({ value, dtype }) => tensor([value], { dtype }));
        const fast = run(body, scalars);
        const general = run(body, ones);
        fast.forEach((t, k) => {
          expect(t.shape).toEqual([]);
          expectSame(t, general[k]!, `value ${k}`);
        });
        const argnums = inputs.map((_, i) => i);
        const f = (...xs: Tensor[]) => run(body, xs).at(-1)!;
        const g0 = valueAndGrad(f, argnums)(...scalars);
        const g1 = valueAndGrad(f, argnums)(...ones);
        expectSame(g0.value, g1.value, 'value');
        g0.grads.forEach((g, i) => expectSame(g, g1.grads[i]!, `gradient ${i}`));
      }),
      { numRuns: numRuns(2) },
    );
  });

  it('a float32 result is rounded to float32 as the array kernels round it', () => {
    const third = gf.div(tensor(1), 3);
    expect(third.item()).toBe(Math.fround(1 / 3));
    expect(add(tensor(3.4e38), tensor(3.4e38)).item()).toBe(Infinity);
    expect(mul(tensor(1e-30), tensor(1e-30)).item()).toBe(0);
    // promotion: float32 with float64 computes and stores in float64
    const mixed = gf.div(tensor(1), tensor(3, { dtype: 'float64' }));
    expect(mixed.dtype).toBe('float64');
    expect(mixed.item()).toBe(1 / 3);
  });

  it('a trace sees every rank-0 op, forward and backward, with its operands (a recorder gets the inputs list)', () => {
    const f = (x: Tensor) => gf.where(gf.greater(x, 0), mul(add(x, 1), x), gf.neg(x));
    const g = gf.trace((x: Tensor) => grad(f)(x), tensor(2));
    const ops = g.nodes.map((n) => n.op);
    for (const op of ['greater', 'add', 'mul', 'neg', 'where']) expect(ops).toContain(op);
    const where = g.nodes.find((n) => n.op === 'where')!;
    expect(where.inputs).toHaveLength(3);
    // d/dx (x + 1) x = 2x + 1 at x = 2, computed on the rank-0 path
    expect(grad(f)(tensor(2)).item()).toBe(5);
    expect(grad(f)(tensor(-2)).item()).toBe(-1);
  });

  it('a rank-0 result reads like any tensor: data() is a copy, toArray, item, printing', () => {
    const y = mul(tensor(2), tensor(-0.25));
    const d = y.data();
    expect(d).toBeInstanceOf(Float32Array);
    expect(Array.from(d)).toEqual([-0.5]);
    d[0] = 7;
    expect(y.item()).toBe(-0.5);
    expect(y.toArray()).toBe(-0.5);
    expect(y.size).toBe(1);
    expect(String(y)).toContain('-0.5');
    expect(Object.is(gf.neg(tensor(0)).item(), -0)).toBe(true);
  });

  it('a rank-0 operand meets a larger tensor through the general path (broadcasting)', () => {
    const s = add(tensor(1), tensor(2));
    expect(Array.from(mul(s, tensor([1, 2, 3])).data())).toEqual([3, 6, 9]);
  });
});

describe('jit on long scalar chains', () => {
  const chain =
    (n: number) =>
    (x: Tensor): Tensor => {
      let y = x;
      for (let i = 0; i < n; i++) y = add(y, mul(activations.get('tanh')(y), 0.5));
      return activations.get('sigmoid')(y);
    };

  it('a second derivative through jit (its inner gradient builds nodes, its outer one does not) equals eager', () => {
    const d2 = grad((x: Tensor) => grad(chain(40))(x));
    for (const x0 of [0.3, -1.5, 0]) {
      const x = tensor(x0, { dtype: 'float64' });
      expectSame(jit(d2, { backend: 'tape' })(x), d2(x), `f'' at ${x0}`);
    }
  });

  for (const dtype of ['float32', 'float64'] as const) {
    it(`jit(valueAndGrad) of 300 chained tanh steps equals eager bit for bit (${dtype}, both backends)`, () => {
      const step = valueAndGrad(chain(300));
      for (const x0 of [0.3, -2, 0, -0, NaN, Infinity]) {
        const x = tensor(x0, { dtype });
        const want = step(x);
        for (const backend of ['auto', 'tape'] as const) {
          const got = jit(step, { backend })(x);
          expectSame(got.value, want.value, `${backend} value at ${x0}`);
          expectSame(got.grads, want.grads, `${backend} gradient at ${x0}`);
        }
      }
    });
  }
});
