import type { Tensor } from '@gradflow/autodiff';

/** A number in at most 4 significant digits (exponent form when tiny or huge). */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(2).replace('e+', 'e');
  return String(Number(x.toPrecision(4)));
}

/** A tensor's values, shortened to `max` elements: 0.6225, [0.62, 0.73], [1, 2, 3, …] (10). */
export function formatTensor(t: Tensor | undefined, max = 3): string {
  if (!t) return '–';
  const data = Array.from(t.data(), formatNumber);
  if (t.shape.length === 0) return data[0]!;
  const shown = data.slice(0, max).join(', ');
  return data.length > max ? `[${shown}, …] (${data.length})` : `[${shown}]`;
}

export const formatShape = (shape: readonly number[]): string => `[${shape.join(', ')}]`;
