/**
 * jit on the WebAssembly backend: the float32 math functions keep their documented error bounds
 * (in ulps), single ops stay within a few ulps of eager, random programs and every activation
 * with f' and f'' stay close to eager and to the analytic references, and with WebAssembly
 * disabled jit falls back to the tape.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import {
  type Tensor,
  GradflowError,
  activationInfo,
  activations,
  add,
  div,
  equal,
  erf,
  erfc,
  exp,
  expm1,
  grad,
  greater,
  jit,
  less,
  log,
  log1p,
  maximum,
  minimum,
  mul,
  sqrt,
  sub,
  sum,
  tensor,
  valueAndGrad,
  where,
} from '../src/index.js';
import { erf as erf64, erfc as erfc64 } from '../src/kernels/special.js';
import { setWasmEnabled, wasmFeatures } from '../src/wasm/runtime.js';
import { evaluate, programArb, show } from './programs.js';

const WASM = { backend: 'wasm' } as const;

/** |got - exact| in ulps of the exact value (an ulp below 2^-126 is 2^-149); 0 for matching NaN / infinities. */
function ulps(got: number, exact: number): number {
  if (Number.isNaN(exact)) return Number.isNaN(got) ? 0 : Infinity;
  const r = Math.fround(exact);
  if (!Number.isFinite(r)) return got === r ? 0 : Infinity;
  const a = Math.abs(exact);
  const ulp = a < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(a)) - 23);
  return Math.abs(got - exact) / ulp;
}

/** n float32 points evenly spread over [lo, hi] (geometrically for `geometric`), plus `near0` around 0. */
function sweep(lo: number, hi: number, n: number, geometric = false, near0 = 20000): Float32Array {
  const xs = new Float32Array(n + near0);
  for (let i = 0; i < n; i++) {
    const t = i / (n - 1);
    xs[i] = geometric
      ? Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * t)
      : lo + (hi - lo) * t;
  }
  for (let i = 0; i < near0; i++) xs[n + i] = (i - near0 / 2) * (0.2 / near0);
  return xs;
}

/** The index where err is largest (NaN counts as largest). */
function worstIndex(n: number, err: (i: number) => number): number {
  let worst = 0;
  for (let i = 1; i < n; i++) if (!(err(i) <= err(worst))) worst = i;
  return worst;
}

const MATH: [string, (x: Tensor) => Tensor, (x: number) => number, Float32Array, number][] = [
  ['exp', exp, Math.exp, sweep(-110, 90, 400000), 1.5],
  ['expm1', expm1, Math.expm1, sweep(-20, 89, 400000), 4],
  ['log', log, Math.log, sweep(1e-30, 1e30, 400000, true), 3],
  ['log1p', log1p, Math.log1p, sweep(-0.999999, 1e6, 400000), 3],
  ['erf', erf, erf64, sweep(-6, 6, 400000), 3],
  ['erfc', erfc, erfc64, sweep(-6, 11, 400000), 7],
];

