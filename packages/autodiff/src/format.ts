import type { DType, TypedArray } from './dtype.js';
import { fmtShape } from './errors.js';
import { stridesOf } from './shape.js';

/*
 * NumPy-like printing of tensors, read straight from the storage: nothing the size of the tensor
 * is ever built, so printing a tensor of 2^28 elements costs as much as printing one of 1000.
 * Beyond THRESHOLD elements every axis longer than 2 * EDGE_ITEMS shows its first and last
 * EDGE_ITEMS entries around `...` (NumPy's threshold and edgeitems); values are right-aligned to a
 * common width, shown with up to 8 significant digits (NumPy's precision), and rows wrap at
 * LINE_WIDTH characters.
 */
export const THRESHOLD = 1000;
export const EDGE_ITEMS = 3;
const LINE_WIDTH = 75;
const PREFIX = 'tensor(';

/** One value: up to 8 significant digits, -0 kept, NaN and infinities by name. */
export function formatValue(v: number): string {
  if (Object.is(v, -0)) return '-0';
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(8)));
}

/** The indices shown along an axis of length n: all of them, or the edges around a gap (-1). */
function shownIndices(n: number, summarize: boolean): number[] {
  if (!summarize || n <= 2 * EDGE_ITEMS) return Array.from({ length: n }, (_, i) => i);
  const head = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
  const tail = Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i);
  return [...head, -1, ...tail];
}

export function formatTensor(data: TypedArray, shape: readonly number[], dtype: DType): string {
  const suffix = `shape=${fmtShape(shape)}, dtype=${dtype})`;
  if (shape.length === 0) return `${PREFIX}${formatValue(data[0]!)}, ${suffix}`;
  const size = data.length;
  if (size === 0) return `${PREFIX}[], ${suffix}`;
  const summarize = size > THRESHOLD;
  const strides = stridesOf(shape);
  const rank = shape.length;
  const axes = shape.map((n) => shownIndices(n, summarize));

  // the common width of every value that will be shown
  let width = 1;
  const visit = (axis: number, offset: number): void => {
    for (const i of axes[axis]!) {
      if (i < 0) continue;
      const o = offset + i * strides[axis]!;
      if (axis === rank - 1) width = Math.max(width, formatValue(data[o]!).length);
      else visit(axis + 1, o);
    }
  };
  visit(0, 0);

  const render = (axis: number, offset: number, indent: string): string => {
    if (axis === rank - 1) {
      const items = axes[axis]!.map((i) =>
        i < 0 ? '...' : formatValue(data[offset + i * strides[axis]!]!).padStart(width),
      );
      return `[${wrap(items, indent + ' ')}]`;
    }
    const inner = indent + ' ';
    const sep = `,${'\n'.repeat(rank - 1 - axis)}${inner}`;
    const rows = axes[axis]!.map((i) =>
      i < 0 ? '...' : render(axis + 1, offset + i * strides[axis]!, inner),
    );
    return `[${rows.join(sep)}]`;
  };
  return `${PREFIX}${render(0, 0, ' '.repeat(PREFIX.length))}, ${suffix}`;
}

/** Joins items with ', ', starting a new line (indented) before one would pass LINE_WIDTH (room kept for the comma). */
function wrap(items: string[], indent: string): string {
  let out = '';
  let line = indent.length;
  items.forEach((item, k) => {
    const piece = k === 0 ? item : `, ${item}`;
    if (k > 0 && line + piece.length + 1 > LINE_WIDTH) {
      out += `,\n${indent}${item}`;
      line = indent.length + item.length;
    } else {
      out += piece;
      line += piece.length;
    }
  });
  return out;
}
