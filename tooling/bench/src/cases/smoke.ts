import type { BenchCase } from './types.js';

const N = 1024;
const a = Float32Array.from({ length: N }, (_, i) => i * 0.5);
const b = Float32Array.from({ length: N }, (_, i) => 1 - i);

function checkSum(op: string, out: ArrayLike<number>): void {
  for (let i = 0; i < N; i++) {
    const expected = a[i] + b[i];
    if (out[i] !== expected) {
      throw new Error(`${op}: element ${i} is ${out[i]}, expected ${expected}`);
    }
  }
}

/** Smoke test: elementwise add of two float32 vectors; checks every backend gives a + b. */
export const smoke: BenchCase = {
  name: `add f32[${N}] + f32[${N}]`,
  options: { warmup: 20, iterations: 200 },
  gradflow: (gf) => {
    const x = gf.tensor(a);
    const y = gf.tensor(b);
    checkSum('gradflow add', gf.add(x, y).data());
    return { run: () => gf.add(x, y).data() };
  },
  tfjs: (tf) => {
    const x = tf.tensor1d(a, 'float32');
    const y = tf.tensor1d(b, 'float32');
    const sum = tf.add(x, y);
    checkSum(`tfjs-${tf.getBackend()} add`, sum.dataSync());
    sum.dispose();
    return {
      run: () => {
        const out = tf.add(x, y);
        const values = out.dataSync();
        out.dispose();
        return values;
      },
      dispose: () => {
        x.dispose();
        y.dispose();
      },
    };
  },
};
