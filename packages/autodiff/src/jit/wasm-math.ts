import type { FunctionBuilder, ModuleBuilder } from '../wasm/emitter.js';

/*
 * float32 exp, expm1, log, log1p, erf and erfc on four lanes at once (f32x4), as WebAssembly
 * functions (v128) -> v128 that the jit's fused kernels call. Branch-free: every lane computes
 * every case and v128.bitselect keeps the right one. Error bounds in ulps of the exact result
 * (so 0.5 is correct rounding), as test/jit-wasm.test.ts measures them over 420,000 float32
 * inputs per function against float64 references (below 2^-126 an ulp is 2^-149):
 *   exp    <= 1.5 ulp  on [-110, 90]: range reduction by ln 2 (Cody-Waite), Taylor degree 7 on
 *                      |r| <= ln2/2, 2^n applied in two halves so that subnormal results and
 *                      overflow to infinity come out right
 *   expm1  <= 4 ulp    on [-20, 89]: Taylor degree 8 below |x| = ln2/2, exp(x) - 1 above
 *   log    <= 3 ulp    on [1e-30, 1e30]: x = m 2^k, m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(s)
 *   log1p  <= 3 ulp    on (-1, 1e6]: log(1 + x) plus the rounding correction (x - ((1+x) - 1)) / (1+x)
 *   erf    <= 3 ulp    on [-6, 6]: Taylor degree 13 below |x| = 1/2, 1 - erfc(|x|) above
 *   erfc   <= 7 ulp    on [-6, 11]: Numerical Recipes' erfcc (fractional error < 1.2e-7), with
 *                      e^(-x^2) split as e^(-h^2) e^(-(x-h)(x+h)) so that x^2 is not rounded away
 * NaN in gives NaN out; log and log1p give -infinity at 0 and NaN below.
 */

export const MATH_FUNCS = ['exp', 'expm1', 'log', 'log1p', 'erfc', 'erf'] as const;
export type MathFunc = (typeof MATH_FUNCS)[number];

const SIG = { params: ['v128'], results: ['v128'] } as const;

/** Pushes splat(c) as f32x4. */
function k(f: FunctionBuilder, c: number): FunctionBuilder {
  return f.f32.const(c).f32x4.splat();
}

/** Pushes splat(c) as i32x4. */
function ki(f: FunctionBuilder, c: number): FunctionBuilder {
  return f.i32.const(c).i32x4.splat();
}

/** Horner: with x in local `x`, pushes c[0] + x (c[1] + x (c[2] + ...)). */
function horner(f: FunctionBuilder, x: number, c: readonly number[]): void {
  k(f, c[c.length - 1]!);
  for (let i = c.length - 2; i >= 0; i--)
    f.local.get(x).f32x4.mul().f32.const(c[i]!).f32x4.splat().f32x4.add();
}

/** 2^n for i32x4 n in [-126, 127], from the exponent bits. */
function pow2(f: FunctionBuilder, n: number): void {
  f.local.get(n);
  ki(f, 127).i32x4.add().i32.const(23).i32x4.shl();
}

const LN2_HI = 0.693145751953125; // 0x3f317200: n * LN2_HI is exact for |n| < 2^11
const LN2_LO = 1.428606765330187e-6;

function emitExp(f: FunctionBuilder): void {
  const x = 0;
  const n = f.addLocal('v128');
  const r = f.addLocal('v128');
  const ni = f.addLocal('v128');
  const h = f.addLocal('v128');
  // clamp: below -104 the result rounds to 0, above 89 to infinity (min/max keep NaN)
  f.local.get(x);
  k(f, -104).f32x4.max();
  k(f, 89).f32x4.min().local.set(x);
  f.local.get(x);
  k(f, Math.LOG2E).f32x4.mul().f32x4.nearest().local.tee(n);
  f.i32x4.trunc_sat_f32x4_s().local.set(ni);
  f.local.get(x).local.get(n);
  k(f, LN2_HI).f32x4.mul().f32x4.sub().local.get(n);
  k(f, LN2_LO).f32x4.mul().f32x4.sub().local.set(r);
  horner(f, r, [1, 1, 1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 720, 1 / 5040]);
  // times 2^h times 2^(n - h), h = n >> 1: each factor normal for n in [-151, 129]
  f.local.get(ni).i32.const(1).i32x4.shr_s().local.set(h);
  pow2(f, h);
  f.f32x4.mul().local.get(ni).local.get(h).i32x4.sub().local.set(h);
  pow2(f, h);
  f.f32x4.mul();
}

function emitExpm1(f: FunctionBuilder): void {
  const x = 0;
  const t = f.addLocal('v128');
  // small |x|: x + x^2 (1/2 + x (1/6 + ...)), Taylor to degree 8
  horner(f, x, [1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 720, 1 / 5040, 1 / 40320]);
  f.local.get(x).f32x4.mul().local.get(x).f32x4.mul().local.get(x).f32x4.add().local.set(t);
  f.local.get(t).local.get(x).call('exp');
  k(f, 1).f32x4.sub();
  f.local.get(x).f32x4.abs();
  k(f, 0.34657359).f32x4.lt().v128.bitselect();
}

