import { matmulF64, normal } from './data.js';
import { gradflowSide, tfjsSide } from './sides.js';
import type { BenchCase } from './types.js';

function matmulCase(batch: number, m: number, k: number, n: number): BenchCase {
  const a = normal(batch * m * k, 21 + m);
  const b = normal(batch * k * n, 22 + n);
  const lead = batch === 1 ? [] : [batch];
  const as = [...lead, m, k];
  const bs = [...lead, k, n];
  const fmt = (s: number[]) => `[${s.join(',')}]`;
  const flops = 2 * batch * m * k * n;
  return {
    name:
      batch === 1 && m === 512 && k === 512 && n === 512
        ? 'matmul_512'
        : `matmul ${fmt(as)} x ${fmt(bs)}`,
    flops,
    options: { warmup: 5, iterations: 40, budgetMs: flops > 1e8 ? 1500 : 800 },
    reference: () => [matmulF64(a, b, batch, m, k, n)],
    gradflow: (gf) => {
      const x = gf.tensor(a, { shape: as });
      const y = gf.tensor(b, { shape: bs });
      return gradflowSide(() => gf.matmul(x, y));
    },
    tfjs: (tf) => {
      const x = tf.tensor(a, as, 'float32');
      const y = tf.tensor(b, bs, 'float32');
      return tfjsSide(tf, [x, y], () => tf.matMul(x, y));
    },
  };
}

export const MATMUL_CASES: readonly BenchCase[] = [
  matmulCase(1, 128, 128, 128),
  matmulCase(1, 256, 256, 256),
  matmulCase(1, 512, 512, 512),
  matmulCase(32, 64, 64, 64),
];
