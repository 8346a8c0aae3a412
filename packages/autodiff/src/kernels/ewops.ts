import type { TypedArray } from '../dtype.js';
import { expIntoFloat32, expm1IntoFloat32 } from './exp32.js';
import { erf, erfc } from './special.js';

/*
 * The elementwise semantics of every elementwise primitive, written once. Each op has a code
 * (its row in EW) and one loop body below; the eager kernels (kernels/elementwise.ts), the jit's
 * tape interpreter (jit/tape.ts) and the WebAssembly code generator (jit/wasm-codegen.ts, which
 * lowers the same codes) all run these codes, so no primitive file carries a loop of its own.
 *
 * Each op is one small function holding its loop, called through a table indexed by code: the
 * call site is polymorphic, so V8 never inlines these functions into a caller and optimizes each
 * loop on its own, as tightly as a hand-written loop. (A loop calling a per-op callback, or one
 * made by a factory, whose closures share type feedback, is megamorphic and about 6x slower; one
 * function with a switch of loops measured 1.5-2x slower.) Operands are addressed as array plus offset: element k of the
 * output reads x[k + dx], so the same loop serves a whole buffer (eager, dx = 0) and a chunk of a
 * buffer read into a small register (the tape, dx = chunk start).
 */

// prettier-ignore
export const EW = {
  // unary: o = f(x)
  neg: 0, abs: 1, sqrt: 2, exp: 3, expm1: 4, log: 5, log1p: 6, erf: 7, erfc: 8, sin: 9, cos: 10,
  copy: 11,
  // binary: o = f(x, y); comparisons give 1 or 0
  add: 12, sub: 13, mul: 14, div: 15, maximum: 16, minimum: 17,
  greater: 18, greaterEqual: 19, less: 20, lessEqual: 21, equal: 22,
  // ternary: o = c !== 0 ? a : b
  where: 23,
} as const;

export type EwName = keyof typeof EW;
export type EwCode = (typeof EW)[EwName];

/** Number of operands of each code. */
export function ewArity(code: number): 1 | 2 | 3 {
  return code < EW.add ? 1 : code < EW.where ? 2 : 3;
}

export const EW_NAMES = Object.keys(EW) as EwName[];

export function isEwName(op: string): op is EwName {
  return Object.hasOwn(EW, op) && op !== 'copy';
}

/** o[k] = f(x[k + dx]) for start <= k < end. */
export type UnaryLoop = (o: TypedArray, k: number, end: number, x: TypedArray, dx: number) => void;

/** o[k] = f(x[k + dx], y[k + dy]) for start <= k < end. */
export type BinaryLoop = (
  o: TypedArray,
  k: number,
  end: number,
  x: TypedArray,
  dx: number,
  y: TypedArray,
  dy: number,
) => void;

// prettier-ignore
const unary: Record<number, UnaryLoop> = {
  [EW.neg]: (o, k, end, x, dx) => { for (; k < end; k++) o[k] = -x[k + dx]!; },
  [EW.abs]: (o, k, end, x, dx) => { for (; k < end; k++) o[k] = Math.abs(x[k + dx]!); },
  [EW.sqrt]: (o, k, end, x, dx) => { for (; k < end; k++) o[k] = Math.sqrt(x[k + dx]!); },
  // float32 outputs of exp and expm1: the faster kernels with the rounding of fround(Math.exp(x))
  [EW.exp]: (o, k, end, x, dx) => {
    if (o instanceof Float32Array) expIntoFloat32(o, x, k, end, dx);
    else for (; k < end; k++) o[k] = Math.exp(x[k + dx]!);
  },
  [EW.expm1]: (o, k, end, x, dx) => {
    if (o instanceof Float32Array) expm1IntoFloat32(o, x, k, end, dx);
    else for (; k < end; k++) o[k] = Math.expm1(x[k + dx]!);
  },
  [EW.log]: (o, k, end, x, dx) => { for (; k < end; k++) o[k] = Math.log(x[k + dx]!); },
  [EW.log1p]: (o, k, end, x, dx) => { for (; k < end; k++) o[k] = Math.log1p(x[k + dx]!); },
  [EW.erf]: (o, k, end, x, dx) => { for (; k < end; k++) o[k] = erf(x[k + dx]!); },
  [EW.erfc]: (o, k, end, x, dx) => { for (; k < end; k++) o[k] = erfc(x[k + dx]!); },
  [EW.sin]: (o, k, end, x, dx) => { for (; k < end; k++) o[k] = Math.sin(x[k + dx]!); },
  [EW.cos]: (o, k, end, x, dx) => { for (; k < end; k++) o[k] = Math.cos(x[k + dx]!); },
  // the store rounds a float64 value to float32 (cast)
  [EW.copy]: (o, k, end, x, dx) => { for (; k < end; k++) o[k] = x[k + dx]!; },
};

