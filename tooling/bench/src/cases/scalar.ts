import type { GradflowApi, GradflowTensor } from '../gradflow.js';
import type { tf } from '../tfjs.js';
import { gradflowSide, tfjsSide } from './sides.js';
import type { BenchCase, Prepared } from './types.js';

type TfTensor = ReturnType<(typeof tf)['tensor']>;

/*
 * scalar_graph: 2000 chained scalar ops (add 0.1, mul 0.9, tanh, repeating) and the gradient:
 * the engine's cost per op, not arithmetic. Reported per op.
 */
export const SCALAR_OPS = 2000;
const X0 = 0.3;

function reference(): Float64Array[] {
  let y = X0;
  let dy = 1;
  for (let i = 0; i < SCALAR_OPS; i++) {
    if (i % 3 === 0) y += 0.1;
    else if (i % 3 === 1) {
      y *= 0.9;
      dy *= 0.9;
    } else {
      y = Math.tanh(y);
      dy *= 1 - y * y;
    }
  }
  return [Float64Array.of(y), Float64Array.of(dy)];
}

function gradflowScalar(gf: GradflowApi, compiled: boolean): Prepared {
  const f = (x: GradflowTensor) => {
    let y = x;
    for (let i = 0; i < SCALAR_OPS; i++) {
      y = i % 3 === 0 ? gf.add(y, 0.1) : i % 3 === 1 ? gf.mul(y, 0.9) : gf.tanh(y);
    }
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
      for (let i = 0; i < SCALAR_OPS; i++) {
        y = i % 3 === 0 ? tfjs.add(y, 0.1) : i % 3 === 1 ? tfjs.mul(y, 0.9) : tfjs.tanh(y);
      }
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
