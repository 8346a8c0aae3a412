/** Summary of one benchmark's timings, in milliseconds per call. */
export interface Stats {
  median: number;
  p10: number;
  p90: number;
  mean: number;
  min: number;
  max: number;
  /** Number of timed calls. */
  iterations: number;
}

export interface MeasureOptions {
  /** Untimed calls first, so JIT, caches and lazy backend set-up settle. Default 5. */
  warmup?: number;
  /** Timed calls at most. Default 30. */
  iterations?: number;
  /**
   * Time budget in ms, to keep slow cases short: the timed calls stop once they have taken
   * this long in total (after at least `minIterations`), and the warm-up stops once it has
   * taken half of it (after at least one call). Default: no budget.
   */
  budgetMs?: number;
  /** Timed calls at least, whatever the budget. Default 5 (or `iterations` if smaller). */
  minIterations?: number;
}

/**
 * The q-quantile (0 <= q <= 1) of ascending `sorted`, interpolating linearly between the two
 * nearest ranks (NumPy's default method).
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('quantile: no samples');
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile: q must be in [0, 1], got ${q}`);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Median, p10, p90, mean, min and max of timings in milliseconds. */
export function summarize(samples: readonly number[]): Stats {
  if (samples.length === 0) throw new Error('summarize: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
    mean: sorted.reduce((acc, x) => acc + x, 0) / sorted.length,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    iterations: sorted.length,
  };
}

interface Checked {
  warmup: number;
  iterations: number;
  budgetMs: number;
  minIterations: number;
}

function checkOptions(options: MeasureOptions): Checked {
  const { warmup = 5, iterations = 30, budgetMs = Infinity, minIterations = 5 } = options;
  if (!Number.isInteger(warmup) || warmup < 0) {
    throw new Error(`measure: warmup must be an integer >= 0, got ${warmup}`);
  }
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new Error(`measure: iterations must be an integer >= 1, got ${iterations}`);
  }
  if (!(budgetMs > 0)) throw new Error(`measure: budgetMs must be > 0, got ${budgetMs}`);
  if (!Number.isInteger(minIterations) || minIterations < 1) {
    throw new Error(`measure: minIterations must be an integer >= 1, got ${minIterations}`);
  }
  return { warmup, iterations, budgetMs, minIterations: Math.min(minIterations, iterations) };
}

/**
 * Times `fn` synchronously: up to `warmup` untimed calls, then up to `iterations` timed ones
 * (fewer when `budgetMs` runs out). `fn` must finish its work before returning (read results
 * back, e.g. `dataSync()` for tfjs).
 */
export function measure(fn: () => unknown, options: MeasureOptions = {}): Stats {
  const { warmup, iterations, budgetMs, minIterations } = checkOptions(options);
  const warmStart = performance.now();
  for (let i = 0; i < warmup; i++) {
    fn();
    if (performance.now() - warmStart > budgetMs / 2) break;
  }
  const samples: number[] = [];
  let total = 0;
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    fn();
    const t = performance.now() - start;
    samples.push(t);
    total += t;
    if (total > budgetMs && samples.length >= minIterations) break;
  }
  return summarize(samples);
}

/** Like `measure`, awaiting each call (for work that finishes asynchronously). */
export async function measureAsync(
  fn: () => Promise<unknown>,
  options: MeasureOptions = {},
): Promise<Stats> {
  const { warmup, iterations, budgetMs, minIterations } = checkOptions(options);
  const warmStart = performance.now();
  for (let i = 0; i < warmup; i++) {
    await fn();
    if (performance.now() - warmStart > budgetMs / 2) break;
  }
  const samples: number[] = [];
  let total = 0;
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    const t = performance.now() - start;
    samples.push(t);
    total += t;
    if (total > budgetMs && samples.length >= minIterations) break;
  }
  return summarize(samples);
}
