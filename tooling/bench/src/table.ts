import type { Stats } from './measure.js';

/**
 * The implementations compared, in column order: gradflow eager, gradflow through jit, and the
 * two TF.js backends that each gradflow column is compared with.
 */
export const CONTENDERS = ['gradflow', 'gradflow-jit', 'tfjs-cpu', 'tfjs-wasm'] as const;
export type Contender = (typeof CONTENDERS)[number];
const GRADFLOW = ['gradflow', 'gradflow-jit'] as const;
const TFJS = ['tfjs-cpu', 'tfjs-wasm'] as const;

/** What became of one contender on one case when it was not timed. */
export interface Outcome {
  /** 'failed': it threw; 'wrong': its answer was outside the tolerance. */
  status: 'failed' | 'wrong';
  message: string;
}

/** One benchmark case; a contender is missing when it has no implementation of the case. */
export interface BenchRow {
  name: string;
  results: Partial<Record<Contender, Stats>>;
  /** Contenders that failed or answered wrongly (and so were not timed). */
  outcomes?: Partial<Record<Contender, Outcome>>;
  /** Error of each contender's answer against the float64 reference (see check.ts). */
  errors?: Partial<Record<Contender, number>>;
  /** Bytes of tensor storage allocated by one call; `lowerBound` when a GC ran mid-call. */
  memory?: Partial<Record<Contender, { bytes: number; lowerBound?: boolean }>>;
  /** Time of the first call in ms (for gradflow-jit: tracing and compiling included). */
  firstCall?: Partial<Record<Contender, number>>;
  /** Operations per call (the case's perOp): the throughput table gives the median per op. */
  perOp?: number;
  /** Floating-point operations per call: the throughput table gives GFLOP/s. */
  flops?: number;
}

/** A duration in ms with a unit that keeps 3 significant figures readable. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1e-3) return `${(ms * 1e6).toFixed(0)} ns`;
  if (ms < 1) return `${(ms * 1e3).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

/** A byte count in B, kB, MB or GB (powers of 1000). */
export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs < 1e3) return `${bytes.toFixed(0)} B`;
  if (abs < 1e6) return `${(bytes / 1e3).toPrecision(3)} kB`;
  if (abs < 1e9) return `${(bytes / 1e6).toPrecision(3)} MB`;
  return `${(bytes / 1e9).toPrecision(3)} GB`;
}

function formatCell(row: BenchRow, c: Contender): string {
  const outcome = row.outcomes?.[c];
  if (outcome) return outcome.status === 'failed' ? 'FAILED' : 'WRONG';
  const stats = row.results[c];
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

/** A Markdown table with the columns padded so that it also reads as plain text. */
export function markdownTable(
  header: readonly string[],
  body: readonly (readonly string[])[],
  align: readonly ('left' | 'right')[] = [],
): string {
  const widths = header.map((h, i) =>
    Math.max(3, h.length, ...body.map((cells) => cells[i].length)),
  );
  const right = (i: number) => (align[i] ?? (i === 0 ? 'left' : 'right')) === 'right';
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (right(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (right(i) ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

/**
 * The timing table: per case the median [p10, p90] of each contender, then gradflow's median
 * relative to each tfjs backend. A contender that threw shows FAILED, one whose answer was
 * wrong shows WRONG; neither is timed.
 */
export function formatTable(rows: readonly BenchRow[]): string {
  const pairs = GRADFLOW.flatMap((g) => TFJS.map((t) => [g, t] as const));
  const header = [
    'case',
    ...CONTENDERS.map((c) => `${c} median [p10, p90]`),
    ...pairs.map(([g, t]) => `${g}/${t}`),
  ];
  const body = rows.map((row) => [
    row.name,
    ...CONTENDERS.map((c) => formatCell(row, c)),
    ...pairs.map(([g, t]) => ratio(row.results[g], row.results[t])),
  ]);
  return markdownTable(header, body);
}

function formatError(e: number | undefined): string {
  if (e === undefined) return 'n/a';
  if (Number.isNaN(e)) return 'NaN';
  if (e === 0) return '0';
  return e.toExponential(1);
}

/**
 * Accuracy, memory and first calls: each contender's error against the float64 reference, the
 * tensor bytes one call allocates (a leading >= marks a lower bound: a GC ran during the call),
 * and the time of gradflow-jit's first call (trace and compile included).
 */
export function formatDetails(rows: readonly BenchRow[]): string {
  const header = [
    'case',
    ...CONTENDERS.map((c) => `error ${c}`),
    ...CONTENDERS.map((c) => `alloc/call ${c}`),
    'first call gradflow-jit',
  ];
  const body = rows.map((row) => [
    row.name,
    ...CONTENDERS.map((c) => formatError(row.errors?.[c])),
    ...CONTENDERS.map((c) => {
      const m = row.memory?.[c];
      return m ? `${m.lowerBound ? '>=' : ''}${formatBytes(m.bytes)}` : 'n/a';
    }),
    row.firstCall?.['gradflow-jit'] === undefined ? 'n/a' : formatMs(row.firstCall['gradflow-jit']),
  ]);
  return markdownTable(header, body);
}

/**
 * Throughput, for the cases that define it: GFLOP/s from the median (matmul), or the median
 * divided by the number of operations (scalar_graph: time per op), per contender, and
 * gradflow's figure relative to each tfjs backend (GFLOP/s: above 1 is faster; per op: below 1).
 */
export function formatThroughput(rows: readonly BenchRow[]): string {
  const pairs = GRADFLOW.flatMap((g) => TFJS.map((t) => [g, t] as const));
  const header = ['case', ...CONTENDERS.map((c) => c), ...pairs.map(([g, t]) => `${g}/${t}`)];
  const body = rows
    .filter((row) => row.flops !== undefined || row.perOp !== undefined)
    .map((row) => {
      const figure = (c: Contender): number | undefined => {
        const s = row.results[c];
        if (!s) return undefined;
        return row.flops !== undefined ? row.flops / (s.median * 1e6) : s.median / row.perOp!;
      };
      const show = (v: number | undefined) =>
        v === undefined
          ? 'n/a'
          : row.flops !== undefined
            ? `${v.toFixed(1)} GFLOP/s`
            : `${formatMs(v)}/op`;
      return [
        row.name,
        ...CONTENDERS.map((c) => show(figure(c))),
        ...pairs.map(([gc, t]) => {
          const g = figure(gc);
          const o = figure(t);
          return g === undefined || o === undefined || o === 0 ? 'n/a' : `${(g / o).toFixed(2)}x`;
        }),
      ];
    });
  return markdownTable(header, body);
}