// prettier-ignore
const binary: Record<number, BinaryLoop> = {
  [EW.add]: (o, k, end, x, dx, y, dy) => { for (; k < end; k++) o[k] = x[k + dx]! + y[k + dy]!; },
  [EW.sub]: (o, k, end, x, dx, y, dy) => { for (; k < end; k++) o[k] = x[k + dx]! - y[k + dy]!; },
  [EW.mul]: (o, k, end, x, dx, y, dy) => { for (; k < end; k++) o[k] = x[k + dx]! * y[k + dy]!; },
  [EW.div]: (o, k, end, x, dx, y, dy) => { for (; k < end; k++) o[k] = x[k + dx]! / y[k + dy]!; },
  // NaN-propagating: a NaN on either side wins
  [EW.maximum]: (o, k, end, x, dx, y, dy) => {
    for (; k < end; k++) { const u = x[k + dx]!, v = y[k + dy]!; o[k] = u > v || u !== u ? u : v; }
  },
  [EW.minimum]: (o, k, end, x, dx, y, dy) => {
    for (; k < end; k++) { const u = x[k + dx]!, v = y[k + dy]!; o[k] = u < v || u !== u ? u : v; }
  },
  [EW.greater]: (o, k, end, x, dx, y, dy) => { for (; k < end; k++) o[k] = x[k + dx]! > y[k + dy]! ? 1 : 0; },
  [EW.greaterEqual]: (o, k, end, x, dx, y, dy) => { for (; k < end; k++) o[k] = x[k + dx]! >= y[k + dy]! ? 1 : 0; },
  [EW.less]: (o, k, end, x, dx, y, dy) => { for (; k < end; k++) o[k] = x[k + dx]! < y[k + dy]! ? 1 : 0; },
  [EW.lessEqual]: (o, k, end, x, dx, y, dy) => { for (; k < end; k++) o[k] = x[k + dx]! <= y[k + dy]! ? 1 : 0; },
  [EW.equal]: (o, k, end, x, dx, y, dy) => { for (; k < end; k++) o[k] = x[k + dx]! === y[k + dy]! ? 1 : 0; },
};

/** The loop of a unary code. */
export function unaryLoop(op: number): UnaryLoop {
  return unary[op]!;
}

/** The loop of a binary code. */
export function binaryLoop(op: number): BinaryLoop {
  return binary[op]!;
}

/** o[k] = f(x[k + dx]) for start <= k < end, f the unary op with this code. */
export function runUnary(
  op: number,
  o: TypedArray,
  k: number,
  end: number,
  x: TypedArray,
  dx: number,
): void {
  unary[op]!(o, k, end, x, dx);
}

/** o[k] = f(x[k + dx], y[k + dy]) for start <= k < end, f the binary op with this code. */
export function runBinary(
  op: number,
  o: TypedArray,
  k: number,
  end: number,
  x: TypedArray,
  dx: number,
  y: TypedArray,
  dy: number,
): void {
  binary[op]!(o, k, end, x, dx, y, dy);
}

/** o[k] = c[k + dc] !== 0 ? a[k + da] : b[k + db] for start <= k < end. */
export function runWhere(
  o: TypedArray,
  k: number,
  end: number,
  c: TypedArray,
  dc: number,
  a: TypedArray,
  da: number,
  b: TypedArray,
  db: number,
): void {
  for (; k < end; k++) o[k] = c[k + dc] !== 0 ? a[k + da]! : b[k + db]!;
}
