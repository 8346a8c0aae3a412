import { gradflowSide, tfjsSide } from './sides.js';
import type { BenchCase } from './types.js';

const N = 1024;
const a = Float32Array.from({ length: N }, (_, i) => i * 0.5);
const b = Float32Array.from({ length: N }, (_, i) => 1 - i);

/** Smoke test: elementwise add of two small float32 vectors (per-call overhead). */
export const smoke: BenchCase = {
  name: `add f32[${N}] + f32[${N}]`,
  options: { warmup: 20, iterations: 200, budgetMs: 300 },
  reference: () => [Float64Array.from(a, (v, i) => v + b[i])],
  tolerance: 0,
  gradflow: (gf) => {
    const x = gf.tensor(a);
    const y = gf.tensor(b);
    return gradflowSide(() => gf.add(x, y));
  },
  tfjs: (tf) => {
    const x = tf.tensor1d(a, 'float32');
    const y = tf.tensor1d(b, 'float32');
    return tfjsSide(tf, [x, y], () => tf.add(x, y));
  },
};