describe.skipIf(!wasmFeatures().simd)('jit (WebAssembly backend)', () => {
  for (const [name, op, exact, xs, bound] of MATH) {
    it(`float32 ${name} is within ${bound} ulp of the exact value over ${xs.length} inputs`, () => {
      const f = jit((x: Tensor) => op(x), WASM);
      const got = f(tensor(xs)).data();
      expect(f.backend).toBe('wasm');
      let worst = 0;
      let at = 0;
      for (let i = 0; i < xs.length; i++) {
        if ((name === 'log' && xs[i]! <= 0) || (name === 'log1p' && xs[i]! <= -1)) continue;
        const e = ulps(got[i]!, exact(xs[i]!));
        if (e > worst) [worst, at] = [e, xs[i]!];
      }
      expect(worst, `${name}: worst ${worst} ulp at x = ${at}`).toBeLessThanOrEqual(bound);
    });
  }

  it('special values: NaN stays NaN, exp overflows to infinity and underflows to 0, log(0) = -inf, log(-1) = NaN, erfc(inf) = 0', () => {
    const x = tensor([NaN, Infinity, -Infinity, 0, -1, 1000, -1000]);
    const [e, l, l1, c] = jit(
      (t: Tensor) => [exp(t), log(t), log1p(t), erfc(t)],
      WASM,
    )(x).map((r: Tensor) => Array.from(r.data()));
    expect(e).toEqual([NaN, Infinity, 0, 1, Math.fround(Math.exp(-1)), Infinity, 0]);
    expect(l.slice(0, 5)).toEqual([NaN, Infinity, NaN, -Infinity, NaN]);
    expect(l1[4]).toBe(-Infinity);
    expect(c.slice(0, 4)).toEqual([NaN, 0, 2, 1]);
  });

  it('every elementwise op alone stays within 4 ulp of eager (float32, branch-free selects exact)', () => {
    const a = tensor(sweep(-8, 8, 4000).map((v, i) => (i % 7 === 0 ? Math.round(v) : v)));
    const b = tensor(sweep(-3, 5, 4000).map((v, i) => (i % 5 === 0 ? Math.round(v) : v)));
    const ops: [string, (x: Tensor, y: Tensor) => Tensor][] = [
      ['add', add],
      ['sub', sub],
      ['mul', mul],
      ['div', div],
      ['sqrt', (x) => sqrt(x.abs())],
      ['maximum', maximum],
      ['minimum', minimum],
      ['greater', greater],
      ['less', less],
      ['equal', equal],
      ['where', (x, y) => where(greater(x, y), x, y.mul(3))],
      ['exp', (x) => exp(x)],
      ['expm1', (x) => expm1(x)],
      ['log1p', (x) => log1p(x.abs())],
      ['erf', (x) => erf(x)],
    ];
    for (const [name, op] of ops) {
      const want = op(a, b).data();
      const got = jit(op, WASM)(a, b).data();
      const i = worstIndex(want.length, (k) => ulps(got[k]!, want[k]!));
      const at = `${name}: worst at element ${i}, ${got[i]} vs eager ${want[i]}`;
      expect(ulps(got[i]!, want[i]!), at).toBeLessThanOrEqual(4);
    }
  });

  it('random programs in float32: jit values and gradients agree with eager to 1e-4 of their scale (a few ulps per op, compounded)', () => {
    fc.assert(
      fc.property(programArb, ({ n, expr, inputs }) => {
        const xs = inputs.map(({ shape, values }) => tensor(values, { shape }));
        const step = valueAndGrad(
          (...ts: Tensor[]) => sum(evaluate(expr, ts, n)),
          xs.map((_, i) => i),
        );
        const want = step(...xs);
        fc.pre([want.value, ...want.grads].every((t: Tensor) => t.data().every(Number.isFinite)));
        const got = jit(step, WASM)(...xs);
        const pairs: [Tensor, Tensor][] = [
          [got.value, want.value],
          ...want.grads.map((w: Tensor, i: number) => [got.grads[i], w] as [Tensor, Tensor]),
        ];
        for (const [g, w] of pairs) {
          const wd = w.data();
          const gd = g.data();
          const scale = Array.from(wd).reduce((m, v) => Math.max(m, Math.abs(v)), 0) + 1;
          const i = worstIndex(wd.length, (k) => Math.abs(gd[k]! - wd[k]!));
          expect(Math.abs(gd[i]! - wd[i]!), show(expr)).toBeLessThanOrEqual(1e-4 * scale);
        }
      }),
      { numRuns: numRuns(0.3) },
    );
  });

  for (const id of activations.list().filter((a) => activationInfo(a).elementwise)) {
    it(`${id}: f, f' and f'' through jit in float32 stay within 1e-5 of the analytic references`, () => {
      const info = activationInfo(id);
      const f = activations.get(id);
      const d1 = grad((y: Tensor) => f(y).sum());
      const d2 = grad((y: Tensor) => (d1(y) as Tensor).sum());
      const xs = Array.from(sweep(-12, 12, 2000, false, 200)).filter(
        (v) => !info.kinks.some((k) => Math.abs(v - k) < 1e-3),
      );
      const x = tensor(xs);
      const got = jit((t: Tensor) => [f(t), d1(t) as Tensor, d2(t) as Tensor], WASM)(x);
      const refs = [info.f!, info.df!, info.d2f!];
      got.forEach((g: Tensor, k: number) => {
        const gd = g.data();
        const want = Array.from(x.data(), (v) => refs[k]!(v));
        const scale = want.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        const excess = (i: number) =>
          Math.abs(gd[i]! - want[i]!) / (Math.abs(want[i]!) + 0.01 * scale || 1);
        const i = worstIndex(want.length, excess);
        const at = `${id} d${k} at x = ${xs[i]}: ${gd[i]} vs ${want[i]}`;
        expect(excess(i), at).toBeLessThanOrEqual(1e-5);
      });
    });
  }

  it('outputs are copied out of WebAssembly memory: a later call leaves an earlier result alone', () => {
    const f = jit((x: Tensor) => exp(x).mul(2), WASM);
    const first = f(tensor([0, 1]));
    f(tensor([5, 6]));
    expect(Array.from(first.data())).toEqual([2, Math.fround(2 * Math.fround(Math.E))]);
  });
});

describe('jit without WebAssembly', () => {
  afterEach(() => {
    setWasmEnabled(true);
  });

  it("falls back to the tape when WebAssembly is disabled: 'auto' compiles to the tape, bit-identical to eager", () => {
    setWasmEnabled(false);
    const step = valueAndGrad((x: Tensor) => activations.get('gelu')(x).sum());
    const f = jit(step);
    const x = tensor(sweep(-5, 5, 1000));
    const got = f(x);
    expect(f.backend).toBe('tape');
    const want = step(x);
    expect(Array.from(got.grads.data())).toEqual(Array.from((want.grads as Tensor).data()));
    expect(got.value.item()).toBe(want.value.item());
  });

  it("backend 'wasm' without WebAssembly is a GradflowError that names the fallback", () => {
    setWasmEnabled(false);
    const f = jit((x: Tensor) => x.mul(2), WASM);
    expect(() => f(tensor([1]))).toThrow(GradflowError);
    expect(() => f(tensor([1]))).toThrow(/jit: backend "wasm" needs WebAssembly with SIMD.*"auto"/);
  });
});
