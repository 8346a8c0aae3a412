import { mapF64, normal } from './data.js';
import { gradflowSide, tfjsSide } from './sides.js';
import type { BenchCase } from './types.js';

const N = 1 << 20;
const ROWS = 1024;
const COLS = 1024;
const x = normal(N, 1);
const y = normal(N, 2);
const bias = normal(COLS, 3);

const options = { warmup: 10, iterations: 100, budgetMs: 1200 };

export const addCase: BenchCase = {
  name: 'add f32[1M] + f32[1M]',
  options,
  reference: () => [mapF64(x, (v) => v).map((v, i) => v + y[i])],
  gradflow: (gf) => {
    const a = gf.tensor(x);
    const b = gf.tensor(y);
    return gradflowSide(() => gf.add(a, b));
  },
  tfjs: (tf) => {
    const a = tf.tensor1d(x, 'float32');
    const b = tf.tensor1d(y, 'float32');
    return tfjsSide(tf, [a, b], () => tf.add(a, b));
  },
};

export const mulCase: BenchCase = {
  name: 'mul f32[1M] * f32[1M]',
  options,
  reference: () => [mapF64(x, (v) => v).map((v, i) => v * y[i])],
  gradflow: (gf) => {
    const a = gf.tensor(x);
    const b = gf.tensor(y);
    return gradflowSide(() => gf.mul(a, b));
  },
  tfjs: (tf) => {
    const a = tf.tensor1d(x, 'float32');
    const b = tf.tensor1d(y, 'float32');
    return tfjsSide(tf, [a, b], () => tf.mul(a, b));
  },
};

export const expCase: BenchCase = {
  name: 'exp f32[1M]',
  options,
  reference: () => [mapF64(x, Math.exp)],
  gradflow: (gf) => {
    const a = gf.tensor(x);
    return gradflowSide(() => gf.exp(a));
  },
  tfjs: (tf) => {
    const a = tf.tensor1d(x, 'float32');
    return tfjsSide(tf, [a], () => tf.exp(a));
  },
};

export const biasAddCase: BenchCase = {
  name: `bias add f32[${ROWS},${COLS}] + f32[${COLS}]`,
  options,
  reference: () => [mapF64(x, (v) => v).map((v, i) => v + bias[i % COLS])],
  gradflow: (gf) => {
    const a = gf.tensor(x, { shape: [ROWS, COLS] });
    const b = gf.tensor(bias);
    return gradflowSide(() => gf.add(a, b));
  },
  tfjs: (tf) => {
    const a = tf.tensor2d(x, [ROWS, COLS], 'float32');
    const b = tf.tensor1d(bias, 'float32');
    return tfjsSide(tf, [a, b], () => tf.add(a, b));
  },
};

export const ELEMENTWISE_CASES: readonly BenchCase[] = [addCase, mulCase, expCase, biasAddCase];
