import { GradflowError, fmtShape } from './errors.js';
import { add, cast, concat, mul, reshape } from './ops.js';
import { RandomGenerator } from './random.js';
import { Tensor } from './tensor.js';
import { vjp } from './transforms.js';

export interface CheckGradsOptions {
  /** Highest derivative order checked (1: gradients; 2: also gradients of gradients; ...). Default 2. */
  order?: number;
  /** Finite-difference step along the random direction. Default 1e-3 (fourth-order stencil). */
  eps?: number;
  rtol?: number;
  atol?: number;
  /** Seed for the random directions and cotangents. Default 0. */
  seed?: number;
}

type F = (...xs: Tensor[]) => Tensor;

/** The measured agreement at one derivative order. */
export interface CheckGradsOrder {
  order: number;
  /** <J^T u, v> from the VJP. */
  autodiff: number;
  /** <u, J v> by the fourth-order central difference. */
  finiteDifference: number;
  /** |autodiff - finiteDifference|. */
  error: number;
  /** atol + rtol * max(|autodiff|, |finiteDifference|): the check passes when error <= tolerance. */
  tolerance: number;
}

/** What checkGrads returns when every order agrees: the measured errors, lowest order first. */
export interface CheckGradsReport {
  orders: CheckGradsOrder[];
}

/** Where a failing derivative is worst: one element of one argument, by coordinate differences. */
export interface CheckGradsWorst {
  /** Index of the argument in `inputs`. */
  argument: number;
  /** The element's index in the argument ([] for a scalar). */
  element: number[];
  autodiff: number;
  finiteDifference: number;
}

/** The error checkGrads throws: the message is the report; the fields are for programs. */
export class CheckGradsError extends GradflowError {
  constructor(
    message: string,
    readonly failed: CheckGradsOrder,
    readonly worst: CheckGradsWorst | null,
  ) {
    super('checkGrads', message);
  }
}

/** Fourth-order central difference of h at 0. */
function stencil(h: (t: number) => number, eps: number): number {
  return (8 * (h(eps) - h(-eps)) - (h(2 * eps) - h(-2 * eps))) / (12 * eps);
}

/** The multi-index of flat index k in a row-major shape. */
function unravel(k: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = k % shape[a]!;
    k = Math.floor(k / shape[a]!);
  }
  return idx;
}

/**
 * Localizes a mismatch: compares every element of every cotangent with the coordinate finite
 * difference of <u, f> and returns the element whose error is largest relative to its tolerance.
 */
function worstElement(
  fk: F,
  xs: readonly Tensor[],
  u: Tensor,
  cts: readonly Tensor[],
  eps: number,
  rtol: number,
  atol: number,
): CheckGradsWorst | null {
  let worst: CheckGradsWorst | null = null;
  let worstRatio = -1;
  xs.forEach((x, i) => {
    const ad = cast(cts[i]!, 'float64')._data;
    for (let j = 0; j < x.size; j++) {
      const h = (t: number): number => {
        const d = Float64Array.from(x._data);
        d[j] = d[j]! + t;
        const args = xs.slice();
        args[i] = new Tensor(d, x.shape.slice(), 'float64');
        return dot(u, cast(fk(...args), 'float64'));
      };
      const fd = stencil(h, eps);
      const a = ad[j]!;
      const tol = atol + rtol * Math.max(Math.abs(a), Math.abs(fd));
      const ratio = Number.isNaN(a - fd) ? Infinity : Math.abs(a - fd) / tol;
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = { argument: i, element: unravel(j, x.shape), autodiff: a, finiteDifference: fd };
      }
    }
  });
  return worst;
}

function randomLike(g: RandomGenerator, t: Tensor): Tensor {
  const d = new Float64Array(t.size);
  for (let i = 0; i < d.length; i++) d[i] = g.normal();
  return new Tensor(d, t.shape.slice(), 'float64');
}

