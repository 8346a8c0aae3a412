/* sparsemax, the activation that projects onto the simplex along an axis. */
import {
  add,
  div,
  greater,
  greaterEqual,
  lessEqual,
  mul,
  reshape,
  sub,
  sum,
  transpose,
  where,
} from '../ops.js';
import { normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { scoped } from './compose.js';

/**
 * sparsemax(x) = max(x - τ, 0) along axis, with τ chosen so the outputs sum to 1 (Martins &
 * Astudillo, 2016). The support {i : 1 + k_i x_i > Σ_{x_j >= x_i} x_j} (k_i = #{x_j >= x_i}) is
 * found with comparisons (no gradient); τ = (Σ_support x - 1) / |support| is then a composition,
 * so the derived Jacobian is diag(s) - s s^T / |S| on the support s.
 */
export const sparsemax = scoped(
  'sparsemax',
  (x: Tensor, options: { axis?: number } = {}): Tensor => {
    const ax = normalizeAxis('sparsemax', options.axis ?? -1, x.rank);
    const last = x.rank - 1;
    const perm = x.shape.map((_, i) => (i === ax ? last : i === last ? ax : i));
    const z = ax === last ? x : transpose(x, perm);
    const n = z.shape[last]!;
    const lead = z.shape.slice(0, last);
    const zi = reshape(z, [...lead, n, 1]);
    const zj = reshape(z, [...lead, 1, n]);
    const ge = greaterEqual(zj, zi); // ge[..., i, j] = z_j >= z_i
    const k = sum(ge, -1);
    const s = sum(mul(ge, zj), -1);
    const support = greater(add(1, mul(k, z)), s);
    const tau = div(sub(sum(mul(z, support), -1, true), 1), sum(support, -1, true));
    const d = sub(z, tau);
    const y = where(lessEqual(d, 0), 0, d);
    return ax === last ? y : transpose(y, perm);
  },
);
