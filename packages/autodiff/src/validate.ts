import { GradflowError } from './errors.js';

/*
 * Argument checks shared by every op, so that a wrong type gets a clear GradflowError that names
 * the op, the argument and what it got, instead of a TypeError from deep inside or a silent NaN.
 */

/** How a value reads in an error message: `"10" (a string)`, `null`, `an array`. */
export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (typeof x === 'string') return `${JSON.stringify(x)} (a string)`;
  if (typeof x === 'number' || typeof x === 'boolean') return `${String(x)} (a ${typeof x})`;
  if (typeof x === 'object') return `an object (${(x as object).constructor?.name ?? 'Object'})`;
  return `a ${typeof x}`;
}

/** A number (NaN and infinities included: they are values a tensor may hold). */
export function checkNumberArg(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number')
    throw new GradflowError(op, `${name} must be a number, got ${describeValue(v)}`);
  return v;
}

/** A boolean flag such as keepDims. */
export function checkBooleanArg(op: string, name: string, v: unknown): boolean {
  if (typeof v !== 'boolean')
    throw new GradflowError(op, `${name} must be true or false, got ${describeValue(v)}`);
  return v;
}

/** An array of numbers, e.g. a permutation or slice begin/size (the op checks their values). */
export function checkNumberArray(op: string, name: string, v: unknown): number[] {
  if (!Array.isArray(v))
    throw new GradflowError(op, `${name} must be an array of integers, got ${describeValue(v)}`);
  v.forEach((d, i) => {
    if (typeof d !== 'number')
      throw new GradflowError(
        op,
        `${name} must be an array of integers, but ${name}[${i}] is ${describeValue(d)}`,
      );
  });
  return v.slice() as number[];
}
