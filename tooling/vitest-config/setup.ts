import fc from 'fast-check';
import { FC_NUM_RUNS, FC_SEED } from './fast-check.js';

fc.configureGlobal({
  numRuns: FC_NUM_RUNS,
  ...(FC_SEED === undefined ? {} : { seed: FC_SEED }),
});
