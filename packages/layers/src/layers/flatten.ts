import { type Tensor, reshape } from '@gradflow/autodiff';
import { describe, fail, fmtShape } from '../util.js';
import { commonOptions } from './config.js';
import {
  type BatchShape,
  type LayerForward,
  type LayerOptions,
  type Probes,
  checkLayerOptions,
} from './layer.js';
import { WeightlessLayer } from './weightless.js';

/**
 * Flattens every axis but the batch axis, as Keras's Flatten: [batch, a, b] -> [batch, a·b]
 * (row-major, the channels_last order). It has no weights.
 */
export class Flatten extends WeightlessLayer {
  readonly className = 'Flatten';

  constructor(options: LayerOptions = {}) {
    checkLayerOptions('Flatten', options, []);
    super('Flatten', 'flatten', options);
    if (this.inputShape !== null) this.build(this.inputShape);
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): BatchShape {
    if (inputShape.length < 1)
      fail('Flatten', `expects inputs with a batch axis, got shape ${fmtShape(inputShape)}`);
    const rest = inputShape.slice(1);
    const known = rest.every((d) => d !== null);
    return [inputShape[0] ?? null, known ? rest.reduce<number>((a, d) => a * d!, 1) : null];
  }

  override forward(params: readonly Tensor[], x: Tensor, probes?: Probes | null): LayerForward {
    this.checkParams(params);
    const rest = x.shape.slice(1).reduce((a, d) => a * d, 1);
    return this.activate(x, x.rank === 2 ? x : reshape(x, [x.shape[0]!, rest]), probes);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), data_format: 'channels_last' };
  }

  /** Rebuilds a Flatten layer from its config (Keras's from_config). */
  static fromConfig(config: Record<string, unknown>): Flatten {
    const f = config.data_format;
    if (f !== undefined && f !== null && f !== 'channels_last')
      fail(
        'Flatten.fromConfig',
        `data_format ${describe(f)} is not supported; valid: 'channels_last'`,
      );
    return new Flatten(commonOptions(config));
  }
}
