import { type DType, GradflowError, type NestedArray, Tensor, tensor } from '@gradflow/autodiff';

/** A shape as people read it: [2, 3], with `null` for an unknown batch axis. */
export function fmtShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}

/** A shape the way Keras prints it: (None, 64). */
export function kerasShape(shape: readonly (number | null)[]): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
}

/** A short description of a value for an error message. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'function') return `a function${v.name ? ` (${v.name})` : ''}`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (v instanceof Tensor) return `a Tensor of shape ${fmtShape(v.shape)}`;
  if (ArrayBuffer.isView(v))
    return `a ${v.constructor.name} of length ${(v as unknown as ArrayLike<number>).length}`;
  return `an object (${
    Object.keys(v as object)
      .slice(0, 6)
      .join(', ') || 'no keys'
  })`;
}

export function fail(op: string, message: string): never {
  throw new GradflowError(op, message);
}

/** A finite number, or a clear error naming the option. */
export function finiteNumber(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    fail(op, `${name} must be a finite number, got ${describe(v)}`);
  return v;
}

/** A number that passes `ok`, else an error saying what was wanted. */
export function checkNumber(
  op: string,
  name: string,
  v: unknown,
  ok: (v: number) => boolean,
  want: string,
): number {
  if (typeof v !== 'number' || Number.isNaN(v) || !ok(v))
    fail(op, `${name} must be ${want}, got ${describe(v)}`);
  return v;
}

export function positiveInt(op: string, name: string, v: unknown): number {
  return checkNumber(op, name, v, (x) => Number.isSafeInteger(x) && x > 0, 'a positive integer');
}

export function checkBoolean(op: string, name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') fail(op, `${name} must be true or false, got ${describe(v)}`);
  return v;
}

/** A seed: a safe integer, or null/undefined for "unseeded". */
export function checkSeed(op: string, seed: unknown): number | null {
  if (seed === undefined || seed === null) return null;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed))
    fail(op, `seed must be an integer (or null for unseeded), got ${describe(seed)}`);
  return seed;
}

export const DTYPES: readonly DType[] = ['float32', 'float64'];

export function checkDType(op: string, dtype: unknown): DType {
  if (dtype !== 'float32' && dtype !== 'float64')
    fail(op, `unknown dtype ${describe(dtype)}; valid dtypes: ${DTYPES.join(', ')}`);
  return dtype;
}

/** A shape: an array of integers >= 0. */
export function checkShape(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) fail(op, `shape must be an array of integers, got ${describe(shape)}`);
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      fail(
        op,
        `shape ${JSON.stringify(shape)} has an invalid dimension ${describe(d)}; dimensions are integers >= 0`,
      );
    }
  }
  return (shape as number[]).slice();
}

/** Rejects options that the callee does not know, listing the ones it does (typos fail loudly). */
export function checkKeys(op: string, options: object, known: readonly string[]): void {
  for (const k of Object.keys(options)) {
    if (!known.includes(k))
      fail(op, `unknown option ${JSON.stringify(k)}; valid options: ${known.join(', ')}`);
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return (
    v !== null &&
    typeof v === 'object' &&
    (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)
  );
}

/** Data people pass where a tensor is wanted: a Tensor, nested arrays of numbers or a flat typed array (e.g. Int32Array class labels). */
export type TensorInput = Tensor | NestedArray | ArrayLike<number>;

/** A tensor from user data; conversion errors are re-raised under `op` and the argument's name. */
export function toTensor(op: string, name: string, data: unknown, dtype?: DType): Tensor {
  if (data instanceof Tensor)
    return dtype === undefined || data.dtype === dtype ? data : data.cast(dtype);
  if (
    typeof data !== 'number' &&
    !Array.isArray(data) &&
    !(ArrayBuffer.isView(data) && !(data instanceof DataView))
  ) {
    fail(
      op,
      `${name} must be a Tensor, nested arrays of numbers or a typed array, got ${describe(data)}`,
    );
  }
  try {
    return tensor(data as NestedArray, dtype === undefined ? {} : { dtype });
  } catch (e) {
    fail(op, `${name} is not valid tensor data: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Index of the first non-finite value, or -1. */
export function firstNonFinite(t: Tensor): number {
  const d = t.data();
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return i;
  return -1;
}

export { toSnakeCase, toCamelCase } from '@gradflow/autodiff';

/** Formats a number of bytes as Keras's summary does (readable_memory_size). */
export function readableMemorySize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  for (const unit of units) {
    if (size / 1024 < 1) return `${size.toFixed(2)} ${unit}`;
    size /= 1024;
  }
  return `${size.toFixed(2)} PB`;
}
