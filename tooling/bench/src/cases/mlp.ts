import type { GradflowTensor } from '../gradflow.js';
import type { tf } from '../tfjs.js';
import { matmulF64, normal, uniformSource } from './data.js';
import { gradflowSide, tfjsSide } from './sides.js';
import type { BenchCase } from './types.js';

type Tf = typeof tf;
type TfTensor = ReturnType<Tf['tensor']>;

const B = 64;
const D = 784;
const H = 128;
const K = 10;

const xs = normal(B * D, 51);
const w1 = normal(D * H, 52, Math.sqrt(2 / D)); // He normal
const b1 = normal(H, 53, 0.1);
const w2 = normal(H * K, 54, Math.sqrt(1 / H));
const b2 = normal(K, 55, 0.1);
const ys = (() => {
  const u = uniformSource(56);
  const y = new Float32Array(B * K);
  for (let i = 0; i < B; i++) y[i * K + Math.floor(u() * K)] = 1;
  return y;
})();

/** A^T (a is [rows, cols]) in float64. */
function transposeF64(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  return out;
}

/** Loss and gradients written out by hand in float64: the independent oracle. */
function reference(): Float64Array[] {
  const pre = matmulF64(xs, w1, 1, B, D, H);
  for (let i = 0; i < B; i++) for (let j = 0; j < H; j++) pre[i * H + j] += b1[j];
  const h = pre.map((v) => (v > 0 ? v : 0));
  const logits = matmulF64(h, w2, 1, B, H, K);
  for (let i = 0; i < B; i++) for (let j = 0; j < K; j++) logits[i * K + j] += b2[j];
  let loss = 0;
  const dLogits = new Float64Array(B * K);
  for (let i = 0; i < B; i++) {
    const row = logits.subarray(i * K, (i + 1) * K);
    const m = Math.max(...row);
    let s = 0;
    for (const v of row) s += Math.exp(v - m);
    const lse = m + Math.log(s);
    let ySum = 0;
    for (let j = 0; j < K; j++) ySum += ys[i * K + j];
    for (let j = 0; j < K; j++) {
      loss -= (ys[i * K + j] * (row[j] - lse)) / B;
      dLogits[i * K + j] = (Math.exp(row[j] - lse) * ySum - ys[i * K + j]) / B;
    }
  }
  const dW2 = matmulF64(transposeF64(h, B, H), dLogits, 1, H, B, K);
  const db2 = new Float64Array(K);
  for (let i = 0; i < B; i++) for (let j = 0; j < K; j++) db2[j] += dLogits[i * K + j];
  const dh = matmulF64(dLogits, transposeF64(w2, H, K), 1, B, K, H);
  for (let i = 0; i < B * H; i++) if (!(pre[i] > 0)) dh[i] = 0;
  const dW1 = matmulF64(transposeF64(xs, B, D), dh, 1, D, B, H);
  const db1 = new Float64Array(H);
  for (let i = 0; i < B; i++) for (let j = 0; j < H; j++) db1[j] += dh[i * H + j];
  return [Float64Array.of(loss), dW1, db1, dW2, db2];
}

interface Params<T> {
  w1: T;
  b1: T;
  w2: T;
  b2: T;
}

/**
 * One training step's gradient: a 784-128-10 MLP with relu, softmax cross-entropy written with
 * logSoftmax, mean over a batch of 64, and the gradient with respect to all four weights.
 */
export const mlpCase: BenchCase = {
  name: `MLP step ${D}-${H} relu-${K}, batch ${B} (loss + 4 grads)`,
  options: { warmup: 5, iterations: 100, budgetMs: 1500 },
  reference,
  gradflow: (gf) => {
    const p: Params<GradflowTensor> = {
      w1: gf.tensor(w1, { shape: [D, H] }),
      b1: gf.tensor(b1),
      w2: gf.tensor(w2, { shape: [H, K] }),
      b2: gf.tensor(b2),
    };
    const x = gf.tensor(xs, { shape: [B, D] });
    const y = gf.tensor(ys, { shape: [B, K] });
    const loss = (q: Params<GradflowTensor>, xb: GradflowTensor, yb: GradflowTensor) => {
      const hidden = gf.relu(gf.add(gf.matmul(xb, q.w1), q.b1));
      const logits = gf.add(gf.matmul(hidden, q.w2), q.b2);
      return gf.neg(gf.mean(gf.sum(gf.mul(yb, gf.logSoftmax(logits, -1)), 1)));
    };
    const step = gf.valueAndGrad(loss);
    return gradflowSide(() => {
      const { value, grads } = step(p, x, y);
      const g = grads as Params<GradflowTensor>;
      return [value, g.w1, g.b1, g.w2, g.b2];
    });
  },
  tfjs: (tfjs) => {
    // tf.variable shares the initial tensor's storage; disposing the initial tensor only drops its reference
    const variable = (t: TfTensor) => {
      const v = tfjs.variable(t);
      t.dispose();
      return v;
    };
    const v: Params<TfTensor> = {
      w1: variable(tfjs.tensor2d(w1, [D, H], 'float32')),
      b1: variable(tfjs.tensor1d(b1, 'float32')),
      w2: variable(tfjs.tensor2d(w2, [H, K], 'float32')),
      b2: variable(tfjs.tensor1d(b2, 'float32')),
    };
    const vars = [v.w1, v.b1, v.w2, v.b2] as ReturnType<Tf['variable']>[];
    const x = tfjs.tensor2d(xs, [B, D], 'float32');
    const y = tfjs.tensor2d(ys, [B, K], 'float32');
    const loss = () => {
      const hidden = tfjs.relu(tfjs.add(tfjs.matMul(x, v.w1), v.b1));
      const logits = tfjs.add(tfjs.matMul(hidden, v.w2), v.b2);
      return tfjs.neg(
        tfjs.mean(tfjs.sum(tfjs.mul(y, tfjs.logSoftmax(logits, -1)), 1)),
      ) as ReturnType<Tf['scalar']>;
    };
    return tfjsSide(tfjs, [...vars, x, y], () => {
      const { value, grads } = tfjs.variableGrads(loss, vars);
      return [value, ...vars.map((w) => grads[w.name])];
    });
  },
};
