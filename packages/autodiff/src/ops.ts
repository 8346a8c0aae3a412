import { type DType, DTYPES, isDType } from './dtype.js';
import { GradflowError, fmtShape } from './errors.js';
import { type Ops, registerOps } from './dispatch.js';
import { apply, applyOperands, withScope, stopGradient as stop } from './engine.js';
import { primitives as P } from './primitives/index.js';
import {
  type Shape,
  checkShape,
  normalizeAxes,
  normalizeAxis,
  reducedShape,
  sameShape,
  sizeOf,
} from './shape.js';
import { Tensor, full } from './tensor.js';
import { checkBooleanArg, checkNumberArray, describeValue } from './validate.js';
import { composePow } from './pow.js';

/** A tensor, or a plain number that takes the dtype of the tensors it meets. */
export type TensorLike = Tensor | number;
type Axes = number | readonly number[] | null | undefined;

/**
 * Rank-0 constants by value, per dtype. Tensors never change, so the literals of a composition
 * (its coefficients, the 0 and 1 of a where) are made once instead of once per call; the maps
 * are emptied when they reach CONSTANT_LIMIT entries. -0 is not cached (a Map key equates it
 * with 0).
 */
const constants: Record<DType, Map<number, Tensor>> = { float32: new Map(), float64: new Map() };
const CONSTANT_LIMIT = 4096;

function constant(x: number, dtype: DType): Tensor {
  if (Object.is(x, -0)) return full([], x, dtype);
  const cache = constants[dtype];
  let t = cache.get(x);
  if (t === undefined) {
    if (cache.size >= CONSTANT_LIMIT) cache.clear();
    t = full([], x, dtype);
    cache.set(x, t);
  }
  return t;
}

/** Turns numbers into rank-0 tensors of `dtype`; rejects anything else that is not a Tensor. */
function lift(op: string, x: unknown, dtype: DType): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number') return constant(x, dtype);
  throw new GradflowError(
    op,
    `expected a Tensor or a number, got ${describeValue(x)}${Array.isArray(x) ? ' (wrap it with tensor())' : ''}`,
  );
}

function unary(prim: (typeof P)[keyof typeof P], x: unknown): Tensor {
  return applyOperands(prim as never, null as never, lift(prim.name, x, 'float32'));
}

/** The dtype numbers take next to a and b: float64 if either is, float32 otherwise. */
function dtypeOf(a: unknown, b: unknown): DType {
  return (a instanceof Tensor && a.dtype === 'float64') ||
    (b instanceof Tensor && b.dtype === 'float64')
    ? 'float64'
    : 'float32';
}

function binary(prim: (typeof P)[keyof typeof P], a: TensorLike, b: TensorLike): Tensor {
  const d = dtypeOf(a, b);
  return applyOperands(prim as never, null as never, lift(prim.name, a, d), lift(prim.name, b, d));
}

// ---- primitives as functions ----

export const neg = (x: TensorLike): Tensor => unary(P.neg, x);
export const exp = (x: TensorLike): Tensor => unary(P.exp, x);
export const expm1 = (x: TensorLike): Tensor => unary(P.expm1, x);
export const log = (x: TensorLike): Tensor => unary(P.log, x);
export const log1p = (x: TensorLike): Tensor => unary(P.log1p, x);
export const sqrt = (x: TensorLike): Tensor => unary(P.sqrt, x);
export const abs = (x: TensorLike): Tensor => unary(P.abs, x);
export const erf = (x: TensorLike): Tensor => unary(P.erf, x);
export const erfc = (x: TensorLike): Tensor => unary(P.erfc, x);
export const sin = (x: TensorLike): Tensor => unary(P.sin, x);
export const cos = (x: TensorLike): Tensor => unary(P.cos, x);

