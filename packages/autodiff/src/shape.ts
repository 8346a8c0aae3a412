import { GradflowError, fmtShape } from './errors.js';
import { checkNumberArg, describeValue } from './validate.js';

/** At most 64 axes, as NumPy. */
export const MAX_RANK = 64;
/**
 * The largest number of elements a tensor may have: kernels index with 32-bit integers (run
 * plans are Int32Arrays), and a typed array cannot be much longer anyway.
 */
export const MAX_ELEMENTS = 2 ** 31 - 1;

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

export function checkShape(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape))
    throw new GradflowError(op, `shape must be an array of integers, got ${describeValue(shape)}`);
  if (shape.length > MAX_RANK)
    throw new GradflowError(
      op,
      `shape has ${shape.length} axes; at most ${MAX_RANK} are supported`,
    );
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new GradflowError(
        op,
        `shape ${JSON.stringify(shape)} has an invalid dimension ${describeValue(d)}; dimensions are integers >= 0`,
      );
    }
  }
  checkSize(op, shape as number[]);
  return shape.slice() as number[];
}

/** Rejects shapes with more elements than a tensor can hold, naming the op and the shape. */
export function checkSize(op: string, shape: Shape): void {
  const n = sizeOf(shape);
  if (n > MAX_ELEMENTS) {
    throw new GradflowError(
      op,
      `shape ${fmtShape(shape)} has ${n} elements; a tensor holds at most ${MAX_ELEMENTS} (2^31 - 1)`,
    );
  }
}

/** NumPy broadcasting of any number of shapes; the error names the op and every shape. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  let rank = 0;
  for (const s of shapes) rank = Math.max(rank, s.length);
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = rank - s.length + i;
      const d = s[i]!;
      if (d === out[o] || d === 1) continue;
      if (out[o] === 1) out[o] = d;
      else {
        throw new GradflowError(
          op,
          `shapes ${shapes.map(fmtShape).join(' and ')} cannot be broadcast together (axis ${o - rank}: ${out[o]} vs ${d})`,
        );
      }
    }
  }
  checkSize(op, out);
  return out;
}

/** Normalizes axes (negative allowed) for a tensor of the given rank; undefined means all axes. */
export function normalizeAxes(
  op: string,
  axes: number | readonly number[] | undefined | null,
  rank: number,
): number[] {
  if (axes === undefined || axes === null) return Array.from({ length: rank }, (_, i) => i);
  if (typeof axes !== 'number' && !Array.isArray(axes))
    throw new GradflowError(
      op,
      `axis must be an integer, an array of integers or null, got ${describeValue(axes)}`,
    );
  const list = typeof axes === 'number' ? [axes] : [...axes];
  list.forEach((a, i) => checkNumberArg(op, Array.isArray(axes) ? `axis[${i}]` : 'axis', a));
  const seen = new Set<number>();
  for (const a of list) {
    if (!Number.isInteger(a) || a < -rank || a >= rank) {
      throw new GradflowError(
        op,
        `axis ${a} is out of range for a tensor of rank ${rank} (valid: ${rank === 0 ? 'none' : `-${rank} to ${rank - 1}`})`,
      );
    }
    const n = a < 0 ? a + rank : a;
    if (seen.has(n))
      throw new GradflowError(op, `axis ${a} is repeated in ${JSON.stringify(list)}`);
    seen.add(n);
  }
  return [...seen].sort((x, y) => x - y);
}

export function normalizeAxis(op: string, axis: number, rank: number): number {
  return normalizeAxes(op, axis, rank)[0]!;
}

/** Shape after reducing axes, keeping them as size 1 when keepDims. */
export function reducedShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepDims) out.push(1);
    } else out.push(shape[i]!);
  }
  return out;
}
