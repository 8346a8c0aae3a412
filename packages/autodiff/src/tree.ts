import { GradflowError } from './errors.js';
import { Tensor } from './tensor.js';

/** A tensor, or arrays / plain objects nesting tensors: what transforms differentiate with respect to. */
export type TensorTree = Tensor | readonly TensorTree[] | { readonly [key: string]: TensorTree };

/** The same structure with every tensor replaced (used for gradients: one per leaf, same shapes). */
export type MapTree<T> = T extends Tensor
  ? Tensor
  : T extends number
    ? Tensor
    : { [K in keyof T]: MapTree<T[K]> };

export function flattenTree(
  op: string,
  x: unknown,
  out: Tensor[] = [],
  path = 'argument',
): Tensor[] {
  if (x instanceof Tensor) out.push(x);
  else if (Array.isArray(x)) x.forEach((v, i) => flattenTree(op, v, out, `${path}[${i}]`));
  else if (x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    for (const [k, v] of Object.entries(x)) flattenTree(op, v, out, `${path}.${k}`);
  } else {
    throw new GradflowError(
      op,
      `${path} is ${x === null ? 'null' : typeof x}; differentiate only with respect to Tensors (or arrays / plain objects of Tensors)`,
    );
  }
  return out;
}

/** Rebuilds x's structure, taking leaves in order from `leaves`. */
export function unflattenTree(x: unknown, leaves: readonly Tensor[], pos = { i: 0 }): unknown {
  if (x instanceof Tensor) return leaves[pos.i++];
  if (Array.isArray(x)) return x.map((v) => unflattenTree(v, leaves, pos));
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x as object)) o[k] = unflattenTree(v, leaves, pos);
  return o;
}
