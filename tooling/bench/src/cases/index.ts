import { ACT_GRAD_CASES } from './act-grad.js';
import { ACTIVATION_CASES } from './activations.js';
import { ELEMENTWISE_CASES } from './elementwise.js';
import { MATMUL_CASES } from './matmul.js';
import { mlpCase } from './mlp.js';
import { scalarGraphCase } from './scalar.js';
import { matmulGradCase, mlpStepCase } from './training.js';
import { REDUCE_CASES } from './reduce.js';
import { smoke } from './smoke.js';
import { softmaxCase } from './softmax.js';
import type { BenchCase } from './types.js';

export type { Answer, BenchCase, Prepared } from './types.js';

/** Every benchmark case, in the order they run. The smoke case stays first. */
export const CASES: readonly BenchCase[] = [
  smoke,
  ...ELEMENTWISE_CASES,
  ...REDUCE_CASES,
  ...MATMUL_CASES,
  softmaxCase,
  ...ACTIVATION_CASES,
  ...ACT_GRAD_CASES,
  mlpCase,
  mlpStepCase,
  matmulGradCase,
  scalarGraphCase,
];
