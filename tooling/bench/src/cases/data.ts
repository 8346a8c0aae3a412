/** Seeded inputs and float64 reference computations shared by the cases. */

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). */
export function uniformSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n float32 values from N(0, stddev^2) (Box-Muller), reproducible from `seed`. */
export function normal(n: number, seed: number, stddev = 1): Float32Array {
  const u = uniformSource(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - u())) * stddev;
    const t = 2 * Math.PI * u();
    out[i] = r * Math.cos(t);
    if (i + 1 < n) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

/** n float32 values uniform in [lo, hi). */
export function uniform(n: number, seed: number, lo = 0, hi = 1): Float32Array {
  const u = uniformSource(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * u();
  return out;
}

export function mapF64(x: ArrayLike<number>, f: (v: number) => number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return out;
}

export function sumF64(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
}

/** [batch..., m, k] x [batch..., k, n] in float64 (same batch count on both sides). */
export function matmulF64(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  batch: number,
  m: number,
  k: number,
  n: number,
): Float64Array {
  const out = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      const row = t * m * n + i * n;
      for (let p = 0; p < k; p++) {
        const av = a[t * m * k + i * k + p];
        const bRow = t * k * n + p * n;
        for (let j = 0; j < n; j++) out[row + j] += av * b[bRow + j];
      }
    }
  }
  return out;
}

/** Row-wise softmax of a [rows, cols] matrix in float64. */
export function softmaxF64(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let m = -Infinity;
    for (let c = 0; c < cols; c++) m = Math.max(m, x[r * cols + c]);
    let s = 0;
    for (let c = 0; c < cols; c++) s += out[r * cols + c] = Math.exp(x[r * cols + c] - m);
    for (let c = 0; c < cols; c++) out[r * cols + c] /= s;
  }
  return out;
}
