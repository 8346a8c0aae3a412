/**
 * Shared helpers for the autodiff core tests: shape and value arbitraries, an independent
 * finite-difference oracle, and closeness assertions that say where they failed.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { type DType, GradflowError, type Tensor, tensor, vjp } from '../src/index.js';

export type Fn = (...xs: Tensor[]) => Tensor;

/** A float64 tensor from flat values and a shape. */
export function f64(values: readonly number[] | number, shape?: readonly number[]): Tensor {
  if (typeof values === 'number')
    return tensor(values, { dtype: 'float64', ...(shape ? { shape: [...shape] } : {}) });
  return tensor(Float64Array.from(values), {
    dtype: 'float64',
    shape: shape ? [...shape] : [values.length],
  });
}

/** The values of a tensor as a plain array. */
export function valuesOf(t: Tensor): number[] {
  return Array.from(t.data());
}

export function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** NumPy broadcasting, written out independently of the engine: the oracle for shapes. */
export function npBroadcast(...shapes: (readonly number[])[]): number[] | null {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const k = s.length - rank + i;
      const e = k < 0 ? 1 : s[k]!;
      if (e === 1) continue;
      if (d !== 1 && d !== e) return null;
      d = e;
    }
    out.push(d);
  }
  return out;
}

/** <u, y> in float64. */
export function inner(u: Tensor, y: Tensor): number {
  const a = u.data();
  const b = y.data();
  expect(a.length).toBe(b.length);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * The gradient of <u, f(xs)> with respect to every element of every input in `wrt`, by the
 * fourth-order central difference (8(h(e) - h(-e)) - (h(2e) - h(-2e))) / 12e, one element at a
 * time. Perturbed inputs keep their dtype. This is the tests' own oracle: it shares nothing with
 * checkGrads or the engine's backward pass.
 */
export function numericVjp(
  f: Fn,
  xs: readonly Tensor[],
  u: Tensor,
  eps = 1e-3,
  wrt?: readonly number[],
): (number[] | null)[] {
  const which = new Set(wrt ?? xs.map((_, i) => i));
  return xs.map((x, i) => {
    if (!which.has(i)) return null;
    const base = x.data();
    const g: number[] = [];
    for (let j = 0; j < base.length; j++) {
      const h = (t: number): number => {
        const d = base.slice();
        d[j] = base[j]! + t;
        const args = xs.slice();
        args[i] = tensor(d, { dtype: x.dtype, shape: [...x.shape] });
        return inner(u, f(...args));
      };
      g.push((8 * (h(eps) - h(-eps)) - (h(2 * eps) - h(-2 * eps))) / (12 * eps));
    }
    return g;
  });
}

export interface Tol {
  rtol: number;
  atol: number;
}

/** Elementwise |a - e| <= atol + rtol |e|; NaN matches NaN, infinities must match exactly. */
export function expectAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tol,
  what: string,
): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const msg = `${what}: element ${i} is ${a}, expected ${e} (rtol ${tol.rtol}, atol ${tol.atol})`;
    if (Number.isNaN(e)) expect(Number.isNaN(a), msg).toBe(true);
    else if (!Number.isFinite(e)) expect(a, msg).toBe(e);
    else expect(Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e), msg).toBe(true);
  }
}

/** The VJP from autodiff agrees with the numeric one for every input in `wrt`; cotangents have the inputs' shapes and dtypes. */
export function expectVjpMatchesFd(
  f: Fn,
  xs: readonly Tensor[],
  u: Tensor,
  opts: { eps?: number; tol?: Tol; wrt?: readonly number[]; label?: string } = {},
): Tensor[] {
  const tol = opts.tol ?? { rtol: 1e-6, atol: 1e-7 };
  const cts = vjp(f, ...xs).vjp(u);
  const fd = numericVjp(f, xs, u, opts.eps ?? 1e-3, opts.wrt);
  expect(cts.length).toBe(xs.length);
  cts.forEach((c, i) => {
    expect(c.shape, `${opts.label ?? ''} cotangent ${i} shape`).toEqual(xs[i]!.shape);
    expect(c.dtype, `${opts.label ?? ''} cotangent ${i} dtype`).toBe(xs[i]!.dtype);
    const n = fd[i];
    if (n) expectAllClose(c.data(), n, tol, `${opts.label ?? ''} d/dx${i}`);
  });
  return cts;
}

