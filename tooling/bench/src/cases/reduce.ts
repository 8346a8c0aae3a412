import { normal, sumF64 } from './data.js';
import { gradflowSide, tfjsSide } from './sides.js';
import type { BenchCase } from './types.js';

const R = 1024;
const C = 1024;
const x = normal(R * C, 11);
const options = { warmup: 10, iterations: 100, budgetMs: 800 };

function sumAxis(axis: 0 | 1): Float64Array {
  const out = new Float64Array(axis === 0 ? C : R);
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < C; j++) out[axis === 0 ? j : i] += x[i * C + j];
  }
  return out;
}

function sumCase(axis: 0 | 1 | null): BenchCase {
  const label = axis === null ? 'all' : `axis ${axis}`;
  return {
    name: `sum f32[${R},${C}] over ${label}`,
    options,
    reference: () => [axis === null ? Float64Array.of(sumF64(x)) : sumAxis(axis)],
    gradflow: (gf) => {
      const a = gf.tensor(x, { shape: [R, C] });
      return gradflowSide(() => (axis === null ? gf.sum(a) : gf.sum(a, axis)));
    },
    tfjs: (tf) => {
      const a = tf.tensor2d(x, [R, C], 'float32');
      return tfjsSide(tf, [a], () => (axis === null ? tf.sum(a) : tf.sum(a, axis)));
    },
  };
}

export const REDUCE_CASES: readonly BenchCase[] = [sumCase(null), sumCase(0), sumCase(1)];
