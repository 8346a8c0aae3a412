import type { GradflowApi, GradflowTensor } from '../gradflow.js';
import type { tf } from '../tfjs.js';
import { matmulF64, normal, uniformSource } from './data.js';
import { gradflowSide, tfjsSide } from './sides.js';
import type { BenchCase, Prepared } from './types.js';

type Tf = typeof tf;
type TfTensor = ReturnType<Tf['tensor']>;

/*
 * mlp_step: one SGD step of a 784-256-128-10 MLP (ReLU, softmax cross-entropy from logits,
 * batch 64, float32). Each call starts from the same weights and returns the loss and the six
 * updated weights, so repeated calls do the same work; the oracle is float64 backpropagation
 * written out by hand.
 */

const B = 64;
const SIZES = [784, 256, 128, 10];
const LR = 0.1;
const L = SIZES.length - 1;

const xs = normal(B * SIZES[0]!, 61);
const weights = Array.from({ length: L }, (_, l) =>
  normal(SIZES[l]! * SIZES[l + 1]!, 62 + l, Math.sqrt(2 / SIZES[l]!)),
);
const biases = Array.from({ length: L }, (_, l) => normal(SIZES[l + 1]!, 72 + l, 0.1));
const labels = (() => {
  const u = uniformSource(81);
  const y = new Float32Array(B * SIZES[L]!);
  for (let i = 0; i < B; i++) y[i * SIZES[L]! + Math.floor(u() * SIZES[L]!)] = 1;
  return y;
})();

function transposeF64(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j]!;
  return out;
}

/** Loss, then w1, b1, w2, b2, w3, b3 after one SGD step, in float64. */
function reference(): Float64Array[] {
  const acts: Float64Array[] = [Float64Array.from(xs)];
  const pres: Float64Array[] = [];
  for (let l = 0; l < L; l++) {
    const [din, dout] = [SIZES[l]!, SIZES[l + 1]!];
    const pre = matmulF64(acts[l]!, weights[l]!, 1, B, din, dout);
    for (let i = 0; i < B; i++) for (let j = 0; j < dout; j++) pre[i * dout + j]! += biases[l]![j]!;
    pres.push(pre);
    acts.push(l < L - 1 ? pre.map((v) => (v > 0 ? v : 0)) : pre);
  }
  const K = SIZES[L]!;
  const logits = acts[L]!;
  let loss = 0;
  let delta: Float64Array = new Float64Array(B * K);
  for (let i = 0; i < B; i++) {
    const row = logits.subarray(i * K, (i + 1) * K);
    const m = Math.max(...row);
    let s = 0;
    for (const v of row) s += Math.exp(v - m);
    const lse = m + Math.log(s);
    for (let j = 0; j < K; j++) {
      loss -= (labels[i * K + j]! * (row[j]! - lse)) / B;
      delta[i * K + j] = (Math.exp(row[j]! - lse) - labels[i * K + j]!) / B;
    }
  }
  const out: Float64Array[] = [];
  for (let l = L - 1; l >= 0; l--) {
    const [din, dout] = [SIZES[l]!, SIZES[l + 1]!];
    const dW = matmulF64(transposeF64(acts[l]!, B, din), delta, 1, din, B, dout);
    const db = new Float64Array(dout);
    for (let i = 0; i < B; i++) for (let j = 0; j < dout; j++) db[j]! += delta[i * dout + j]!;
    out.unshift(
      weights[l]!.reduce(
        (acc, w, i) => ((acc[i] = w - LR * dW[i]!), acc),
        new Float64Array(dW.length),
      ),
      biases[l]!.reduce((acc, b, i) => ((acc[i] = b - LR * db[i]!), acc), new Float64Array(dout)),
    );
    if (l > 0) {
      const d = matmulF64(delta, transposeF64(weights[l]!, din, dout), 1, B, dout, din);
      const pre = pres[l - 1]!;
      for (let i = 0; i < d.length; i++) if (!(pre[i]! > 0)) d[i] = 0;
      delta = d;
    }
  }
  return [Float64Array.of(loss), ...out];
}

