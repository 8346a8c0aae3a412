/**
 * Exhaustive check of @gradflow/autodiff's float32 exp and expm1 kernels: for every one of the
 * 2^32 float32 bit patterns, the kernel's output must equal Math.fround(Math.exp(x)) (and
 * expm1), NaN for NaN. About two minutes per function here. Run with
 * `pnpm --filter @gradflow/bench verify:exp32`.
 */
import { expIntoFloat32, expm1IntoFloat32 } from '../../../packages/autodiff/src/kernels/exp32.js';

const BLOCK = 1 << 16;
const bits = new Uint32Array(BLOCK);
const x = new Float32Array(bits.buffer);
const out = new Float32Array(BLOCK);

function check(name: string, kernel: typeof expIntoFloat32, ref: (v: number) => number): number {
  let mismatches = 0;
  const start = performance.now();
  for (let base = 0; base < 2 ** 32; base += BLOCK) {
    for (let i = 0; i < BLOCK; i++) bits[i] = base + i;
    kernel(out, x, 0, BLOCK);
    for (let i = 0; i < BLOCK; i++) {
      const want = Math.fround(ref(x[i]));
      const got = out[i];
      if (!(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want)))) {
        if (mismatches++ < 10) console.log(`${name}: x = ${x[i]} gives ${got}, Math gives ${want}`);
      }
    }
  }
  const s = ((performance.now() - start) / 1000).toFixed(0);
  console.log(`${name}: ${mismatches} mismatches over all 2^32 float32 inputs (${s} s)`);
  return mismatches;
}

const bad = check('exp', expIntoFloat32, Math.exp) + check('expm1', expm1IntoFloat32, Math.expm1);
process.exitCode = bad === 0 ? 0 : 1;
