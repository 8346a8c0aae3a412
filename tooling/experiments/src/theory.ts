/*
 * Mean-field predictions for a deep fully connected network at initialization (Glorot & Bengio
 * 2010, He et al. 2015, Poole et al. 2016, Schoenholz et al. 2017): with zero biases and weights
 * of variance σ_w²/fan_in, each pre-activation z of layer l is (for wide layers) Gaussian with
 * variance q_l = σ_w² E[a_{l-1}²], and the squared norm of the gradient w.r.t. a layer's
 * output is multiplied, going one layer down, by χ_l = σ_w² E[φ'(z_l)²].
 * The expectations are computed with the activation and its autodiff derivative from
 * @gradflow/autodiff on a dense grid (trapezoid rule against the normal density), so the
 * theory and the measurement use the same φ.
 */
import { type Activation, type Tensor, activations, grad, linspace } from '@gradflow/autodiff';

/** Standard-normal quadrature nodes ξ and weights w (Σ w f(ξ) ≈ E f(ξ)), on [-10, 10]. */
const NODES = (() => {
  const n = 4001;
  const xs = linspace(-10, 10, n, 'float64');
  const h = 20 / (n - 1);
  const w = new Float64Array(n);
  const d = xs.data();
  for (let i = 0; i < n; i++)
    w[i] =
      (Math.exp(-(d[i]! ** 2) / 2) / Math.sqrt(2 * Math.PI)) *
      h *
      (i === 0 || i === n - 1 ? 0.5 : 1);
  return { xs, w };
})();

function expectation(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += NODES.w[i]! * values[i]!;
  return s;
}

/** One layer of the mean-field prediction. */
export interface MeanFieldLayer {
  /** Variance of the pre-activations, q_l. */
  preActivationVariance: number;
  /** E[a], E[a²] and Var[a] of the activations. */
  activationMean: number;
  activationSecondMoment: number;
  activationVariance: number;
  /**
   * χ_l = σ_w² E[φ'(z_l)²]: the squared norm of the gradient w.r.t. the previous layer's output
   * is χ_l times that w.r.t. this layer's output (layers of equal width).
   */
  chi: number;
}

/**
 * The mean-field prediction for `depth` layers of `activation` with weight scale σ_w² = fan_in ·
 * Var(W) (`sigmaW2`, one number or one per layer), for inputs whose entries have second moment
 * `inputSecondMoment`.
 */
export function meanField(
  activation: string | Activation,
  depth: number,
  sigmaW2: number | readonly number[],
  inputSecondMoment = 1,
): MeanFieldLayer[] {
  const phi = typeof activation === 'string' ? activations.get(activation) : activation;
  const dphi = grad((z: Tensor) => phi(z).sum());
  const layers: MeanFieldLayer[] = [];
  let m2 = inputSecondMoment;
  for (let l = 0; l < depth; l++) {
    const s2 = typeof sigmaW2 === 'number' ? sigmaW2 : sigmaW2[l]!;
    const q = s2 * m2;
    const z = NODES.xs.mul(Math.sqrt(q));
    const a = phi(z).data();
    const d = (dphi(z) as Tensor).data();
    const mean = expectation(a);
    const second = expectation(Array.from(a, (v) => v * v));
    layers.push({
      preActivationVariance: q,
      activationMean: mean,
      activationSecondMoment: second,
      activationVariance: second - mean * mean,
      chi: s2 * expectation(Array.from(d, (v) => v * v)),
    });
    m2 = second;
  }
  return layers;
}
