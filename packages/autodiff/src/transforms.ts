import { GradflowError, fmtShape } from './errors.js';
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
import { flattenTree, unflattenTree } from './tree.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Fn = (...args: any[]) => Tensor;

/** Which arguments to differentiate: one index gives one gradient, an array gives an array. */
export type Argnums = number | readonly number[];

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
  if (x !== null && typeof x === 'object') {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, release(v)])) as T;
  }
  return x;
}

interface Differentiated {
  value: Tensor;
  grads: unknown;
}

function differentiate(op: string, f: Fn, argnums: Argnums, args: unknown[]): Differentiated {
  if (typeof f !== 'function') throw new GradflowError(op, `expected a function, got ${typeof f}`);
  const nums = normalizeArgnums(op, argnums, args.length);
  const { restore } = enterTransform();
  let value: Tensor;
  let grads: unknown[];
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
    value = assertScalarOutput(op, f(...xs));
    const flat = backward(value, vars.flat(), onesLike(value), undefined, !isOutermost());
    let k = 0;
    grads = trees.map((tree, j) => unflattenTree(tree, flat.slice(k, (k += vars[j]!.length))));
  } finally {
    restore();
  }
  return release({ value, grads: typeof argnums === 'number' ? grads[0] : grads });
}

/**
 * grad(f, argnums = 0): a function returning the gradient of the scalar f with respect to the
 * chosen argument(s), with their shapes (arguments may be tensors or arrays / plain objects of
 * tensors). Nestable to any order: `grad(x => grad(f)(x).sum())` is the second derivative of an
 * elementwise f.
 */
export function grad<F extends Fn>(f: F, argnums: Argnums = 0): (...args: Parameters<F>) => any {
  return (...args) => differentiate('grad', f, argnums, args).grads;
}

/** Like grad, but returns `{ value, grads }` from one forward and one backward pass. */
export function valueAndGrad<F extends Fn>(
  f: F,
  argnums: Argnums = 0,
): (...args: Parameters<F>) => { value: Tensor; grads: any } {
  return (...args) =>
    differentiate('valueAndGrad', f, argnums, args) as { value: Tensor; grads: any };
}

/**
 * vjp(f, ...xs): runs f once and returns its output and a function mapping an output
 * cotangent (same shape as the output) to one cotangent per input. f may return any shape.
 */
export function vjp(
  f: (...xs: Tensor[]) => Tensor,
  ...xs: (Tensor | number)[]
): { value: Tensor; vjp: (ct: Tensor | number) => Tensor[] } {
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
    const out: unknown = f(...vars);
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
  return { value: release(y), vjp: (ct) => release(pullback(ct)) };
}