export const add = (a: TensorLike, b: TensorLike): Tensor => binary(P.add, a, b);
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary(P.sub, a, b);
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary(P.mul, a, b);
export const div = (a: TensorLike, b: TensorLike): Tensor => binary(P.div, a, b);
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary(P.maximum, a, b);
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary(P.minimum, a, b);
export const greater = (a: TensorLike, b: TensorLike): Tensor => binary(P.greater, a, b);
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor => binary(P.greaterEqual, a, b);
export const less = (a: TensorLike, b: TensorLike): Tensor => binary(P.less, a, b);
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor => binary(P.lessEqual, a, b);
export const equal = (a: TensorLike, b: TensorLike): Tensor => binary(P.equal, a, b);

/** Elementwise choice: a where cond is nonzero, else b (broadcasting all three). */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const d = dtypeOf(a, b);
  return applyOperands(
    P.where,
    null,
    lift('where', cond, d),
    lift('where', a, d),
    lift('where', b, d),
  );
}

export function sum(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  const t = lift('sum', x, 'float32');
  const k = checkBooleanArg('sum', 'keepDims', keepDims);
  return apply(P.sum, [t], { axes: normalizeAxes('sum', axes, t.rank), keepDims: k });
}

export function max(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  const t = lift('max', x, 'float32');
  const k = checkBooleanArg('max', 'keepDims', keepDims);
  return apply(P.max, [t], { axes: normalizeAxes('max', axes, t.rank), keepDims: k });
}

/** Reshape; one dimension may be -1 and is inferred. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const t = lift('reshape', x, 'float32');
  if (!Array.isArray(shape))
    throw new GradflowError('reshape', `shape must be an array, got ${describeValue(shape)}`);
  const inferred = shape.indexOf(-1);
  let s: number[];
  if (inferred >= 0 && shape.lastIndexOf(-1) === inferred) {
    const rest = checkShape(
      'reshape',
      shape.filter((_, i) => i !== inferred),
    );
    const known = sizeOf(rest);
    if (known === 0 || t.size % known !== 0) {
      throw new GradflowError(
        'reshape',
        `cannot reshape a tensor of shape ${fmtShape(t.shape)} (${t.size} elements) to ${fmtShape(shape)}`,
      );
    }
    s = shape.slice();
    s[inferred] = t.size / known;
  } else s = checkShape('reshape', shape);
  if (sameShape(s, t.shape)) return t;
  return apply(P.reshape, [t], { shape: s });
}

/** Permutes axes; the default reverses them (matrix transpose for rank 2). */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const t = lift('transpose', x, 'float32');
  const p =
    perm === undefined
      ? t.shape.map((_, i) => t.rank - 1 - i)
      : checkNumberArray('transpose', 'perm', perm).map((a) => (a < 0 ? a + t.rank : a));
  return apply(P.transpose, [t], { perm: p });
}

export function broadcastTo(x: TensorLike, shape: readonly number[]): Tensor {
  const t = lift('broadcastTo', x, 'float32');
  const s = checkShape('broadcastTo', shape);
  if (sameShape(s, t.shape)) return t;
  return apply(P.broadcastTo, [t], { shape: s });
}

/** The block starting at `begin`; a size of -1 runs to the end of that axis. */
export function slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor {
  const t = lift('slice', x, 'float32');
  checkNumberArray('slice', 'begin', begin);
  checkNumberArray('slice', 'size', size);
  const sz = size.map((s, i) => (s === -1 ? t.shape[i]! - (begin[i] ?? 0) : s));
  return apply(P.slice, [t], { begin: begin.slice(), size: sz });
}

export function pad(x: Tensor, paddings: readonly (readonly [number, number])[]): Tensor {
  if (!Array.isArray(paddings) || paddings.some((p) => !Array.isArray(p) || p.length !== 2))
    throw new GradflowError(
      'pad',
      `paddings must be an array of [before, after] pairs, got ${describeValue(paddings)}`,
    );
  return apply(P.pad, [lift('pad', x, 'float32')], {
    paddings: paddings.map((p) => [p[0], p[1]] as const),
  });
}

