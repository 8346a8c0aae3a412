import type { GradflowApi } from '../gradflow.js';
import type { MeasureOptions } from '../measure.js';
import type { tf } from '../tfjs.js';

/** A prepared benchmark body: `run` is timed, `dispose` frees what set-up allocated. */
export interface Prepared {
  run: () => unknown;
  dispose?: () => void;
}

/**
 * One benchmark case. Each side prepares its inputs outside the timed region and checks its
 * own result once before timing, so a case never times a wrong answer.
 */
export interface BenchCase {
  name: string;
  options?: MeasureOptions;
  gradflow?: (gf: GradflowApi) => Prepared;
  /** Runs under each tfjs backend in turn; `tf` already has that backend active. */
  tfjs?: (tfjs: typeof tf) => Prepared;
}
