import { smoke } from './smoke.js';
import type { BenchCase } from './types.js';

export type { BenchCase, Prepared } from './types.js';

/** Every benchmark case, in the order they run. The smoke case stays first. */
export const CASES: readonly BenchCase[] = [smoke];
