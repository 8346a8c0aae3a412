import { type Tensor, erf, tensor } from '@gradflow/autodiff';

/** Sample mean and unbiased sample variance, accumulated in float64. */
export function moments(values: ArrayLike<number>): { n: number; mean: number; variance: number } {
  const n = values.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i]!;
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  return { n, mean, variance: n > 1 ? ss / (n - 1) : 0 };
}

/**
 * Moments of the standard normal truncated to [-2, 2] (as TruncatedNormal draws): with
 * Z = P(|z| < 2) = erf(sqrt 2) and φ the normal density, integration by parts gives
 * E[z²] = 1 - 2·2·φ(2)/Z and E[z⁴] = 3 E[z²] - 2·2³·φ(2)/Z.
 */
export const TRUNCATED = (() => {
  const a = 2;
  const Z = (erf(tensor(a / Math.SQRT2, { dtype: 'float64' })) as Tensor).item();
  const phi = Math.exp(-(a * a) / 2) / Math.sqrt(2 * Math.PI);
  const m2 = 1 - (2 * a * phi) / Z;
  const m4 = 3 * m2 - (2 * a ** 3 * phi) / Z;
  return { variance: m2, kurtosis: m4 / (m2 * m2) };
})();

/** Kurtosis E[(x-μ)⁴]/σ⁴ of each distribution the initializers draw from. */
export const KURTOSIS = { normal: 3, uniform: 9 / 5, truncated: TRUNCATED.kurtosis } as const;

/**
 * Checks that n samples have mean `mean` and variance `variance` within `k` standard errors.
 * The standard error of the mean is σ/√n; that of the unbiased sample variance s² is
 * σ² · sqrt((κ - (n-3)/(n-1)) / n), from Var(s²) = σ⁴ (κ - (n-3)/(n-1)) / n for iid samples
 * with kurtosis κ (2σ⁴/(n-1) for a normal). With k = 6 a correct sampler fails with
 * probability ~1e-9 per check (normal approximation), while a wrong variance, e.g. a missed
 * truncation correction (×0.77) or a wrong fan (×2), is caught once n is a few hundred.
 */
export function expectMoments(
  values: ArrayLike<number>,
  target: { mean: number; variance: number; kurtosis: number },
  k = 6,
): { mean: number; variance: number } {
  const { n, mean, variance } = moments(values);
  const sigma = Math.sqrt(target.variance);
  const seMean = sigma / Math.sqrt(n);
  const seVar = target.variance * Math.sqrt((target.kurtosis - (n - 3) / (n - 1)) / n);
  const okMean = Math.abs(mean - target.mean) <= k * seMean + 1e-12;
  const okVar = Math.abs(variance - target.variance) <= k * seVar + 1e-12;
  if (!okMean || !okVar) {
    throw new Error(
      `n=${n}: mean ${mean} vs ${target.mean} (tolerance ${(k * seMean).toExponential(3)}), ` +
        `variance ${variance} vs ${target.variance} (tolerance ${(k * seVar).toExponential(3)})`,
    );
  }
  return { mean, variance };
}

export function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Exact equality of two tensors' bits (shape, dtype and every value, NaN-safe). */
export function sameBits(a: Tensor, b: Tensor): boolean {
  if (
    a.dtype !== b.dtype ||
    a.shape.length !== b.shape.length ||
    a.shape.some((d, i) => d !== b.shape[i])
  )
    return false;
  const x = a.data();
  const y = b.data();
  const ux = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  const uy = new Uint8Array(y.buffer, y.byteOffset, y.byteLength);
  return ux.length === uy.length && ux.every((v, i) => v === uy[i]);
}

/** Flat values as plain numbers. */
export function values(t: Tensor): number[] {
  return Array.from(t.data());
}
