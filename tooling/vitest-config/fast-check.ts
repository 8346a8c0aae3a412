/**
 * fast-check settings shared by every package's tests. The setup file applies them once per
 * test file; tests that need more (or fewer) runs scale from the constant instead of hard-coding
 * numbers, e.g. `fc.assert(prop, { numRuns: numRuns(0.1) })` for an expensive property.
 *
 * Runs are deterministic: a fixed seed unless FC_SEED is set (a number, or `random` to explore),
 * and no time limit, so a property never passes or fails by how busy the machine is. A failure
 * prints `{ seed, path }`; pass both back to `fc.assert` to replay it.
 */

/** Default number of runs per property. Override with FC_NUM_RUNS. */
export const DEFAULT_NUM_RUNS = 100;

/** Default seed. Override with FC_SEED=<integer> or FC_SEED=random. */
export const DEFAULT_SEED = 20240601;

// Read through globalThis so this file type-checks in packages that do not load Node's types.
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;

function envInteger(name: string): number | undefined {
  const raw = env?.[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) {
    throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Number of runs per property in this test run (FC_NUM_RUNS or DEFAULT_NUM_RUNS). */
export const FC_NUM_RUNS: number = envInteger('FC_NUM_RUNS') ?? DEFAULT_NUM_RUNS;

/** Seed for this test run, or undefined when FC_SEED=random. */
export const FC_SEED: number | undefined =
  env?.FC_SEED === 'random' ? undefined : (envInteger('FC_SEED') ?? DEFAULT_SEED);

/** FC_NUM_RUNS scaled by `factor`, at least 1 run. */
export function numRuns(factor: number): number {
  return Math.max(1, Math.round(FC_NUM_RUNS * factor));
}
