import type { Ops } from './dispatch.js';
import type { Tensor } from './tensor.js';

/*
 * pow(x, y) as a composition of primitives (NumPy's float semantics, derivative by the chain rule).
 * The composition depends on the exponent, because it decides both exactness and the derivative:
 * - integer y (a plain number): binary powering, x^5 = (x^2)^2 x, exact where the result is
 *   representable (pow(-2, 3) = -8, pow(2, -2) = 0.25) and negative bases included. A negative
 *   exponent is 1 / x^|y|; at x = 0 it is (1/x)^|y| instead, so the derivative there is
 *   y 0^(y-1) = -inf as JAX gives (1 / x^|y| would give 0 * inf = NaN). d/dx x^n at 0 is 0 for
 *   n >= 2, 1 for n = 1 and 0 for n = 0 (x^0 = 1 even for x = NaN, as NumPy).
 * - y = 0.5: sqrt(x), correctly rounded; derivative +inf at 0.
 * - other real y: exp(y log x). Negative bases give NaN (value and derivative), as NumPy; at
 *   x = 0 the value is 0 (y > 0) or inf (y < 0); the derivative is 0 for y > 1 (the zero is
 *   chosen with a `where`, so no 0 * inf appears), -inf for y < 0, and NaN for 0 < y < 1, where
 *   the one-sided limit is +inf but the chain rule through log meets 0 * inf.
 * - y a tensor: exp(y log x) as above (differentiable in y: d/dy = x^y log x); integer-valued
 *   exponents in a tensor are treated as reals, so negative bases give NaN there. Pass a number
 *   for exact integer powers.
 */

/** x^n for an integer n >= 1 by binary powering: about log2(n) multiplications. */
function intPow(o: Ops, x: Tensor, n: number): Tensor {
  let result: Tensor | null = null;
  let base = x;
  for (let k = n; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result = result === null ? base : o.mul(result, base);
    if (k > 1) base = o.mul(base, base);
  }
  return result!;
}

export function composePow(o: Ops, x: Tensor, y: number | Tensor): Tensor {
  if (typeof y !== 'number') return o.exp(o.mul(y, o.log(x)));
  if (Number.isInteger(y)) {
    if (y === 0) return o.add(o.zerosLike(x), 1);
    if (y > 0) return intPow(o, x, y);
    const zero = o.equal(x, 0);
    const atZero = intPow(o, o.div(1, o.where(zero, x, 0)), -y);
    return o.where(zero, atZero, o.div(1, intPow(o, o.where(zero, 1, x), -y)));
  }
  if (y === 0.5) return o.sqrt(x);
  if (y > 1) {
    const zero = o.equal(x, 0);
    return o.where(zero, 0, o.exp(o.mul(y, o.log(o.where(zero, 1, x)))));
  }
  return o.exp(o.mul(y, o.log(x)));
}
