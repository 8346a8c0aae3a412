import type { Activation as ActivationFunction } from '@gradflow/autodiff';
import { describe, fail, isPlainObject } from '../util.js';
import { type LayerOptions, checkLayerOptions } from './layer.js';
import { WeightlessLayer } from './weightless.js';

export interface ActivationOptions extends LayerOptions {
  /** Activation id ('relu', 'tanh', 'softmax', ...) or function. */
  activation: string | ActivationFunction;
}

/**
 * Applies an activation function, as Keras's `Activation` layer: `new Activation('relu')`,
 * or `new Activation({ activation: 'relu', name: 'act' })`. It has no weights.
 */
export class Activation extends WeightlessLayer {
  readonly className = 'Activation';

  constructor(activation: string | ActivationFunction | ActivationOptions) {
    const options: ActivationOptions = isPlainObject(activation)
      ? (activation as unknown as ActivationOptions)
      : { activation: activation as string };
    if (options.activation === undefined || options.activation === null) {
      fail(
        'Activation',
        `needs an activation, such as new Activation('relu') or new Activation({ activation: 'relu' }); got ${describe(activation)}`,
      );
    }
    checkLayerOptions('Activation', options, ['activation']);
    super('Activation', 'activation', options, options.activation);
    if (this.inputShape !== null) this.build(this.inputShape);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: this.activationId };
  }

  static fromConfig(config: Record<string, unknown>): Activation {
    const c = config as Record<string, never>;
    return new Activation({
      activation: c.activation,
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.dtype !== undefined ? { dtype: c.dtype } : {}),
      ...(c.trainable !== undefined ? { trainable: c.trainable } : {}),
    });
  }
}
