import { GradflowError, fmtShape } from './errors.js';
import { checkBooleanArg, describeValue } from './validate.js';
import {
  assertScalarOutput,
  isOutermost,
  backward,
  detach,
  enterTransform,
  isRecording,
  tapeSince,
  variable,
} from './engine.js';
import { onesLike } from './ops.js';
import { Tensor, tensor } from './tensor.js';
import { type MapTree, flattenTree, unflattenTree } from './tree.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Fn = (...args: any[]) => Tensor;
/** A function with an auxiliary result: `[loss, aux]` (JAX's has_aux). */
type AuxFn = (...args: any[]) => readonly [Tensor, unknown];

/** Which arguments to differentiate: one index gives one gradient, an array gives an array. */
export type Argnums = number | readonly number[];

/** Options of grad and valueAndGrad. */
export interface GradOptions {
  /** f returns `[loss, aux]`; aux is passed through undifferentiated (JAX's has_aux). */
  hasAux?: boolean;
}

type IsAny<T> = 0 extends 1 & T ? true : false;
type At<P, I> = I extends keyof P ? P[I] : never;
/** The gradient of an argument of type T: the same structure with a Tensor per leaf. */
type GradOf<T> = IsAny<T> extends true ? any : MapTree<T>;
/**
 * The gradients for argnums A of a function with parameters P: one gradient for a number, a
 * tuple of them for an array (`grad(f, [0, 1])` gives `[dx, dy]`).
 */
export type GradsOf<P extends readonly unknown[], A extends Argnums> = A extends number
  ? GradOf<At<P, A>>
  : { -readonly [K in keyof A]: GradOf<At<P, A[K]>> };

/** What valueAndGrad returns: the value, the gradients and (with hasAux) the auxiliary result. */
export interface ValueAndGrads<G> {
  value: Tensor;
  grads: G;
}

/** What valueAndGrad returns with hasAux. */
export interface WithAux<G, Aux> extends ValueAndGrads<G> {
  aux: Aux;
}

function normalizeArgnums(op: string, argnums: Argnums, nargs: number): number[] {
  const list = typeof argnums === 'number' ? [argnums] : [...argnums];
  for (const a of list) {
    if (!Number.isInteger(a) || a < 0 || a >= nargs) {
      throw new GradflowError(
        op,
        `argnums ${JSON.stringify(argnums)} is out of range: the function was called with ${nargs} argument(s)`,
      );
    }
    if (list.indexOf(a) !== list.lastIndexOf(a)) {
      throw new GradflowError(
        op,
        `argnums ${JSON.stringify(argnums)} names argument ${a} more than once`,
      );
    }
  }
  return list;
}

/** Replaces numbers by float32 scalars so that `grad(f)(3)` works. */
function asDiffArg(x: unknown): unknown {
  return typeof x === 'number' ? tensor(x) : x;
}

/** Leaves gradients recorded only while an outer transform may still need them. */
function release<T>(x: T): T {
  if (isRecording()) return x;
  if (x instanceof Tensor) return detach(x) as T;
  if (Array.isArray(x)) return x.map(release) as T;
  if (x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, release(v)])) as T;
  }
  return x;
}

interface Differentiated {
  value: Tensor;
  grads: unknown;
  aux?: unknown;
}

/** Splits f's result into the loss and, with hasAux, the auxiliary value. */
function splitAux(op: string, out: unknown, hasAux: boolean): [unknown, unknown] {
  if (!hasAux) return [out, undefined];
  if (!Array.isArray(out) || out.length !== 2) {
    const got = Array.isArray(out) ? `an array of length ${out.length}` : describeValue(out);
    throw new GradflowError(
      op,
      `with hasAux the function must return [loss, aux] (an array of two), got ${got}`,
    );
  }
  return [out[0], out[1]];
}

function differentiate(
  op: string,
  f: Fn | AuxFn,
  argnums: Argnums | undefined,
  args: unknown[],
  options: GradOptions = {},
): Differentiated {
  if (typeof f !== 'function') throw new GradflowError(op, `expected a function, got ${typeof f}`);
  if (options === null || typeof options !== 'object')
    throw new GradflowError(op, `options must be an object, got ${describeValue(options)}`);
  const hasAux = checkBooleanArg(op, 'hasAux', options.hasAux ?? false);
  argnums ??= 0;
  const nums = normalizeArgnums(op, argnums, args.length);
  const { restore } = enterTransform();
  let value: Tensor;
  let grads: unknown[];
  let aux: unknown;
  try {
    const xs = args.slice();
    const trees: unknown[] = [];
    const vars: Tensor[][] = [];
    for (const i of nums) {
      const tree = asDiffArg(args[i]);
      const leaves = flattenTree(op, tree, [], `argument ${i}`).map(variable);
      xs[i] = unflattenTree(tree, leaves);
      trees.push(tree);
      vars.push(leaves);
    }
    const [loss, a] = splitAux(op, f(...xs), hasAux);
    aux = a;
    value = assertScalarOutput(op, loss);
    const flat = backward(value, vars.flat(), onesLike(value), undefined, !isOutermost());
    let k = 0;
    grads = trees.map((tree, j) => unflattenTree(tree, flat.slice(k, (k += vars[j]!.length))));
  } finally {
    restore();
  }
  const g = typeof argnums === 'number' ? grads[0] : grads;
  return release(hasAux ? { value, grads: g, aux } : { value, grads: g });
}

