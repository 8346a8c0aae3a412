import {
  type DType,
  RandomGenerator,
  Tensor,
  mul,
  randomUniform,
  tensor,
} from '@gradflow/autodiff';
import { checkNumber, checkSeed, describe, fail, fmtShape } from '../util.js';
import { commonOptions } from './config.js';
import { type LayerForward, type LayerOptions, type Probes, checkLayerOptions } from './layer.js';
import { WeightlessLayer } from './weightless.js';

export interface DropoutOptions extends LayerOptions {
  /** Fraction of the inputs set to zero in training, in [0, 1). */
  rate: number;
  /** Seed of the masks: the same seed gives the same sequence of masks. */
  seed?: number | null;
}

const OP = 'Dropout';

/**
 * Inverted dropout, as Keras's Dropout (Srivastava et al. 2014): in training each input is set
 * to 0 with probability `rate` and the others are scaled by 1 / (1 - rate), so the expected
 * value is unchanged; at inference the layer is the identity. Each training pass draws a new
 * mask from the layer's own generator: seeded, the sequence of masks is reproducible; unseeded,
 * the generator's seed is drawn from the global stream (`setGlobalSeed`) when the layer is made.
 */
export class Dropout extends WeightlessLayer {
  readonly className = 'Dropout';
  readonly rate: number;
  readonly seed: number | null;
  private readonly rng: RandomGenerator;

  constructor(options: DropoutOptions) {
    if (options === undefined || options === null || typeof options !== 'object')
      fail(OP, `expects options such as { rate: 0.5 }, got ${describe(options)}`);
    checkLayerOptions(OP, options, ['rate', 'seed', 'noiseShape']);
    super(OP, 'dropout', options);
    this.rate = checkNumber(OP, 'rate', options.rate, (r) => r >= 0 && r < 1, 'a number in [0, 1)');
    const noiseShape = (options as { noiseShape?: unknown }).noiseShape;
    if (noiseShape !== undefined && noiseShape !== null)
      fail(OP, `noiseShape is not supported (got ${describe(noiseShape)}); masks are elementwise`);
    this.seed = checkSeed(OP, options.seed);
    this.rng = new RandomGenerator(
      this.seed ??
        Math.floor(randomUniform([], { minval: 0, maxval: 2 ** 32, dtype: 'float64' }).item()),
    );
    if (this.inputShape !== null) this.build(this.inputShape);
  }

  override trainingNoise(shape: readonly number[], dtype: DType): Tensor | null {
    if (this.rate === 0) return null;
    const keep = 1 - this.rate;
    const n = shape.reduce((a, b) => a * b, 1);
    const mask = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++) mask[i] = this.rng.uniform() < keep ? 1 / keep : 0;
    return tensor(mask, { shape: shape.slice() });
  }

  override forward(
    params: readonly Tensor[],
    x: Tensor,
    probes?: Probes | null,
    training = false,
    noise?: Tensor | null,
  ): LayerForward {
    this.checkParams(params);
    if (!training || this.rate === 0) return this.activate(x, x, probes);
    const mask = noise ?? this.trainingNoise(x.shape, x.dtype)!;
    if (
      !(mask instanceof Tensor) ||
      mask.dtype !== x.dtype ||
      mask.shape.length !== x.shape.length ||
      mask.shape.some((d, i) => d !== x.shape[i])
    )
      fail(
        OP,
        `layer ${JSON.stringify(this.name)}: the noise (mask) must be a ${x.dtype} Tensor of the input's shape ${fmtShape(x.shape)}, got ${describe(mask)}`,
      );
    return this.activate(x, mul(x, mask), probes);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed, noise_shape: null };
  }

  /** Rebuilds a Dropout layer from its config (Keras's from_config). */
  static fromConfig(config: Record<string, unknown>): Dropout {
    const c = config as Record<string, never>;
    if (c.noise_shape !== undefined && c.noise_shape !== null)
      fail(
        'Dropout.fromConfig',
        `noise_shape is not supported (got ${JSON.stringify(c.noise_shape)})`,
      );
    return new Dropout({
      ...commonOptions(config),
      rate: c.rate,
      ...(c.seed !== undefined ? { seed: c.seed } : {}),
    });
  }
}
