import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import { type Tensor, checkGrads, matmul, randomNormal, trace } from '../src/index.js';
import { ops } from '../src/dispatch.js';
import { setWasmEnabled, wasmFeatures } from '../src/wasm/runtime.js';
import { wasmMatmulLimit } from '../src/kernels/matmul-wasm.js';

type Flags = { transposeA: boolean; transposeB: boolean };
const FLAGS: Flags[] = [
  { transposeA: false, transposeB: false },
  { transposeA: false, transposeB: true },
  { transposeA: true, transposeB: false },
  { transposeA: true, transposeB: true },
];

/** A(i, p) of a [.., m, k] operand, or of its transpose. */
function entry(t: Tensor, batch: number, i: number, p: number, transposed: boolean): number {
  const [r, c] = t.shape.slice(-2) as [number, number];
  const base = (t.rank > 2 && t.shape[0] !== 1 ? batch : 0) * r * c; // batch axis broadcast from 1
  return t._data[base + (transposed ? p * c + i : i * c + p)]!;
}

/**
 * The naive product in float64, summed in the order p = 0..k-1 from 0, with the sum of
 * |a b| that bounds float32 rounding error.
 */
function reference(
  a: Tensor,
  b: Tensor,
  f: Flags,
  batches: number,
  m: number,
  k: number,
  n: number,
) {
  const value = new Float64Array(batches * m * n);
  const magnitude = new Float64Array(batches * m * n);
  for (let t = 0; t < batches; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        let mag = 0;
        for (let p = 0; p < k; p++) {
          const x = entry(a, t, i, p, f.transposeA) * entry(b, t, p, j, f.transposeB);
          s += x;
          mag += Math.abs(x);
        }
        value[(t * m + i) * n + j] = s;
        magnitude[(t * m + i) * n + j] = mag;
      }
    }
  }
  return { value, magnitude };
}

const shape2 = (rows: number, cols: number, transposed: boolean) =>
  transposed ? [cols, rows] : [rows, cols];

const caseArb = fc.record({
  m: fc.integer({ min: 1, max: 70 }),
  k: fc.integer({ min: 1, max: 300 }),
  n: fc.integer({ min: 1, max: 37 }),
  batches: fc.constantFrom(1, 3),
  broadcastB: fc.boolean(),
  flags: fc.constantFrom(...FLAGS),
  seed: fc.integer({ min: 0, max: 1 << 20 }),
});

afterEach(() => {
  setWasmEnabled(true);
});

for (const backend of ['WebAssembly SIMD', 'JavaScript'] as const) {
  describe(`matmul on the ${backend} path`, () => {
    const useWasm = backend === 'WebAssembly SIMD';

    it('float64: every form (A B, A B^T, A^T B, A^T B^T), batched and broadcast, equals the naive loop bit for bit', () => {
      setWasmEnabled(useWasm);
      expect(wasmFeatures().simd).toBe(useWasm);
      fc.assert(
        fc.property(caseArb, ({ m, k, n, batches, broadcastB, flags, seed }) => {
          const bb = broadcastB ? 1 : batches;
          const a = randomNormal([batches, ...shape2(m, k, flags.transposeA)], {
            seed,
            dtype: 'float64',
          });
          const b = randomNormal([bb, ...shape2(k, n, flags.transposeB)], {
            seed: seed + 1,
            dtype: 'float64',
          });
          const c = ops().matmulT(a, b, flags);
          expect(c.shape).toEqual([batches, m, n]);
          const { value } = reference(a, b, flags, batches, m, k, n);
          expect(c._data).toEqual(value);
        }),
        { numRuns: numRuns(0.3) },
      );
    });

    it(`float32: within the rounding bound ${useWasm ? '(k + 1) u sum|a b|, u = 2^-24, of float32 accumulation' : 'of one rounding (float64 accumulation)'}`, () => {
      setWasmEnabled(useWasm);
      fc.assert(
        fc.property(caseArb, ({ m, k, n, batches, flags, seed }) => {
          const a = randomNormal([batches, ...shape2(m, k, flags.transposeA)], { seed });
          const b = randomNormal([batches, ...shape2(k, n, flags.transposeB)], { seed: seed + 1 });
          const c = ops().matmulT(a, b, flags);
          expect(c.dtype).toBe('float32');
          const { value, magnitude } = reference(a, b, flags, batches, m, k, n);
          const u = 2 ** -24;
          for (let i = 0; i < value.length; i++) {
            if (useWasm) {
              const bound = ((k + 1) * u * magnitude[i]!) / (1 - (k + 1) * u);
              expect(Math.abs(c._data[i]! - value[i]!)).toBeLessThanOrEqual(bound);
            } else {
              expect(c._data[i]).toBe(Math.fround(value[i]!));
            }
          }
        }),
        { numRuns: numRuns(0.3) },
      );
    });

    it('row strides that are multiples of 512 bytes (padded in linear memory) give the same products', () => {
      setWasmEnabled(useWasm);
      for (const flags of FLAGS) {
        const a = randomNormal(shape2(130, 128, flags.transposeA), { seed: 11, dtype: 'float64' });
        const b = randomNormal(shape2(128, 64, flags.transposeB), { seed: 12, dtype: 'float64' });
        expect(ops().matmulT(a, b, flags)._data).toEqual(
          reference(a, b, flags, 1, 130, 128, 64).value,
        );
      }
    });

    it('handles empty inner and outer dimensions and mixed dtypes', () => {
      setWasmEnabled(useWasm);
      const z = matmul(randomNormal([3, 0], { seed: 1 }), randomNormal([0, 4], { seed: 2 }));
      expect(z.toArray()).toEqual([
        [0, 0, 0, 0],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ]);
      expect(
        matmul(randomNormal([0, 5], { seed: 1 }), randomNormal([5, 2], { seed: 2 })).shape,
      ).toEqual([0, 2]);
      const a = randomNormal([5, 19], { seed: 3 });
      const b = randomNormal([19, 17], { seed: 4, dtype: 'float64' });
      const c = matmul(a, b);
      expect(c.dtype).toBe('float64');
      const f = { transposeA: false, transposeB: false };
      expect(c._data).toEqual(reference(a, b, f, 1, 5, 19, 17).value);
    });
  });
}

