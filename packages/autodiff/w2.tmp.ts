import { jit, tensor, where, greater, mul, add, exp, sum, neg, lessEqual } from './src/index.js';
const x = tensor([-2, -1, 0.5, 3, 4, -5, 6]);
const cases: [string, (x: any) => any][] = [
  ['mul', (x) => mul(x, x)], ['add c', (x) => add(x, 2)], ['greater', (x) => greater(x, 0)], ['where', (x) => where(greater(x, 0), x, 0)],
  ['where2', (x) => where(lessEqual(x, 0), 0, x)], ['exp', (x) => exp(x)], ['neg', (x) => neg(x)], ['sum', (x) => sum(mul(x, x))], ['sum where', (x) => sum(where(lessEqual(x, 0), 0, x))],
];
for (const [n, f] of cases) console.log(n, Array.from(f(x).data()).join(','), '|', Array.from(jit(f, { backend: 'wasm' })(x).data()).join(','));