/**
 * grad(f, argnums = 0, { hasAux? }): a function returning the gradient of the scalar f with
 * respect to the chosen argument(s), with their shapes (arguments may be tensors or arrays /
 * plain objects of tensors): one gradient for a number, an array for an array of argnums.
 * With `hasAux`, f returns `[loss, aux]` and the function returns `[grads, aux]` (JAX's has_aux).
 * Nestable to any order: `grad(x => grad(f)(x).sum())` is the second derivative of an
 * elementwise f.
 */
export function grad<F extends AuxFn>(
  f: F,
  argnums: undefined,
  options: GradOptions & { hasAux: true },
): (...args: Parameters<F>) => [GradsOf<Parameters<F>, 0>, ReturnType<F>[1]];
export function grad<F extends AuxFn, const A extends Argnums>(
  f: F,
  argnums: A,
  options: GradOptions & { hasAux: true },
): (...args: Parameters<F>) => [GradsOf<Parameters<F>, A>, ReturnType<F>[1]];
export function grad<F extends Fn, const A extends Argnums = 0>(
  f: F,
  argnums?: A,
  options?: GradOptions & { hasAux?: false },
): (...args: Parameters<F>) => GradsOf<Parameters<F>, A>;
export function grad(f: Fn | AuxFn, argnums?: Argnums, options?: GradOptions) {
  return (...args: unknown[]) => {
    const d = differentiate('grad', f, argnums, args, options);
    return options?.hasAux ? [d.grads, d.aux] : d.grads;
  };
}

/**
 * Like grad, but returns `{ value, grads }` from one forward and one backward pass; with
 * `hasAux`, f returns `[loss, aux]` and the result is `{ value, grads, aux }`.
 */
export function valueAndGrad<F extends AuxFn>(
  f: F,
  argnums: undefined,
  options: GradOptions & { hasAux: true },
): (...args: Parameters<F>) => WithAux<GradsOf<Parameters<F>, 0>, ReturnType<F>[1]>;
export function valueAndGrad<F extends AuxFn, const A extends Argnums>(
  f: F,
  argnums: A,
  options: GradOptions & { hasAux: true },
): (...args: Parameters<F>) => WithAux<GradsOf<Parameters<F>, A>, ReturnType<F>[1]>;
export function valueAndGrad<F extends Fn, const A extends Argnums = 0>(
  f: F,
  argnums?: A,
  options?: GradOptions & { hasAux?: false },
): (...args: Parameters<F>) => ValueAndGrads<GradsOf<Parameters<F>, A>>;
export function valueAndGrad(f: Fn | AuxFn, argnums?: Argnums, options?: GradOptions) {
  return (...args: unknown[]) => differentiate('valueAndGrad', f, argnums, args, options);
}

/**
 * vjp(f, ...xs): runs f once and returns its output and a function mapping an output
 * cotangent (same shape as the output) to one cotangent per input. f may return any shape.
 */
export function vjp<const X extends readonly (Tensor | number)[]>(
  f: (...xs: { -readonly [K in keyof X]: Tensor }) => Tensor,
  ...xs: X
): { value: Tensor; vjp: (ct: Tensor | number) => { -readonly [K in keyof X]: Tensor } } {
  if (typeof f !== 'function')
    throw new GradflowError('vjp', `expected a function, got ${typeof f}`);
  const { restore, start } = enterTransform();
  let y: Tensor;
  let vars: Tensor[];
  let recorded: Tensor[];
  try {
    for (const v of xs)
      if (!(asDiffArg(v) instanceof Tensor))
        throw new GradflowError('vjp', `inputs must be Tensors or numbers, got ${typeof v}`);
    vars = xs.map((x) => variable(asDiffArg(x) as Tensor));
    const out: unknown = (f as (...ts: Tensor[]) => Tensor)(...vars);
    if (!(out instanceof Tensor))
      throw new GradflowError('vjp', `the function must return a Tensor, got ${typeof out}`);
    y = out;
  } finally {
    recorded = tapeSince(start);
    restore();
  }
  const pullback = (ct: Tensor | number): Tensor[] => {
    const c = typeof ct === 'number' ? tensor(ct, { dtype: y.dtype }) : ct;
    if (
      !(c instanceof Tensor) ||
      c.shape.length !== y.shape.length ||
      c.shape.some((d, i) => d !== y.shape[i])
    ) {
      const got = c instanceof Tensor ? fmtShape(c.shape) : typeof c;
      throw new GradflowError(
        'vjp',
        `the cotangent must have the output's shape ${fmtShape(y.shape)}, got ${got}`,
      );
    }
    return backward(y, vars, c.dtype === y.dtype ? c : c.cast(y.dtype), undefined, true, recorded);
  };
  return {
    value: release(y),
    vjp: (ct) => release(pullback(ct)) as { -readonly [K in keyof X]: Tensor },
  };
}
