/*
 * The numbers behind the activation gallery: f, f' and f'' derived by autodiff in float64 on a
 * grid, the analytic f' from the package's reference and the largest difference between the
 * two, and the saturation regions by gradientFlow's rule (|f'| below 5% of its maximum).
 */
import * as autodiff from '@gradflow/autodiff';
import {
  type Activation,
  type Tensor,
  activations,
  concat,
  grad,
  reshape,
  slice,
  tensor,
  zeros,
} from '@gradflow/autodiff';
import { SATURATION_THRESHOLD, activationSaturation } from '@gradflow/layers';

export type ParamValues = Record<string, number>;

/** `leaky_relu` -> `leakyRelu`: the package's named export of an activation id. */
export const camelCase = (id: string): string =>
  id.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Parameters that the functions take as booleans (the references take them as 0 or 1). */
export const BOOLEAN_PARAMS: ReadonlySet<string> = new Set(['approximate']);

/** Slider values as the named functions' options: 0/1 become false/true where a boolean is meant. */
export function optionValues(params: ParamValues): Record<string, number | boolean> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, BOOLEAN_PARAMS.has(k) ? v !== 0 : v]),
  );
}

/**
 * The activation with the given parameters: the package's named export called with an options
 * object (`leakyRelu(x, { negativeSlope })`), or the registry's function when there are none.
 */
export function activationWith(id: string, params: ParamValues): Activation {
  const base = activations.get(id);
  if (Object.keys(params).length === 0) return base;
  const named = (autodiff as unknown as Record<string, unknown>)[
    camelCase(activations.canonical(id))
  ];
  if (typeof named !== 'function') return base;
  const fn = named as (x: Tensor, options: Record<string, number | boolean>) => Tensor;
  const options = optionValues(params);
  return (x) => fn(x, options);
}

/**
 * How a non-elementwise activation is shown as a function of one number: on the pair (x, 0)
 * for softmax, log_softmax and sparsemax (output 0; softmax(x, 0)₀ is the logistic), and on
 * (x, x) for glu (so glu(x, x) = x·σ(x), which is silu). Returns what is plotted, in words.
 */
export function sliceDescription(id: string): string {
  return id === 'glu'
    ? 'glu on the pair (x, x): its output x·σ(x), which is silu'
    : `${id} on the pair (x, 0): its first output`;
}

/** A non-elementwise activation as an elementwise function of x on its 2-vector slice. */
export function sliceActivation(id: string, fn: Activation): Activation {
  return (x) => {
    const n = x.shape[0]!;
    const col = reshape(x, [n, 1]);
    const other = id === 'glu' ? col : zeros([n, 1], x.dtype);
    const out = fn(concat([col, other], 1));
    return reshape(slice(out, [0, 0], [n, 1]), [n]);
  };
}

/** n evenly spaced points from a to b (inclusive), float64. */
export function grid(a: number, b: number, n: number): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = a + ((b - a) * i) / (n - 1);
  return xs;
}

export interface Derived {
  f: Float64Array;
  d1: Float64Array;
  d2: Float64Array;
}

/** f, f' = grad(f) and f'' = grad(grad(f)) at every x, in float64, by autodiff alone. */
export function derive(fn: Activation, xs: Float64Array): Derived {
  const x = tensor(xs, { dtype: 'float64' });
  const df = grad((t: Tensor) => fn(t).sum());
  const d2f = grad((t: Tensor) => (df(t) as Tensor).sum());
  return {
    f: Float64Array.from(fn(x).data()),
    d1: Float64Array.from((df(x) as Tensor).data()),
    d2: Float64Array.from((d2f(x) as Tensor).data()),
  };
}

/** A reference function evaluated on the grid. */
export function evaluate(ref: (x: number) => number, xs: Float64Array): Float64Array {
  return Float64Array.from(xs, ref);
}

/**
 * The largest |a - b| where both are finite, and how many points disagree on finiteness
 * (one side NaN or infinite, the other not).
 */
export function maxError(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): { max: number; mismatched: number } {
  let max = 0;
  let mismatched = 0;
  for (let i = 0; i < a.length; i++) {
    const u = a[i]!;
    const v = b[i]!;
    const fu = Number.isFinite(u);
    if (fu !== Number.isFinite(v)) mismatched++;
    else if (fu) max = Math.max(max, Math.abs(u - v));
    else if (!Object.is(u, v) && !(Number.isNaN(u) && Number.isNaN(v))) mismatched++;
  }
  return { max, mismatched };
}

export interface Region {
  from: number;
  to: number;
}

/**
 * The x-ranges where |f'| < limit, as maximal runs of grid points; a run's ends lie halfway to
 * the neighbouring unsaturated points (or at the grid's ends).
 */
export function saturationRegions(
  xs: Float64Array,
  d1: ArrayLike<number>,
  limit: number,
): Region[] {
  const out: Region[] = [];
  const n = xs.length;
  let start = -1;
  for (let i = 0; i <= n; i++) {
    const saturated = i < n && Math.abs(d1[i]!) < limit;
    if (saturated && start < 0) start = i;
    if (!saturated && start >= 0) {
      out.push({
        from: start === 0 ? xs[0]! : (xs[start - 1]! + xs[start]!) / 2,
        to: i === n ? xs[n - 1]! : (xs[i - 1]! + xs[i]!) / 2,
      });
      start = -1;
    }
  }
  return out;
}

export interface Saturation {
  /** The regions (empty where the rule gives none). */
  regions: Region[];
  /** max |f'| over the real line as gradientFlow finds it, or null. */
  maxDerivative: number | null;
  /** Why there is no shading, when there is none by rule. */
  note: string | null;
}

/** Saturation of an elementwise activation by gradientFlow's own rule and maximum. */
export function saturation(fn: Activation, xs: Float64Array, d1: ArrayLike<number>): Saturation {
  const info = activationSaturation(fn);
  if (info.rule === 'linear')
    return { regions: [], maxDerivative: 1, note: 'the identity never saturates' };
  if (info.rule === 'unbounded-derivative' || info.maxDerivative === null)
    return {
      regions: [],
      maxDerivative: null,
      note: '|f\'| has no maximum, so "5% of the maximum" is not defined: gradientFlow reports no saturated fraction',
    };
  if (info.rule === 'not-elementwise')
    return { regions: [], maxDerivative: null, note: 'not elementwise' };
  const limit = SATURATION_THRESHOLD * info.maxDerivative;
  return {
    regions: saturationRegions(xs, d1, limit),
    maxDerivative: info.maxDerivative,
    note: null,
  };
}
