/**
 * The orthonormal factor Q of the reduced QR decomposition A = QR of an m x n matrix (m >= n,
 * row-major float64), normalised so that diag(R) >= 0 (each column of Q multiplied by
 * sign(R[j, j]), as Keras's Orthogonal does). With that normalisation Q does not depend on the
 * QR algorithm. Householder reflections keep Q orthonormal to machine precision.
 */
export function orthonormalQ(a: Float64Array, m: number, n: number): Float64Array {
  if (m < n) throw new Error(`orthonormalQ: needs rows >= columns, got ${m} x ${n}`);
  const R = a.slice();
  const vs: Float64Array[] = [];
  const diag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const len = m - k;
    const v = new Float64Array(len);
    let norm2 = 0;
    for (let i = 0; i < len; i++) {
      v[i] = R[(k + i) * n + k]!;
      norm2 += v[i]! * v[i]!;
    }
    const norm = Math.sqrt(norm2);
    const alpha = v[0]! >= 0 ? -norm : norm;
    v[0]! -= alpha;
    let vnorm2 = 0;
    for (let i = 0; i < len; i++) vnorm2 += v[i]! * v[i]!;
    if (vnorm2 > 0) {
      const inv = 1 / Math.sqrt(vnorm2);
      for (let i = 0; i < len; i++) v[i]! *= inv;
      // R[k:, k:] -= 2 v (v^T R[k:, k:])
      for (let j = k; j < n; j++) {
        let dot = 0;
        for (let i = 0; i < len; i++) dot += v[i]! * R[(k + i) * n + j]!;
        dot *= 2;
        for (let i = 0; i < len; i++) R[(k + i) * n + j]! -= dot * v[i]!;
      }
      diag[k] = R[k * n + k]!;
    } else {
      diag[k] = 0;
    }
    vs.push(v);
  }
  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
  const Q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) Q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k]!;
    const len = m - k;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = 0; i < len; i++) dot += v[i]! * Q[(k + i) * n + j]!;
      if (dot === 0) continue;
      dot *= 2;
      for (let i = 0; i < len; i++) Q[(k + i) * n + j]! -= dot * v[i]!;
    }
  }
  for (let j = 0; j < n; j++) {
    if (diag[j]! < 0) for (let i = 0; i < m; i++) Q[i * n + j] = -Q[i * n + j]!;
  }
  return Q;
}
