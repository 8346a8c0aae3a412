import type { BatchShape, Layer } from '../layers/layer.js';
import { kerasShape, readableMemorySize } from '../util.js';

export interface SummaryRow {
  /** "dense (Dense)" */
  label: string;
  /** "(None, 64)" or "?" */
  shape: string;
  /** "192" or "0 (unbuilt)" */
  params: string;
}

export interface SummaryTotals {
  total: number;
  trainable: number;
  /** Bytes of the trainable and non-trainable weights. */
  trainableBytes: number;
  nonTrainableBytes: number;
}

/** Thousands separators, as Keras 3 prints parameter counts (50,240). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Keras 3's model summary table (rich box drawing, a line between rows, Param # right-aligned),
 * followed by the totals with their memory size.
 */
export function summaryTable(
  modelName: string,
  rows: readonly SummaryRow[],
  totals: SummaryTotals,
): string {
  const headers = ['Layer (type)', 'Output Shape', 'Param #'];
  const widths = [33, 24, 15];
  for (const r of rows) {
    widths[0] = Math.max(widths[0]!, r.label.length + 2);
    widths[1] = Math.max(widths[1]!, r.shape.length + 2);
    widths[2] = Math.max(widths[2]!, r.params.length + 2);
  }
  const rule = (l: string, fill: string, mid: string, r: string) =>
    l + widths.map((w) => fill.repeat(w)).join(mid) + r;
  const cells = (vals: readonly string[], bar: string) =>
    bar +
    vals
      .map((v, i) => ` ${i === 2 ? v.padStart(widths[i]! - 2) : v.padEnd(widths[i]! - 2)} `)
      .join(bar) +
    bar;
  const lines = [
    `Model: "${modelName}"`,
    rule('┏', '━', '┳', '┓'),
    cells(headers, '┃'),
    rule('┡', '━', '╇', '┩'),
  ];
  rows.forEach((r, i) => {
    if (i > 0) lines.push(rule('├', '─', '┼', '┤'));
    lines.push(cells([r.label, r.shape, r.params], '│'));
  });
  lines.push(rule('└', '─', '┴', '┘'));
  const nonTrainable = totals.total - totals.trainable;
  lines.push(
    ` Total params: ${formatCount(totals.total)} (${readableMemorySize(totals.trainableBytes + totals.nonTrainableBytes)})`,
  );
  lines.push(
    ` Trainable params: ${formatCount(totals.trainable)} (${readableMemorySize(totals.trainableBytes)})`,
  );
  lines.push(
    ` Non-trainable params: ${formatCount(nonTrainable)} (${readableMemorySize(totals.nonTrainableBytes)})`,
  );
  return lines.join('\n');
}

/**
 * Keras's model summary of `layers` for inputs of `inputShape` (null while unknown): a row per
 * layer (name and type, output shape, parameter count), then the totals, trainable weights being
 * those a trainable layer marks trainable (BatchNormalization's moving statistics are not).
 */
export function modelSummary(
  name: string,
  inputShape: readonly (number | null)[] | null,
  layers: readonly Layer[],
): string {
  let shape: BatchShape | null = inputShape === null ? null : inputShape.slice();
  let trainable = 0;
  let total = 0;
  let trainableBytes = 0;
  let nonTrainableBytes = 0;
  const rows = layers.map((l) => {
    shape = shape === null ? null : l.computeOutputShape(shape);
    const count = l.countParams();
    const perWeight = l.weightTrainable();
    const trainableCount = l.trainable
      ? l
          .weightShapes()
          .reduce((n, s, j) => (perWeight[j] ? n + s.reduce((a, d) => a * d, 1) : n), 0)
      : 0;
    const size = l.dtype === 'float64' ? 8 : 4;
    total += count;
    trainable += trainableCount;
    trainableBytes += trainableCount * size;
    nonTrainableBytes += (count - trainableCount) * size;
    const hasWeights = l.built || shape !== null;
    return {
      label: `${l.name} (${l.className})`,
      shape: shape === null ? '?' : kerasShape(shape),
      params: hasWeights ? formatCount(count) : '0 (unbuilt)',
    };
  });
  return summaryTable(name, rows, { total, trainable, trainableBytes, nonTrainableBytes });
}
