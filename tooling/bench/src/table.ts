import type { Stats } from './measure.js';

/** The implementations compared, in column order. gradflow is the reference for ratios. */
export const CONTENDERS = ['gradflow', 'tfjs-cpu', 'tfjs-wasm'] as const;
export type Contender = (typeof CONTENDERS)[number];

/** One benchmark case; a contender is missing when it could not run the case. */
export interface BenchRow {
  name: string;
  results: Partial<Record<Contender, Stats>>;
}

/** A duration in ms with a unit that keeps 3 significant figures readable. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1e-3) return `${(ms * 1e6).toFixed(0)} ns`;
  if (ms < 1) return `${(ms * 1e3).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

function formatStats(stats: Stats | undefined): string {
  if (!stats) return 'n/a';
  return `${formatMs(stats.median)} [${formatMs(stats.p10)}, ${formatMs(stats.p90)}]`;
}

/**
 * gradflow's median over the contender's median: above 1 means gradflow is slower by that
 * factor, below 1 faster. 'n/a' when either side did not run.
 */
export function ratio(gradflow: Stats | undefined, other: Stats | undefined): string {
  if (!gradflow || !other || other.median === 0) return 'n/a';
  return `${(gradflow.median / other.median).toFixed(2)}x`;
}

/**
 * A plain-text table: per case the median [p10, p90] of each contender, then gradflow's time
 * relative to each tfjs backend.
 */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = [
    'case',
    ...CONTENDERS.map((c) => `${c} median [p10, p90]`),
    ...CONTENDERS.slice(1).map((c) => `gradflow/${c}`),
  ];
  const body = rows.map((row) => [
    row.name,
    ...CONTENDERS.map((c) => formatStats(row.results[c])),
    ...CONTENDERS.slice(1).map((c) => ratio(row.results.gradflow, row.results[c])),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
