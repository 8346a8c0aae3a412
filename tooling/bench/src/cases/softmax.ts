import { normal, softmaxF64 } from './data.js';
import { gradflowSide, tfjsSide } from './sides.js';
import type { BenchCase } from './types.js';

const R = 512;
const C = 1000;
const x = normal(R * C, 31, 3);

export const softmaxCase: BenchCase = {
  name: `softmax f32[${R},${C}] along the last axis`,
  options: { warmup: 10, iterations: 100, budgetMs: 1000 },
  reference: () => [softmaxF64(x, R, C)],
  gradflow: (gf) => {
    const a = gf.tensor(x, { shape: [R, C] });
    return gradflowSide(() => gf.softmax(a, -1));
  },
  tfjs: (tf) => {
    const a = tf.tensor2d(x, [R, C], 'float32');
    return tfjsSide(tf, [a], () => tf.softmax(a, -1));
  },
};