function dot(a: Tensor, b: Tensor): number {
  const x = a._data;
  const y = b._data;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/** The cotangents of a VJP flattened into one vector, so that the VJP is again a function of xs. */
function vjpFunction(f: F, u: Tensor): F {
  return (...xs) => {
    const cts = vjp(f, ...xs).vjp(u);
    return concat(
      cts.map((c) => reshape(c, [-1])),
      0,
    );
  };
}

/**
 * Compares the derivatives that autodiff derives for f with float64 central finite differences,
 * like JAX's check_grads: for random directions v (one per input) and a random output
 * cotangent u, <u, J v> by a fourth-order central difference must equal <J^T u, v> from the VJP.
 * Order k repeats the check on the flattened VJP function, so it covers k-th derivatives.
 * Inputs are promoted to float64. On success returns the measured error of every order; on a
 * mismatch throws a CheckGradsError whose report names the order, the argument and the element
 * where the derivative is worst (found by coordinate finite differences).
 */
export function checkGrads(
  f: F,
  inputs: readonly (Tensor | number)[],
  options: CheckGradsOptions = {},
): CheckGradsReport {
  const order = options.order ?? 2;
  const eps = options.eps ?? 1e-3;
  const rtol = options.rtol ?? 1e-6;
  const atol = options.atol ?? 1e-8;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(order) || order < 1)
    throw new GradflowError('checkGrads', `order must be an integer >= 1, got ${order}`);
  if (!(eps > 0) || !Number.isFinite(eps))
    throw new GradflowError('checkGrads', `eps must be a finite number > 0, got ${eps}`);
  if (!(rtol >= 0))
    throw new GradflowError('checkGrads', `rtol must be a number >= 0, got ${rtol}`);
  if (!(atol >= 0))
    throw new GradflowError('checkGrads', `atol must be a number >= 0, got ${atol}`);
  if (!Number.isSafeInteger(seed))
    throw new GradflowError('checkGrads', `seed must be a safe integer, got ${seed}`);
  if (!Array.isArray(inputs) || inputs.length === 0)
    throw new GradflowError('checkGrads', 'inputs must be a non-empty array of tensors');
  const xs = inputs.map((x, i) => {
    if (typeof x === 'number') return new Tensor(Float64Array.of(x), [], 'float64');
    if (!(x instanceof Tensor))
      throw new GradflowError('checkGrads', `input ${i} must be a Tensor or a number`);
    return cast(x, 'float64');
  });
  const g = new RandomGenerator(seed);
  const orders: CheckGradsOrder[] = [];
  let fk: F = f;
  for (let k = 1; k <= order; k++) {
    const y = fk(...xs);
    if (!(y instanceof Tensor))
      throw new GradflowError('checkGrads', `the function must return a Tensor, got ${typeof y}`);
    const u = randomLike(g, y);
    const vs = xs.map((x) => randomLike(g, x));
    const h = (t: number): number =>
      dot(u, cast(fk(...xs.map((x, i) => add(x, mul(vs[i]!, t)))), 'float64'));
    const fd = stencil(h, eps);
    const cts = vjp(fk, ...xs).vjp(u);
    let ad = 0;
    cts.forEach((c, i) => (ad += dot(cast(c, 'float64'), vs[i]!)));
    const err = Math.abs(ad - fd);
    const tol = atol + rtol * Math.max(Math.abs(ad), Math.abs(fd));
    const measured = { order: k, autodiff: ad, finiteDifference: fd, error: err, tolerance: tol };
    if (!(err <= tol)) {
      const worst = worstElement(fk, xs, u, cts, eps, rtol, atol);
      const where = worst
        ? `  worst at argument ${worst.argument}, element ${fmtShape(worst.element)}: autodiff ${worst.autodiff}, finite difference ${worst.finiteDifference}`
        : '  (no element to localize: every input is empty)';
      throw new CheckGradsError(
        [
          `order-${k} derivative mismatch (seed ${seed})`,
          where,
          `  inputs: ${xs.map((x) => fmtShape(x.shape)).join(', ')}; output ${fmtShape(y.shape)}`,
          `  autodiff <J^T u, v> = ${ad}`,
          `  finite difference <u, J v> = ${fd} (eps ${eps})`,
          `  |difference| = ${err.toExponential(3)} > tolerance ${tol.toExponential(3)} (atol ${atol}, rtol ${rtol})`,
        ].join('\n'),
        measured,
        worst,
      );
    }
    orders.push(measured);
    if (k < order) fk = vjpFunction(fk, u);
  }
  return { orders };
}
