import { describe, expect, it } from 'vitest';
import { expIntoFloat32, expm1IntoFloat32 } from '../../../packages/autodiff/src/kernels/exp32.js';

/**
 * gradflow's float32 exp/expm1 kernels must round exactly as Math.fround(Math.exp(x)) does
 * (`pnpm verify:exp32` checks all 2^32 inputs; this checks a stride through them and the edges).
 */
function sample(): Float32Array {
  const bits: number[] = [];
  for (let b = 0; b < 2 ** 32; b += 4099) bits.push(b); // ~1M patterns, every exponent
  const x = new Float32Array(Uint32Array.from(bits).buffer);
  const edges = [
    0,
    -0,
    1e-45,
    -1e-45,
    0.0625,
    -0.0625,
    88,
    -103,
    88.72283,
    -103.97,
    1e30,
    -1e30,
    Infinity,
    -Infinity,
    NaN,
    Math.fround(Math.LN2),
    Math.fround(-Math.LN2),
  ];
  return Float32Array.from([...x, ...edges, ...edges.map((e) => Math.fround(e * (1 + 2 ** -23)))]);
}

function mismatches(kernel: typeof expIntoFloat32, ref: (v: number) => number): string[] {
  const x = sample();
  const out = new Float32Array(x.length);
  kernel(out, x, 0, x.length);
  const bad: string[] = [];
  for (let i = 0; i < x.length; i++) {
    const want = Math.fround(ref(x[i]));
    if (!Object.is(out[i], want) && !(Number.isNaN(out[i]) && Number.isNaN(want))) {
      bad.push(`x = ${x[i]}: ${out[i]} vs ${want}`);
    }
  }
  return bad;
}

describe('float32 exp kernels', () => {
  it('exp rounds like Math.fround(Math.exp(x)) on every sampled float32', () => {
    expect(mismatches(expIntoFloat32, Math.exp)).toEqual([]);
  });

  it('expm1 rounds like Math.fround(Math.expm1(x)) on every sampled float32', () => {
    expect(mismatches(expm1IntoFloat32, Math.expm1)).toEqual([]);
  });

  it('writes only [start, end)', () => {
    const x = Float32Array.from({ length: 10 }, (_, i) => i / 10);
    const out = new Float32Array(10).fill(-1);
    expIntoFloat32(out, x, 3, 7);
    expect(Array.from(out.slice(0, 3))).toEqual([-1, -1, -1]);
    expect(Array.from(out.slice(7))).toEqual([-1, -1, -1]);
    expect(out[5]).toBe(Math.fround(Math.exp(x[5])));
  });
});
