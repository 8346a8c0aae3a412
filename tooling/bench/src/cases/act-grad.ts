import type { GradflowApi, GradflowTensor } from '../gradflow.js';
import type { tf } from '../tfjs.js';
import { mapF64, normal, sumF64 } from './data.js';
import { gradflowSide, tfjsSide } from './sides.js';
import type { BenchCase, Prepared } from './types.js';

/*
 * act_grad_<id>: the value and the gradient of sum(f(x)) over 1M float32 values, for ten
 * activations. gradflow runs each activation as it is written (a composition of primitives),
 * eagerly and through jit; TF.js runs its own kernel where it has one and the same composition
 * where it has none (gelu, silu, mish). The reference is float64: the derivative analytic where
 * f has a kink, a central difference of the float64 f elsewhere.
 */

type Tf = typeof tf;
type TfTensor = ReturnType<Tf['tensor']>;

const N = 1_000_000;
// N(0, 3^2): about a third of the inputs in saturation (|x| > 3)
const x = normal(N, 43, 3);

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const softplus = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
const erf = (v: number): number => {
  // the Taylor series below 3, erfc's continued fraction above: both to about 1e-15
  const a = Math.abs(v);
  if (a < 3) {
    let sum = a;
    let term = a;
    for (let k = 1; k < 200; k++) {
      term *= (-a * a) / k;
      const add = term / (2 * k + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return Math.sign(v) * ((2 / Math.sqrt(Math.PI)) * sum);
  }
  // erfc by a continued fraction (Lentz), good for a >= 3
  let f = a;
  let c = a;
  let d = 0;
  for (let k = 1; k < 300; k++) {
    const b = k / 2;
    d = a + b * d;
    d = 1 / d;
    c = a + b / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-a * a) / (f * Math.sqrt(Math.PI));
  return Math.sign(v) * (1 - erfc);
};

interface Act {
  id: string;
  f: (v: number) => number;
  /** The exact derivative where f has a kink; undefined: a central difference of f. */
  df?: (v: number) => number;
  /** TF.js's version: its own kernel, or the composition gradflow uses. */
  tf: (tfjs: Tf, t: TfTensor) => TfTensor;
  /** Accepted error, when a side's kernels are known to be coarser than the default 1e-4. */
  tolerance?: number;
}

const ACTS: readonly Act[] = [
  { id: 'relu', f: (v) => Math.max(v, 0), df: (v) => (v > 0 ? 1 : 0), tf: (t, a) => t.relu(a) },
  {
    id: 'leaky_relu',
    f: (v) => (v > 0 ? v : 0.2 * v),
    df: (v) => (v > 0 ? 1 : 0.2),
    tf: (t, a) => t.leakyRelu(a, 0.2),
  },
  {
    id: 'elu',
    f: (v) => (v > 0 ? v : Math.expm1(v)),
    df: (v) => (v > 0 ? 1 : Math.exp(v)),
    tf: (t, a) => t.elu(a),
  },
  {
    id: 'selu',
    f: (v) => SELU_SCALE * (v > 0 ? v : SELU_ALPHA * Math.expm1(v)),
    df: (v) => SELU_SCALE * (v > 0 ? 1 : SELU_ALPHA * Math.exp(v)),
    tf: (t, a) => t.selu(a),
  },
  { id: 'sigmoid', f: sigmoid, tf: (t, a) => t.sigmoid(a) },
  { id: 'tanh', f: Math.tanh, tf: (t, a) => t.tanh(a) },
  { id: 'softplus', f: softplus, tf: (t, a) => t.softplus(a) },
  {
    id: 'gelu',
    f: (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)),
    tf: (t, a) => t.mul(t.mul(a, 0.5), t.add(1, t.erf(t.div(a, Math.SQRT2)))),
    // TF.js wasm's erf is a short rational approximation: 2.3e-4 off here
    tolerance: 1e-3,
  },
  { id: 'silu', f: (v) => v * sigmoid(v), tf: (t, a) => t.mul(a, t.sigmoid(a)) },
  {
    id: 'mish',
    f: (v) => v * Math.tanh(softplus(v)),
    tf: (t, a) => t.mul(a, t.tanh(t.softplus(a))),
  },
];

/** f' by a central difference in float64 (relative step 1e-6: error far below the 1e-4 tolerance). */
function centralDifference(f: (v: number) => number): (v: number) => number {
  return (v) => {
    const h = 1e-6 * Math.max(1, Math.abs(v));
    return (f(v + h) - f(v - h)) / (2 * h);
  };
}

function gradflowCase(gf: GradflowApi, id: string, compiled: boolean): Prepared {
  const a = gf.tensor(x);
  const f = gf.activations.get(id);
  const vg = gf.valueAndGrad((t: GradflowTensor) => f(t).sum());
  const step = compiled ? gf.jit(vg) : vg;
  return gradflowSide(() => {
    const { value, grads } = step(a);
    return [value, grads as GradflowTensor];
  });
}

function actGradCase(act: Act): BenchCase {
  const df = act.df ?? centralDifference(act.f);
  return {
    name: `act_grad_${act.id}`,
    options: { warmup: 3, iterations: 30, budgetMs: 2500 },
    ...(act.tolerance === undefined ? {} : { tolerance: act.tolerance }),
    reference: () => [Float64Array.of(sumF64(mapF64(x, act.f))), mapF64(x, df)],
    gradflow: (gf) => gradflowCase(gf, act.id, false),
    gradflowJit: (gf) => gradflowCase(gf, act.id, true),
    tfjs: (tfjs) => {
      const a = tfjs.tensor1d(x, 'float32');
      const vg = tfjs.valueAndGrad((t: TfTensor) => act.tf(tfjs, t).sum());
      return tfjsSide(tfjs, [a], () => {
        const { value, grad } = vg(a);
        return [value, grad];
      });
    },
  };
}

export const ACT_GRAD_CASES: readonly BenchCase[] = ACTS.map(actGradCase);
