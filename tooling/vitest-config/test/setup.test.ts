import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NUM_RUNS, FC_NUM_RUNS, FC_SEED, numRuns } from '../fast-check.js';

describe('fast-check setup file', () => {
  it('applies the shared numRuns and seed globally', () => {
    const config = fc.readConfigureGlobal();
    expect(config.numRuns).toBe(FC_NUM_RUNS);
    expect(config.seed).toBe(FC_SEED);
    expect(config.interruptAfterTimeLimit).toBeUndefined();
  });

  it('replays: two runs with the global seed draw the same values', () => {
    const draw = () => fc.sample(fc.double({ noNaN: true }), { numRuns: 5, seed: FC_SEED });
    if (FC_SEED !== undefined) expect(draw()).toEqual(draw());
  });

  it('scales numRuns from the constant, never below one run', () => {
    expect(numRuns(1)).toBe(FC_NUM_RUNS);
    expect(numRuns(0)).toBe(1);
    expect(DEFAULT_NUM_RUNS).toBeGreaterThan(0);
  });
});
