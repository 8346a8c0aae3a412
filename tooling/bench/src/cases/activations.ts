import type { GradflowApi, GradflowTensor } from '../gradflow.js';
import type { tf } from '../tfjs.js';
import { mapF64, normal, sumF64 } from './data.js';
import { gradflowSide, tfjsSide } from './sides.js';
import type { BenchCase } from './types.js';

type Tf = typeof tf;
type TfTensor = ReturnType<Tf['tensor']>;

const N = 1 << 20;
// N(0, 3^2): about a third of the inputs are in saturation (|x| > 3).
const x = normal(N, 41, 3);

interface Activation {
  id: 'sigmoid' | 'tanh';
  f: (v: number) => number;
  df: (v: number) => number;
  d2f: (v: number) => number;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const SIGMOID: Activation = {
  id: 'sigmoid',
  f: sigmoid,
  df: (v) => sigmoid(v) * sigmoid(-v),
  // s'' = s' (1 - 2s) = s(1-s)(1-2s)
  d2f: (v) => sigmoid(v) * sigmoid(-v) * (sigmoid(-v) - sigmoid(v)),
};
const TANH: Activation = {
  id: 'tanh',
  f: Math.tanh,
  df: (v) => 1 - Math.tanh(v) ** 2,
  d2f: (v) => -2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2),
};

function gfActivation(
  gf: GradflowApi,
  id: Activation['id'],
): (t: GradflowTensor) => GradflowTensor {
  return id === 'sigmoid' ? gf.sigmoid : gf.tanh;
}

function tfActivation(tfjs: Tf, id: Activation['id']): (t: TfTensor) => TfTensor {
  return id === 'sigmoid' ? (t) => tfjs.sigmoid(t) : (t) => tfjs.tanh(t);
}

/** Value and gradient of sum(f(x)): one forward and one backward pass. */
function valueAndGradCase(act: Activation): BenchCase {
  return {
    name: `${act.id} value+grad of sum, f32[1M]`,
    options: { warmup: 3, iterations: 30, budgetMs: 2500 },
    reference: () => [Float64Array.of(sumF64(mapF64(x, act.f))), mapF64(x, act.df)],
    gradflow: (gf) => {
      const a = gf.tensor(x);
      const f = gfActivation(gf, act.id);
      const vg = gf.valueAndGrad((t: GradflowTensor) => f(t).sum());
      return gradflowSide(() => {
        const { value, grads } = vg(a);
        return [value, grads as GradflowTensor];
      });
    },
    tfjs: (tfjs) => {
      const a = tfjs.tensor1d(x, 'float32');
      const f = tfActivation(tfjs, act.id);
      const vg = tfjs.valueAndGrad((t: TfTensor) => f(t).sum());
      return tfjsSide(tfjs, [a], () => {
        const { value, grad } = vg(a);
        return [value, grad];
      });
    },
  };
}

/** d/dx of sum(f'(x)): f'' elementwise, by differentiating the derived gradient again. */
function gradOfGradCase(act: Activation): BenchCase {
  return {
    name: `${act.id} grad-of-grad, f32[1M]`,
    options: { warmup: 2, iterations: 20, budgetMs: 2000, minIterations: 3 },
    reference: () => [mapF64(x, act.d2f)],
    gradflow: (gf) => {
      const a = gf.tensor(x);
      const f = gfActivation(gf, act.id);
      const df = gf.grad((t: GradflowTensor) => f(t).sum());
      const d2f = gf.grad((t: GradflowTensor) => (df(t) as GradflowTensor).sum());
      return gradflowSide(() => d2f(a) as GradflowTensor);
    },
    tfjs: (tfjs) => {
      const a = tfjs.tensor1d(x, 'float32');
      const f = tfActivation(tfjs, act.id);
      const df = tfjs.grad((t: TfTensor) => f(t).sum());
      const d2f = tfjs.grad((t: TfTensor) => df(t).sum());
      return tfjsSide(tfjs, [a], () => d2f(a));
    },
  };
}

export const ACTIVATION_CASES: readonly BenchCase[] = [
  valueAndGradCase(SIGMOID),
  valueAndGradCase(TANH),
  gradOfGradCase(TANH),
  gradOfGradCase(SIGMOID),
];