export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0)
    throw new GradflowError('concat', 'needs a non-empty array of tensors');
  const ts = xs.map((x) => lift('concat', x, 'float32'));
  return apply(P.concat, ts, { axis: normalizeAxis('concat', axis, ts[0]!.rank) });
}

export function cast(x: Tensor, dtype: DType): Tensor {
  const t = lift('cast', x, 'float32');
  if (!isDType(dtype))
    throw new GradflowError(
      'cast',
      `unknown dtype ${JSON.stringify(dtype)}; valid dtypes: ${DTYPES.join(', ')}`,
    );
  if (t.dtype === dtype) return t;
  return apply(P.cast, [t], { dtype });
}

/** Matrix product with NumPy semantics: 1-D operands are promoted to a row/column and squeezed back. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const x = lift('matmul', a, 'float32');
  const y = lift('matmul', b, 'float32');
  if (x.rank === 0 || y.rank === 0) {
    throw new GradflowError(
      'matmul',
      `operands must have rank >= 1, got shapes ${fmtShape(x.shape)} and ${fmtShape(y.shape)}`,
    );
  }
  const x2 = x.rank === 1 ? reshape(x, [1, x.shape[0]!]) : x;
  const y2 = y.rank === 1 ? reshape(y, [y.shape[0]!, 1]) : y;
  if (x2.shape[x2.rank - 1] !== y2.shape[y2.rank - 2]) {
    throw new GradflowError(
      'matmul',
      `shapes ${fmtShape(x.shape)} and ${fmtShape(y.shape)} are not aligned: the last axis of the first (${x.shape[x.rank - 1]}) must equal the ${y.rank === 1 ? 'only' : 'second-to-last'} axis of the second (${y2.shape[y2.rank - 2]})`,
    );
  }
  const out = apply(P.matmul, [x2, y2], null);
  if (x.rank > 1 && y.rank > 1) return out;
  const s = out.shape.slice();
  if (y.rank === 1) s.pop();
  if (x.rank === 1) s.splice(s.length - (y.rank === 1 ? 1 : 2), 1);
  return reshape(out, s);
}

/** The matmul primitive with operands entering transposed, read in place (for VJP rules). */
function matmulT(
  a: Tensor,
  b: Tensor,
  attrs: { readonly transposeA?: boolean; readonly transposeB?: boolean },
): Tensor {
  return apply(P.matmul, [a, b], attrs);
}

// ---- compositions ----

/** x^2 as x * x. */
export function square(x: TensorLike): Tensor {
  return withScope('square', () => {
    const t = lift('square', x, 'float32');
    return mul(t, t);
  });
}

/** tan(x) = sin(x) / cos(x); tan'(x) = (cos² + sin²) / cos² = 1 / cos²(x) by the chain rule. */
export function tan(x: TensorLike): Tensor {
  return withScope('tan', () => {
    const t = lift('tan', x, 'float32');
    return div(sin(t), cos(t));
  });
}

/**
 * x^y with NumPy's float semantics: exact for integer exponents given as numbers (negative bases
 * included: pow(-2, 3) = -8), NaN for negative bases with non-integer exponents. The composition
 * and the derivative at x = 0 are documented in pow.ts.
 */
export function pow(x: TensorLike, y: TensorLike): Tensor {
  return withScope('pow', () => {
    const d = dtypeOf(x, y);
    if (typeof y !== 'number' && !(y instanceof Tensor))
      throw new GradflowError(
        'pow',
        `exponent: expected a Tensor or a number, got ${describeValue(y)}`,
      );
    return composePow(ops, lift('pow', x, d), y);
  });
}

/** -1, 0 or 1 (0 at ±0, NaN at NaN, so abs'(NaN) is NaN). No gradient. */
export function sign(x: TensorLike): Tensor {
  const t = lift('sign', x, 'float32');
  return where(equal(t, t), sub(greater(t, 0), less(t, 0)), t);
}

export function zerosLike(x: Tensor): Tensor {
  return full(x.shape, 0, x.dtype);
}

