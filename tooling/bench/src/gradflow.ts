/**
 * Loads @gradflow/autodiff for the benchmarks. It is imported dynamically and its absence is
 * reported instead of failing the whole run; the specifier is a variable so this harness
 * type-checks (against the structural API below) whatever state the engine is in.
 */

/** The part of a gradflow Tensor the benchmark cases use. */
export interface GradflowTensor {
  readonly shape: readonly number[];
  data(): Float32Array | Float64Array;
  sum(axes?: number | number[], keepDims?: boolean): GradflowTensor;
}

type T = GradflowTensor;
type TL = GradflowTensor | number;

/** The part of the autodiff API the benchmark cases use (its public API). */
export interface GradflowApi {
  tensor(data: unknown, options?: { dtype?: 'float32' | 'float64'; shape?: number[] }): T;
  add(a: TL, b: TL): T;
  sub(a: TL, b: TL): T;
  mul(a: TL, b: TL): T;
  neg(x: TL): T;
  exp(x: TL): T;
  sum(x: T, axes?: number | number[], keepDims?: boolean): T;
  mean(x: T, axes?: number | number[], keepDims?: boolean): T;
  matmul(a: T, b: T): T;
  softmax(x: T, axis?: number): T;
  logSoftmax(x: T, axis?: number): T;
  relu(x: T): T;
  sigmoid(x: T): T;
  tanh(x: T): T;
  grad<A extends unknown[]>(
    f: (...args: A) => T,
    argnums?: number | number[],
  ): (...args: A) => unknown;
  valueAndGrad<A extends unknown[]>(
    f: (...args: A) => T,
    argnums?: number | number[],
  ): (...args: A) => { value: T; grads: unknown };
  jit<F extends (...args: never[]) => unknown>(f: F): F;
  activations: { get(id: string): (x: T) => T };
}

export type GradflowLoad = { ok: true; api: GradflowApi } | { ok: false; reason: string };

const SPECIFIER = '@gradflow/autodiff';
const NEEDED = [
  'tensor',
  'add',
  'sub',
  'mul',
  'neg',
  'exp',
  'sum',
  'mean',
  'matmul',
  'softmax',
  'logSoftmax',
  'relu',
  'sigmoid',
  'tanh',
  'grad',
  'valueAndGrad',
  'jit',
];

export async function loadGradflow(): Promise<GradflowLoad> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(SPECIFIER)) as Record<string, unknown>;
  } catch (error) {
    return { ok: false, reason: `cannot import ${SPECIFIER}: ${(error as Error).message}` };
  }
  const missing = NEEDED.filter((name) => typeof mod[name] !== 'function');
  if (missing.length > 0) {
    return { ok: false, reason: `${SPECIFIER} does not export ${missing.join(', ')} yet` };
  }
  return { ok: true, api: mod as unknown as GradflowApi };
}
