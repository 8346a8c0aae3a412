/**
 * Loads @gradflow/autodiff for the benchmarks. The engine is still being written, so it is
 * imported dynamically and its absence is reported instead of failing the whole run; the
 * specifier is a variable so this harness type-checks whatever state the engine is in.
 */

/** The part of the autodiff API the benchmark cases use (DESIGN.md's public API). */
export interface GradflowTensor {
  data(): ArrayLike<number>;
}
export interface GradflowApi {
  tensor(
    data: unknown,
    options?: { dtype?: 'float32' | 'float64'; shape?: number[] },
  ): GradflowTensor;
  add(a: GradflowTensor | number, b: GradflowTensor | number): GradflowTensor;
}

export type GradflowLoad = { ok: true; api: GradflowApi } | { ok: false; reason: string };

const SPECIFIER = '@gradflow/autodiff';

export async function loadGradflow(): Promise<GradflowLoad> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(SPECIFIER)) as Record<string, unknown>;
  } catch (error) {
    return { ok: false, reason: `cannot import ${SPECIFIER}: ${(error as Error).message}` };
  }
  const missing = ['tensor', 'add'].filter((name) => typeof mod[name] !== 'function');
  if (missing.length > 0) {
    return { ok: false, reason: `${SPECIFIER} does not export ${missing.join(', ')} yet` };
  }
  return { ok: true, api: mod as unknown as GradflowApi };
}
