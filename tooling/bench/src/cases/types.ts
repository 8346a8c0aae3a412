import type { GradflowApi } from '../gradflow.js';
import type { MeasureOptions } from '../measure.js';
import type { tf } from '../tfjs.js';

/** A case's answer: one or more flat arrays (e.g. the value, then each gradient). */
export type Answer = readonly ArrayLike<number>[];

/**
 * A prepared benchmark body. `run` is timed and must finish all the work (tfjs: `dataSync()`
 * inside it). `read` turns what `run` returned into the answer, untimed, for the check.
 * `dispose` frees what set-up allocated.
 */
export interface Prepared {
  run: () => unknown;
  read: (output: unknown) => Answer;
  dispose?: () => void;
}

/**
 * One benchmark case. Inputs are made once from a seeded generator, every side computes from
 * the same float32 values, and before timing each side's answer is compared with `reference`,
 * a float64 computation in plain JavaScript: a side that is wrong or throws is reported, not
 * timed.
 */
export interface BenchCase {
  name: string;
  options?: MeasureOptions;
  /** The float64 answer, same layout as each side's `read`. */
  reference: () => Answer;
  /**
   * Largest accepted error, in the units of `relativeError` (default 1e-4: float32 with room
   * for float32 accumulation in long sums).
   */
  tolerance?: number;
  /** Operations per call: the report adds the median per op (scalar_graph: µs per op). */
  perOp?: number;
  /** Floating-point operations per call: the report adds GFLOP/s (matmul). */
  flops?: number;
  gradflow?: (gf: GradflowApi) => Prepared;
  /** The same computation compiled with gradflow's jit (its first call traces and compiles). */
  gradflowJit?: (gf: GradflowApi) => Prepared;
  /** Runs under each tfjs backend in turn; `tf` already has that backend active. */
  tfjs?: (tfjs: typeof tf) => Prepared;
}
