/**
 * Input features computed from a point (x1, x2), as in the TensorFlow Playground. A network fed
 * x1² and x2² can draw a circle with a single layer; one fed only x1 and x2 must learn the
 * curve with hidden units.
 */
import { GradflowError } from '@gradflow/autodiff';

export const FEATURES = [
  { id: 'x1', label: 'x₁', fn: (a: number) => a },
  { id: 'x2', label: 'x₂', fn: (_a: number, b: number) => b },
  { id: 'x1sq', label: 'x₁²', fn: (a: number) => a * a },
  { id: 'x2sq', label: 'x₂²', fn: (_a: number, b: number) => b * b },
  { id: 'x1x2', label: 'x₁·x₂', fn: (a: number, b: number) => a * b },
  { id: 'sinx1', label: 'sin(x₁)', fn: (a: number) => Math.sin(a) },
  { id: 'sinx2', label: 'sin(x₂)', fn: (_a: number, b: number) => Math.sin(b) },
] as const;

export type FeatureId = (typeof FEATURES)[number]['id'];

export const FEATURE_IDS: readonly FeatureId[] = FEATURES.map((f) => f.id);

export function isFeatureId(id: string): id is FeatureId {
  return (FEATURE_IDS as readonly string[]).includes(id);
}

/**
 * The feature matrix (row-major, `points × features.length`, float32) for points given as flat
 * pairs `[x1, x2, x1, x2, ...]`. Features keep the order given.
 */
export function featurize(xy: ArrayLike<number>, features: readonly FeatureId[]): Float32Array {
  if (features.length === 0)
    throw new GradflowError(
      'train.featurize',
      `needs at least one feature (choose from ${FEATURE_IDS.join(', ')})`,
    );
  const fns = features.map((id) => {
    const f = FEATURES.find((g) => g.id === id);
    if (f === undefined)
      throw new GradflowError(
        'train.featurize',
        `unknown feature ${JSON.stringify(id)}; valid: ${FEATURE_IDS.join(', ')}`,
      );
    return f.fn;
  });
  const n = Math.floor(xy.length / 2);
  const k = fns.length;
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const a = xy[2 * i]!;
    const b = xy[2 * i + 1]!;
    for (let j = 0; j < k; j++) out[i * k + j] = fns[j]!(a, b);
  }
  return out;
}
