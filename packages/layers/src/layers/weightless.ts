import type { Tensor } from '@gradflow/autodiff';
import { type BatchShape, Layer, type LayerForward, type Probes } from './layer.js';

/**
 * Base of the layers without weights (Activation, Dropout, Flatten, InputLayer): no weights to
 * make or name, the input's shape out, and by default the input passed through the layer's
 * activation (the identity unless one is set).
 */
export abstract class WeightlessLayer extends Layer {
  protected localWeightNames(): string[] {
    return [];
  }

  protected makeWeights(): Tensor[] {
    return [];
  }

  computeOutputShape(inputShape: readonly (number | null)[]): BatchShape {
    return inputShape.slice();
  }

  forward(params: readonly Tensor[], x: Tensor, probes?: Probes | null): LayerForward {
    this.checkParams(params);
    return this.activate(x, x, probes);
  }
}