describe('matmul beyond the linear-memory budget', () => {
  it('takes the JavaScript kernel (one rounding of a float64 sum) instead of failing', () => {
    const a = randomNormal([20, 30], { seed: 13 });
    const b = randomNormal([30, 40], { seed: 14 });
    const f = { transposeA: false, transposeB: false };
    const exact = reference(a, b, f, 1, 20, 30, 40).value;
    const saved = wasmMatmulLimit.maxBytes;
    wasmMatmulLimit.maxBytes = 1024;
    try {
      expect(matmul(a, b)._data).toEqual(Float32Array.from(exact));
    } finally {
      wasmMatmulLimit.maxBytes = saved;
    }
    // within the budget the WebAssembly kernel, accumulating in float32, differs somewhere
    expect(matmul(a, b)._data).not.toEqual(Float32Array.from(exact));
  });
});

describe('matmul gradients use the transposed forms', () => {
  it('every form has correct first and second derivatives (checkGrads)', () => {
    for (const flags of FLAGS) {
      const a = randomNormal(shape2(3, 4, flags.transposeA), { seed: 5, dtype: 'float64' });
      const b = randomNormal(shape2(4, 2, flags.transposeB), { seed: 6, dtype: 'float64' });
      const w = randomNormal([3, 2], { seed: 7, dtype: 'float64' });
      checkGrads(
        (x: Tensor, y: Tensor) => ops().matmulT(x, y, flags).mul(x.sum()).mul(w).sum(),
        [a, b],
        {
          order: 2,
        },
      );
    }
  });

  it('the backward pass of x @ W records matmuls with transposed operands and no transpose', () => {
    const x = randomNormal([4, 3], { seed: 8, dtype: 'float64' });
    const g = trace(
      (x: Tensor, w: Tensor) => matmul(x, w).sum(),
      x,
      randomNormal([3, 2], { seed: 9, dtype: 'float64' }),
    );
    const backward = g.nodes.filter((n) => n.phase === 'backward');
    expect(backward.filter((n) => n.op === 'transpose')).toHaveLength(0);
    expect(backward.filter((n) => n.op === 'matmul')).toHaveLength(2);
  });

  it('a misaligned transposed form names both shapes and the transposition', () => {
    const a = randomNormal([3, 4], { seed: 1 });
    expect(() => ops().matmulT(a, a, { transposeA: false, transposeB: false })).toThrow(
      /matmul: shapes \[3, 4\] and \[3, 4\] are not aligned/,
    );
    expect(() =>
      ops().matmulT(a, randomNormal([4, 3], { seed: 1 }), { transposeA: true, transposeB: false }),
    ).toThrow(/\[3, 4\] \(transposed\) and \[4, 3\] are not aligned/);
  });
});
