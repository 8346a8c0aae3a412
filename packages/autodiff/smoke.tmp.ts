import { jit, tensor, valueAndGrad, sigmoid, activations, sum, randomNormal, grad, mul, tanh } from './src/index.js';
const x = randomNormal([10000], { seed: 1 });
for (const id of ['relu','leaky_relu','elu','selu','sigmoid','tanh','softplus','gelu','silu','mish']) {
  const f = activations.get(id);
  const loss = (x: any) => sum(f(x));
  const vg = valueAndGrad(loss);
  const j = jit(vg);
  const e = vg(x); const r = j(x);
  const g1 = e.grads.data(), g2 = r.grads.data();
  let bad = 0; for (let i = 0; i < g1.length; i++) if (!Object.is(g1[i], g2[i])) bad++;
  console.log(id, e.value.item(), r.value.item(), Object.is(e.value.item(), r.value.item()), 'grad mismatches', bad);
}
