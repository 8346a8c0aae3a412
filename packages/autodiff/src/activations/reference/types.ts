/** A numeric parameter of an activation: its camelCase option name and Keras default, and a slider range. */
export interface ActivationParam {
  name: string;
  default: number;
  min: number;
  max: number;
  step: number;
}

/**
 * What the docs, the tests and the playground know about an activation, in one place: its
 * formula and derivative as KaTeX, its parameters, the initializer it pairs with, its output
 * range, and float64 analytic references for f, f' and f'' (elementwise activations only).
 * References take the activation's parameters (missing ones take the Keras defaults) and give
 * NaN at NaN. At kinks they follow the library's convention (relu'(0) = 0, ...).
 */
export interface ActivationInfo {
  /** Keras id (snake_case). */
  id: string;
  /** KaTeX source of f(x). */
  tex: string;
  /** KaTeX source of f'(x). */
  dtex: string;
  params: ActivationParam[];
  /** Initializer id it pairs with: 'glorot_uniform' | 'he_normal' | 'lecun_normal'. */
  pairsWith: string;
  /** Output range (±Infinity allowed). */
  range: [number, number];
  /** false for softmax, log_softmax, glu and sparsemax. */
  elementwise: boolean;
  /** Float64 reference value (elementwise only). */
  f?(x: number, p?: Record<string, number>): number;
  /** Analytic f'. */
  df?(x: number, p?: Record<string, number>): number;
  /** Analytic f''. */
  d2f?(x: number, p?: Record<string, number>): number;
  /** Points where f' jumps and the convention decides its value. */
  kinks: number[];
  /** max |f'| (a unit saturates where |f'| < 5% of it); absent where f' is unbounded. */
  maxDerivative?: number;
}
