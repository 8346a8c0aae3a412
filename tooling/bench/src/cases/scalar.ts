import type { GradflowApi, GradflowTensor } from '../gradflow.js';
import type { tf } from '../tfjs.js';
import { gradflowSide, tfjsSide } from './sides.js';
import type { BenchCase, Prepared } from './types.js';

type TfTensor = ReturnType<(typeof tf)['tensor']>;

/*
 * scalar_graph: 2000 chained scalar ops and the gradient: the engine's cost per op, not
 * arithmetic. Reported per op. Each group of three is y <- y + 0.5 tanh(y) (tanh, mul, add),
 * which keeps the derivative (a product of 1 + 0.5 tanh'(y) factors) finite in float32, where a
 * plain contraction (add 0.1, mul 0.9, tanh) underflows it to about 1e-60 and no float32 side
 * can match the float64 reference.
 */
export const SCALAR_OPS = 2000;
const X0 = 0.3;

function reference(): Float64Array[] {
  let y = X0;
  let dy = 1;
  for (let i = 0; i + 2 < SCALAR_OPS; i += 3) {
    const t = Math.tanh(y);
    dy *= 1 + 0.5 * (1 - t * t);
    y += 0.5 * t;
  }
  for (let i = SCALAR_OPS - (SCALAR_OPS % 3); i < SCALAR_OPS; i++) {
    dy *= 1 - Math.tanh(y) ** 2;
    y = Math.tanh(y);
  }
  return [Float64Array.of(y), Float64Array.of(dy)];
}

function gradflowScalar(gf: GradflowApi, compiled: boolean): Prepared {
  const f = (x: GradflowTensor) => {
    let y = x;
    for (let i = 0; i + 2 < SCALAR_OPS; i += 3) y = gf.add(y, gf.mul(gf.tanh(y), 0.5));
    for (let i = SCALAR_OPS - (SCALAR_OPS % 3); i < SCALAR_OPS; i++) y = gf.tanh(y);
    return y;
  };
  const vg = gf.valueAndGrad(f);
  const step = compiled ? gf.jit(vg) : vg;
  const x = gf.tensor(X0);
  return gradflowSide(() => {
    const { value, grads } = step(x);
    return [value, grads as GradflowTensor];
  });
}

export const scalarGraphCase: BenchCase = {
  name: 'scalar_graph',
  options: { warmup: 5, iterations: 40, budgetMs: 2500 },
  reference,
  perOp: SCALAR_OPS,
  gradflow: (gf) => gradflowScalar(gf, false),
  gradflowJit: (gf) => gradflowScalar(gf, true),
  tfjs: (tfjs) => {
    const f = (x: TfTensor) => {
      let y = x;
      for (let i = 0; i + 2 < SCALAR_OPS; i += 3) y = tfjs.add(y, tfjs.mul(tfjs.tanh(y), 0.5));
      for (let i = SCALAR_OPS - (SCALAR_OPS % 3); i < SCALAR_OPS; i++) y = tfjs.tanh(y);
      return y;
    };
    const vg = tfjs.valueAndGrad(f);
    const x = tfjs.scalar(X0, 'float32');
    return tfjsSide(tfjs, [x], () => {
      const { value, grad } = vg(x);
      return [value, grad];
    });
  },
};