export function onesLike(x: Tensor): Tensor {
  return full(x.shape, 1, x.dtype);
}

/** Sums x down to `shape` over broadcast axes: the one place where broadcasting is undone. */
export function sumTo(x: Tensor, shape: Shape): Tensor {
  if (sameShape(x.shape, shape)) return x;
  const lead = x.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < x.rank; i++)
    if (i < lead || (shape[i - lead] === 1 && x.shape[i] !== 1)) axes.push(i);
  return reshape(sum(x, axes, true), shape);
}

export function mean(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  return withScope('mean', () => {
    const t = lift('mean', x, 'float32');
    const ax = normalizeAxes('mean', axes, t.rank);
    const n = ax.reduce((acc, a) => acc * t.shape[a]!, 1);
    return div(sum(t, ax, checkBooleanArg('mean', 'keepDims', keepDims)), n);
  });
}

/** The max over axes as a constant (no gradient), with infinite maxima replaced by 0. */
function stableShift(x: Tensor, ax: number[]): Tensor {
  const m = stop(max(x, ax, true));
  return where(less(abs(m), Infinity), m, 0);
}

/** log(sum(exp(x))) over axes, shifted by the max (which carries no gradient; any shift is exact). */
export function logsumexp(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  return withScope('logsumexp', () => {
    const t = lift('logsumexp', x, 'float32');
    const ax = normalizeAxes('logsumexp', axes, t.rank);
    const keep = checkBooleanArg('logsumexp', 'keepDims', keepDims);
    // the log of an empty sum is -inf (NumPy, SciPy); there is no max to shift by
    if (t.size === 0) return full(reducedShape(t.shape, ax, keep), -Infinity, t.dtype);
    const m = stableShift(t, ax);
    const lse = add(log(sum(exp(sub(t, m)), ax, true)), m);
    return keep ? lse : reshape(lse, reducedShape(t.shape, ax, false));
  });
}

/** Accepts an axis or the activations' options object `{ axis }`. */
function axisOf(a: number | { axis?: number }): number {
  return typeof a === 'object' && a !== null ? (a.axis ?? -1) : a;
}

/** softmax(x)_i = exp(x_i - m) / sum_j exp(x_j - m) along axis, m the (constant) max. */
export function softmax(x: Tensor, axis: number | { axis?: number } = -1): Tensor {
  return withScope('softmax', () => {
    const t = lift('softmax', x, 'float32');
    const ax = normalizeAxes('softmax', axisOf(axis), t.rank);
    if (t.size === 0) return t; // an empty tensor's softmax is empty (JAX, PyTorch)
    const e = exp(sub(t, stableShift(t, ax)));
    return div(e, sum(e, ax, true));
  });
}

/** log_softmax(x) = (x - m) - log(sum(exp(x - m))) along axis: no log of a rounded-to-zero softmax. */
export function logSoftmax(x: Tensor, axis: number | { axis?: number } = -1): Tensor {
  return withScope('log_softmax', () => {
    const t = lift('logSoftmax', x, 'float32');
    const ax = normalizeAxes('logSoftmax', axisOf(axis), t.rank);
    if (t.size === 0) return t;
    const z = sub(t, stableShift(t, ax));
    return sub(z, log(sum(exp(z), ax, true)));
  });
}

export const ops: Ops = {
  neg,
  add,
  sub,
  mul,
  div,
  exp,
  expm1,
  log,
  log1p,
  sqrt,
  abs,
  erf,
  erfc,
  sin,
  cos,
  maximum,
  minimum,
  greater,
  greaterEqual,
  less,
  lessEqual,
  equal,
  where,
  sum,
  max,
  mean,
  reshape,
  transpose,
  broadcastTo,
  slice,
  pad,
  concat,
  cast,
  matmul,
  matmulT,
  square,
  sign,
  tan,
  pow,
  sumTo,
  zerosLike,
};

registerOps(ops);