/** One SGD step: loss, gradients and updated parameters; compiled whole with jit. */
function gradflowMlp(gf: GradflowApi, compiled: boolean): Prepared {
  const params = weights.flatMap((w, l) => [
    gf.tensor(w, { shape: [SIZES[l]!, SIZES[l + 1]!] }),
    gf.tensor(biases[l]!),
  ]);
  const x = gf.tensor(xs, { shape: [B, SIZES[0]!] });
  const y = gf.tensor(labels, { shape: [B, SIZES[L]!] });
  const loss = (p: GradflowTensor[], xb: GradflowTensor, yb: GradflowTensor) => {
    let h = xb;
    for (let l = 0; l < L; l++) {
      const z = gf.add(gf.matmul(h, p[2 * l]!), p[2 * l + 1]!);
      h = l < L - 1 ? gf.relu(z) : z;
    }
    return gf.neg(gf.mean(gf.sum(gf.mul(yb, gf.logSoftmax(h, -1)), 1)));
  };
  const vg = gf.valueAndGrad(loss);
  const sgd = (p: GradflowTensor[], xb: GradflowTensor, yb: GradflowTensor) => {
    const { value, grads } = vg(p, xb, yb);
    const g = grads as GradflowTensor[];
    return [value, ...p.map((w, i) => gf.sub(w, gf.mul(g[i]!, LR)))];
  };
  const step = compiled ? gf.jit(sgd) : sgd;
  return gradflowSide(() => step(params, x, y));
}

export const mlpStepCase: BenchCase = {
  name: 'mlp_step',
  options: { warmup: 5, iterations: 60, budgetMs: 2500 },
  reference,
  gradflow: (gf) => gradflowMlp(gf, false),
  gradflowJit: (gf) => gradflowMlp(gf, true),
  tfjs: (tfjs) => {
    // tf.variable keeps its initial tensor allocated: dispose it once the variable holds it
    const variable = (t: TfTensor) => {
      const v = tfjs.variable(t);
      t.dispose();
      return v;
    };
    const vars = weights.flatMap((w, l) => [
      variable(tfjs.tensor2d(w, [SIZES[l]!, SIZES[l + 1]!], 'float32')),
      variable(tfjs.tensor1d(biases[l]!, 'float32')),
    ]);
    const x = tfjs.tensor2d(xs, [B, SIZES[0]!], 'float32');
    const y = tfjs.tensor2d(labels, [B, SIZES[L]!], 'float32');
    const loss = () => {
      let h: TfTensor = x;
      for (let l = 0; l < L; l++) {
        const z = tfjs.add(tfjs.matMul(h as never, vars[2 * l]! as never), vars[2 * l + 1]!);
        h = l < L - 1 ? tfjs.relu(z) : z;
      }
      return tfjs.neg(tfjs.mean(tfjs.sum(tfjs.mul(y, tfjs.logSoftmax(h, -1)), 1))) as ReturnType<
        Tf['scalar']
      >;
    };
    return tfjsSide(tfjs, [...vars, x, y], () => {
      const { value, grads } = tfjs.variableGrads(loss, vars);
      return [value, ...vars.map((w) => tfjs.sub(w, tfjs.mul(grads[w.name]!, LR)))];
    });
  },
};

/** Gradients of sum(A B * G) for 256 x 256 float32 A, B: dA = G B^T and dB = A^T G. */
const N = 256;
const ga = normal(N * N, 91);
const gb = normal(N * N, 92);
const gg = normal(N * N, 93);

export const matmulGradCase: BenchCase = {
  name: 'matmul_grad_256',
  options: { warmup: 5, iterations: 40, budgetMs: 1500 },
  reference: () => [
    matmulF64(gg, transposeF64(gb, N, N), 1, N, N, N),
    matmulF64(transposeF64(ga, N, N), gg, 1, N, N, N),
  ],
  gradflow: (gf) => {
    const a = gf.tensor(ga, { shape: [N, N] });
    const b = gf.tensor(gb, { shape: [N, N] });
    const g = gf.tensor(gg, { shape: [N, N] });
    const df = gf.grad(
      (p: GradflowTensor, q: GradflowTensor) => gf.mul(gf.matmul(p, q), g).sum(),
      [0, 1],
    );
    return gradflowSide(() => df(a, b) as GradflowTensor[]);
  },
  tfjs: (tfjs) => {
    const a = tfjs.tensor2d(ga, [N, N], 'float32');
    const b = tfjs.tensor2d(gb, [N, N], 'float32');
    const g = tfjs.tensor2d(gg, [N, N], 'float32');
    const df = tfjs.grads((p: TfTensor, q: TfTensor) =>
      tfjs.mul(tfjs.matMul(p as never, q as never), g).sum(),
    );
    return tfjsSide(tfjs, [a, b, g], () => df([a, b]));
  },
};
