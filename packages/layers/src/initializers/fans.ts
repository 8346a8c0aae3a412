/**
 * Keras's `compute_fans(shape)` (keras/src/initializers/random_initializers.py):
 * - rank 0: fan_in = fan_out = 1 (a scalar);
 * - rank 1: fan_in = fan_out = shape[0] (a bias-like vector);
 * - rank 2: fan_in = shape[0], fan_out = shape[1] (a Dense kernel [inputs, units]);
 * - rank 3+: a convolution kernel [...spatial, in_channels, out_channels]: with the receptive
 *   field size r = prod(shape[:-2]), fan_in = r * shape[-2] and fan_out = r * shape[-1].
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  const r = shape.length;
  if (r === 0) return { fanIn: 1, fanOut: 1 };
  if (r === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  if (r === 2) return { fanIn: shape[0]!, fanOut: shape[1]! };
  let receptive = 1;
  for (let i = 0; i < r - 2; i++) receptive *= shape[i]!;
  return { fanIn: shape[r - 2]! * receptive, fanOut: shape[r - 1]! * receptive };
}
