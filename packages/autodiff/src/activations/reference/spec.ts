import type { ActivationParam } from './types.js';

/** The resolved parameters of a reference: every declared parameter has a value. */
export type Params = Readonly<Record<string, number>>;

/** One table row: ActivationInfo without the id, with f, f', f'' reading resolved parameters. */
export interface Spec {
  tex: string;
  dtex: string;
  params: ActivationParam[];
  pairsWith: string;
  range: [number, number];
  elementwise: boolean;
  f?: (x: number, q: Params) => number;
  df?: (x: number, q: Params) => number;
  d2f?: (x: number, q: Params) => number;
  kinks: number[];
  maxDerivative?: number;
}

/** A parameter row: camelCase option name, Keras default, and a slider's range and step. */
export function param(
  name: string,
  dflt: number,
  min: number,
  max: number,
  step: number,
): ActivationParam {
  return { name, default: dflt, min, max, step };
}