// ---- arbitraries ----

export const dimArb = fc.integer({ min: 1, max: 3 });

export function shapeArb(minRank = 0, maxRank = 3): fc.Arbitrary<number[]> {
  return fc.array(dimArb, { minLength: minRank, maxLength: maxRank });
}

/** A shape that broadcasts to `out`: a suffix of it with some dimensions replaced by 1. */
export function operandShapeArb(out: readonly number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: out.length }),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
    )
    .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
}

/** k shapes that broadcast together (and their broadcast shape, computed by the oracle). */
export function broadcastingShapesArb(
  k: number,
  maxRank = 3,
): fc.Arbitrary<{ shapes: number[][]; out: number[] }> {
  return shapeArb(0, maxRank)
    .chain((out) => fc.tuple(...Array.from({ length: k }, () => operandShapeArb(out))))
    .map((shapes) => ({ shapes, out: npBroadcast(...shapes)! }));
}

/** n doubles in [min, max]. */
export function doublesArb(n: number, min: number, max: number): fc.Arbitrary<number[]> {
  return fc.array(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), {
    minLength: n,
    maxLength: n,
  });
}

/** A float64 tensor of the shape with values in [min, max]. */
export function tensorArb(
  shape: readonly number[],
  min: number,
  max: number,
  dtype: DType = 'float64',
): fc.Arbitrary<Tensor> {
  return doublesArb(sizeOfShape(shape), min, max).map((v) =>
    tensor(v, { dtype, shape: [...shape] }),
  );
}

/**
 * Values on a grid of step 0.1 in [-2, 2], offset by 0.05 when `odd`: an even-grid tensor and an
 * odd-grid tensor never come closer than 0.05, so comparisons, maximum and minimum stay away from
 * ties under finite-difference steps.
 */
export function gridTensorArb(shape: readonly number[], odd: boolean): fc.Arbitrary<Tensor> {
  return fc
    .array(fc.integer({ min: -20, max: 19 }), {
      minLength: sizeOfShape(shape),
      maxLength: sizeOfShape(shape),
    })
    .map((ks) =>
      f64(
        ks.map((k) => k / 10 + (odd ? 0.05 : 0)),
        shape,
      ),
    );
}

/** Pairwise distinct values (gap >= 0.05): max has a unique winner in every group. */
export function distinctTensorArb(shape: readonly number[]): fc.Arbitrary<Tensor> {
  const n = sizeOfShape(shape);
  return fc
    .uniqueArray(fc.integer({ min: -40, max: 40 }), { minLength: n, maxLength: n })
    .map((ks) =>
      f64(
        ks.map((k) => k / 20),
        shape,
      ),
    );
}

/** Axes for a reduction over a tensor of rank r: undefined (all), or a subset, some negative. */
export function axesArb(rank: number): fc.Arbitrary<number[] | undefined> {
  const all = Array.from({ length: rank }, (_, i) => i);
  return fc.oneof(
    fc.constant(undefined),
    fc
      .tuple(fc.subarray(all), fc.array(fc.boolean(), { minLength: rank, maxLength: rank }))
      .map(([axes, negs]) => axes.map((a) => (negs[a] ? a - rank : a))),
  );
}

/** A permutation of 0..r-1. */
export function permArb(rank: number): fc.Arbitrary<number[]> {
  const all = Array.from({ length: rank }, (_, i) => i);
  return fc.shuffledSubarray(all, { minLength: rank, maxLength: rank });
}

/** Runs fn and returns the GradflowError it throws (failing if it throws nothing or something else). */
export function errorOf(fn: () => unknown): GradflowError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GradflowError);
    return e as GradflowError;
  }
  throw new Error('expected a GradflowError, but nothing was thrown');
}

/** The error is a GradflowError that names the op first and mentions every fragment. */
export function expectError(fn: () => unknown, op: string, ...fragments: string[]): void {
  const e = errorOf(fn);
  expect(e.op).toBe(op);
  expect(e.message.startsWith(`${op}: `), e.message).toBe(true);
  for (const f of fragments) expect(e.message, `message should mention ${f}`).toContain(f);
}