/** log(u) for u in local `u` (u > 0 normal or the special cases), leaves it on the stack. */
function emitLogCore(f: FunctionBuilder, u: number): void {
  const kk = f.addLocal('v128');
  const s = f.addLocal('v128');
  const z = f.addLocal('v128');
  const m = f.addLocal('v128');
  // u = m 2^k, m in [sqrt(1/2), sqrt(2))
  f.local.get(u);
  ki(f, 0x3f3504f3).i32x4.sub().i32.const(23).i32x4.shr_s().local.set(kk);
  f.local.get(u).local.get(kk).i32.const(23).i32x4.shl().i32x4.sub().local.set(m);
  // s = (m - 1) / (m + 1); log m = 2 (s + s^3/3 + s^5/5 + ...)
  f.local.get(m);
  k(f, 1).f32x4.sub().local.get(m);
  k(f, 1).f32x4.add().f32x4.div().local.tee(s).local.get(s).f32x4.mul().local.set(z);
  horner(f, z, [2, 2 / 3, 2 / 5, 2 / 7, 2 / 9, 2 / 11]);
  f.local.get(s).f32x4.mul();
  f.local.get(kk).f32x4.convert_i32x4_s().local.tee(kk);
  k(f, LN2_LO).f32x4.mul().f32x4.add().local.get(kk);
  k(f, LN2_HI).f32x4.mul().f32x4.add();
  // special cases: u = +inf -> +inf, u = 0 -> -inf, u < 0 or NaN -> NaN
  const r = f.addLocal('v128');
  f.local.set(r);
  k(f, Infinity).local.get(r).local.get(u);
  k(f, Infinity).f32x4.eq().v128.bitselect().local.set(r);
  k(f, -Infinity).local.get(r).local.get(u);
  k(f, 0).f32x4.eq().v128.bitselect().local.set(r);
  k(f, NaN).local.get(r).local.get(u);
  k(f, 0).f32x4.lt().v128.bitselect().local.set(r);
  k(f, NaN).local.get(r).local.get(u).local.get(u).f32x4.ne().v128.bitselect();
}

function emitLog(f: FunctionBuilder): void {
  emitLogCore(f, 0);
}

function emitLog1p(f: FunctionBuilder): void {
  const x = 0;
  const u = f.addLocal('v128');
  f.local.get(x);
  k(f, 1).f32x4.add().local.set(u);
  emitLogCore(f, u);
  // + (x - (u - 1)) / u: what rounding 1 + x lost; 0 where u is 0 or infinite
  const c = f.addLocal('v128');
  f.local.get(x).local.get(u);
  k(f, 1).f32x4.sub().f32x4.sub().local.get(u).f32x4.div().local.set(c);
  f.local.get(c);
  k(f, 0).local.get(c).local.get(c).f32x4.eq().v128.bitselect();
  f.f32x4.add();
}

// Numerical Recipes erfcc: erfc(z) = t exp(-z^2 + P(t)), t = 1 / (1 + z/2), z >= 0
const ERFC = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587,
  -0.82215223, 0.17087277,
];

function emitErfc(f: FunctionBuilder): void {
  const x = 0;
  const z = f.addLocal('v128');
  const t = f.addLocal('v128');
  const h = f.addLocal('v128');
  f.local.get(x).f32x4.abs().local.set(z);
  k(f, 1).local.get(z);
  k(f, 0.5).f32x4.mul();
  k(f, 1).f32x4.add().f32x4.div().local.set(t);
  // h = z with the low 12 mantissa bits cleared: h^2 is exact
  f.local.get(z);
  ki(f, -4096).v128.and().local.set(h);
  f.local.get(t);
  f.local.get(h).local.get(h).f32x4.mul().f32x4.neg().call('exp').f32x4.mul();
  horner(f, t, ERFC);
  f.local
    .get(z)
    .local.get(h)
    .f32x4.sub()
    .local.get(z)
    .local.get(h)
    .f32x4.add()
    .f32x4.mul()
    .f32x4.sub();
  f.call('exp').f32x4.mul().local.set(t);
  // erfc(inf) = 0 (the split above gives inf - inf there)
  k(f, 0).local.get(t).local.get(z);
  k(f, Infinity).f32x4.eq().v128.bitselect().local.set(t);
  // x < 0: 2 - erfc(|x|)
  k(f, 2).local.get(t).f32x4.sub().local.get(t).local.get(x);
  k(f, 0).f32x4.lt().v128.bitselect();
}

function emitErf(f: FunctionBuilder): void {
  const x = 0;
  const z = f.addLocal('v128');
  const c = 2 / Math.sqrt(Math.PI);
  f.local.get(x).local.get(x).f32x4.mul().local.set(z);
  horner(f, z, [c, -c / 3, c / 10, -c / 42, c / 216, -c / 1320, c / 9360]);
  f.local.get(x).f32x4.mul();
  // |x| >= 1/2: copysign(1 - erfc(|x|), x)
  k(f, 1).local.get(x).f32x4.abs().call('erfc').f32x4.sub();
  f.local.get(x);
  ki(f, -0x80000000).v128.and().v128.or();
  f.local.get(x).f32x4.abs();
  k(f, 0.5).f32x4.lt();
  // stack: small, big, mask -> bitselect(small, big, mask) needs (small, big, mask) in order
  f.v128.bitselect();
}

const EMIT: Record<MathFunc, (f: FunctionBuilder) => void> = {
  exp: emitExp,
  expm1: emitExpm1,
  log: emitLog,
  log1p: emitLog1p,
  erfc: emitErfc,
  erf: emitErf,
};

/** Adds the math functions to a module (in dependency order: exp before its callers). */
export function addMathFuncs(m: ModuleBuilder): void {
  for (const name of MATH_FUNCS) m.func(name, SIG, EMIT[name], { exported: false });
}
