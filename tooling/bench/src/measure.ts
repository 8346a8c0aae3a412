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
  /** Timed calls. Default 30. */
  iterations?: number;
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

function checkOptions(options: MeasureOptions): { warmup: number; iterations: number } {
  const { warmup = 5, iterations = 30 } = options;
  if (!Number.isInteger(warmup) || warmup < 0) {
    throw new Error(`measure: warmup must be an integer >= 0, got ${warmup}`);
  }
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new Error(`measure: iterations must be an integer >= 1, got ${iterations}`);
  }
  return { warmup, iterations };
}

/**
 * Times `fn` synchronously: `warmup` untimed calls, then `iterations` timed ones. `fn` must
 * finish its work before returning (read results back, e.g. `dataSync()` for tfjs).
 */
export function measure(fn: () => unknown, options: MeasureOptions = {}): Stats {
  const { warmup, iterations } = checkOptions(options);
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

/** Like `measure`, awaiting each call (for work that finishes asynchronously). */
export async function measureAsync(
  fn: () => Promise<unknown>,
  options: MeasureOptions = {},
): Promise<Stats> {
  const { warmup, iterations } = checkOptions(options);
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}
