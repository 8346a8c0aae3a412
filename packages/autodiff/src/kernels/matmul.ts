import type { TypedArray } from '../dtype.js';

/*
 * Matrix product kernel. Every output element is accumulated in double precision in the order
 * p = 0, 1, ..., k - 1 starting from 0 and rounded once when stored, exactly as the naive
 * triple loop does, so the result is bit-for-bit the same; only the schedule changes: 4 x 4
 * output tiles held in local variables (16 accumulators, 8 loads per 16 multiply-adds) over a
 * 4-column panel of B copied once into a contiguous Float64Array and reused by every row block.
 */

/**
 * One product's operands, each read through two strides so that a transposed operand needs no
 * copy: A(i, p) = A[aOff + i ars + p acs], B(p, j) = B[bOff + p brs + j bcs].
 */
export interface MatmulOperands {
  readonly A: TypedArray;
  readonly aOff: number;
  readonly ars: number;
  readonly acs: number;
  readonly B: TypedArray;
  readonly bOff: number;
  readonly brs: number;
  readonly bcs: number;
}

/**
 * o[oOff + i n + j] = sum_p A(i, p) B(p, j) for an m x k by k x n product.
 * `panel` is scratch space of at least 4 k doubles.
 */
export function matmulInto(
  o: TypedArray,
  oOff: number,
  x: MatmulOperands,
  m: number,
  k: number,
  n: number,
  panel: Float64Array,
): void {
  const { A, aOff, ars, acs, B, bOff, brs, bcs } = x;
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let j = 0; j < n4; j += 4) {
    for (let p = 0, q = 0, b = bOff + j * bcs; p < k; p++, q += 4, b += brs) {
      panel[q] = B[b]!;
      panel[q + 1] = B[b + bcs]!;
      panel[q + 2] = B[b + 2 * bcs]!;
      panel[q + 3] = B[b + 3 * bcs]!;
    }
    for (let i = 0; i < m4; i += 4) {
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0;
      let c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0;
      let c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      let a0 = aOff + i * ars;
      let a1 = a0 + ars;
      let a2 = a1 + ars;
      let a3 = a2 + ars;
      for (let q = 0, end = 4 * k; q < end; a0 += acs, a1 += acs, a2 += acs, a3 += acs, q += 4) {
        const b0 = panel[q]!,
          b1 = panel[q + 1]!,
          b2 = panel[q + 2]!,
          b3 = panel[q + 3]!;
        const x0 = A[a0]!,
          x1 = A[a1]!,
          x2 = A[a2]!,
          x3 = A[a3]!;
        c00 += x0 * b0;
        c01 += x0 * b1;
        c02 += x0 * b2;
        c03 += x0 * b3;
        c10 += x1 * b0;
        c11 += x1 * b1;
        c12 += x1 * b2;
        c13 += x1 * b3;
        c20 += x2 * b0;
        c21 += x2 * b1;
        c22 += x2 * b2;
        c23 += x2 * b3;
        c30 += x3 * b0;
        c31 += x3 * b1;
        c32 += x3 * b2;
        c33 += x3 * b3;
      }
      let r = oOff + i * n + j;
      o[r] = c00;
      o[r + 1] = c01;
      o[r + 2] = c02;
      o[r + 3] = c03;
      r += n;
      o[r] = c10;
      o[r + 1] = c11;
      o[r + 2] = c12;
      o[r + 3] = c13;
      r += n;
      o[r] = c20;
      o[r + 1] = c21;
      o[r + 2] = c22;
      o[r + 3] = c23;
      r += n;
      o[r] = c30;
      o[r + 1] = c31;
      o[r + 2] = c32;
      o[r + 3] = c33;
    }
    // the last m % 4 rows, one row at a time against the same panel
    for (let i = m4; i < m; i++) {
      let c0 = 0,
        c1 = 0,
        c2 = 0,
        c3 = 0;
      for (let q = 0, a = aOff + i * ars, end = 4 * k; q < end; a += acs, q += 4) {
        const x = A[a]!;
        c0 += x * panel[q]!;
        c1 += x * panel[q + 1]!;
        c2 += x * panel[q + 2]!;
        c3 += x * panel[q + 3]!;
      }
      const r = oOff + i * n + j;
      o[r] = c0;
      o[r + 1] = c1;
      o[r + 2] = c2;
      o[r + 3] = c3;
    }
  }
  // the last n % 4 columns: one dot product per element
  for (let j = n4; j < n; j++) {
    for (let i = 0; i < m; i++) {
      let c = 0;
      for (let p = 0, a = aOff + i * ars, b = bOff + j * bcs; p < k; p++, a += acs, b += brs)
        c += A[a]! * B[b]!;
      o[oOff + i * n + j] = c;
    }
  }
}
