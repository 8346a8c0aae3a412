import {
  type Activation as ActivationFunction,
  type Tensor,
  add,
  matmul,
} from '@gradflow/autodiff';
import * as initializers from '../initializers/index.js';
import { checkBoolean, describe, fail, fmtShape, positiveInt } from '../util.js';
import { initializer } from './config.js';
import {
  type BatchShape,
  Layer,
  type LayerForward,
  type LayerOptions,
  type Probes,
  checkLayerOptions,
} from './layer.js';

export interface DenseOptions extends LayerOptions {
  /** Number of output units. */
  units: number;
  /** Activation id ('relu', 'sigmoid', ...; Keras ids and camelCase aliases) or function; default none (linear). */
  activation?: string | ActivationFunction | null;
  /** Whether to add a bias vector (default true). */
  useBias?: boolean;
  /** Kernel initializer (default 'glorot_uniform'). */
  kernelInitializer?: initializers.InitializerIdentifier;
  /** Bias initializer (default 'zeros'). */
  biasInitializer?: initializers.InitializerIdentifier;
}

const DENSE_KEYS = ['units', 'activation', 'useBias', 'kernelInitializer', 'biasInitializer'];

/**
 * A densely connected layer, as Keras's Dense: output = activation(x · kernel + bias), with
 * kernel [inputDim, units] and bias [units]. Applied along the last axis, so inputs of shape
 * [batch, ..., inputDim] give [batch, ..., units]. The weights are made from the first input
 * shape the layer sees (or from inputShape).
 */
export class Dense extends Layer {
  readonly className = 'Dense';
  readonly units: number;
  readonly useBias: boolean;
  readonly kernelInitializer: initializers.Initializer;
  readonly biasInitializer: initializers.Initializer;

  constructor(options: DenseOptions) {
    if (options === undefined || options === null || typeof options !== 'object') {
      fail(
        'Dense',
        `expects options such as { units: 64, activation: 'relu' }, got ${describe(options)}`,
      );
    }
    checkLayerOptions('Dense', options, DENSE_KEYS);
    super('Dense', 'dense', options, options.activation);
    this.units = positiveInt('Dense', 'units', options.units);
    this.useBias = checkBoolean('Dense', 'useBias', options.useBias ?? true);
    this.kernelInitializer = initializer(
      'Dense',
      'kernelInitializer',
      options.kernelInitializer ?? 'glorot_uniform',
    );
    this.biasInitializer = initializer(
      'Dense',
      'biasInitializer',
      options.biasInitializer ?? 'zeros',
    );
    if (this.inputShape !== null) this.build(this.inputShape);
  }

  /** The kernel [inputDim, units] (throws before the layer is built). */
  get kernel(): Tensor {
    if (!this.built)
      fail('Dense', `layer ${JSON.stringify(this.name)} is not built yet, so it has no kernel`);
    return this.getWeights()[0]!;
  }

  /** The bias [units], or null with useBias false (throws before the layer is built). */
  get bias(): Tensor | null {
    if (!this.built)
      fail('Dense', `layer ${JSON.stringify(this.name)} is not built yet, so it has no bias`);
    return this.useBias ? this.getWeights()[1]! : null;
  }

  protected localWeightNames(): string[] {
    return this.useBias ? ['kernel', 'bias'] : ['kernel'];
  }

  computeOutputShape(inputShape: readonly (number | null)[]): BatchShape {
    const last = inputShape[inputShape.length - 1];
    if (inputShape.length < 2) {
      fail(
        'Dense',
        `layer ${JSON.stringify(this.name)} expects inputs with a batch axis and a feature axis (rank >= 2), got shape ${fmtShape(inputShape)}`,
      );
    }
    if (last === null || last === undefined)
      fail(
        'Dense',
        `layer ${JSON.stringify(this.name)} needs the last axis of its input to be known, got shape ${fmtShape(inputShape)}`,
      );
    return [...inputShape.slice(0, -1), this.units];
  }

  protected makeWeights(inputShape: BatchShape): Tensor[] {
    const inputDim = inputShape[inputShape.length - 1]!;
    const kernel = this.kernelInitializer.apply([inputDim, this.units], this.dtype);
    return this.useBias ? [kernel, this.biasInitializer.apply([this.units], this.dtype)] : [kernel];
  }

  forward(params: readonly Tensor[], x: Tensor, probes?: Probes | null): LayerForward {
    this.checkParams(params);
    const kernel = params[0]!;
    if (kernel.rank !== 2 || kernel.shape[1] !== this.units) {
      fail(
        'Dense',
        `layer ${JSON.stringify(this.name)}: the kernel must have shape [inputDim, ${this.units}], got ${fmtShape(kernel.shape)}`,
      );
    }
    if (x.rank < 2 || x.shape[x.rank - 1] !== kernel.shape[0]) {
      fail(
        'Dense',
        `layer ${JSON.stringify(this.name)} expects inputs of shape ${fmtShape([null, kernel.shape[0]!])} (last axis ${kernel.shape[0]}), got shape ${fmtShape(x.shape)}`,
      );
    }
    const xw = matmul(x, kernel);
    const z = this.useBias ? add(xw, params[1]!) : xw;
    return this.activate(x, z, probes);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activationId,
      use_bias: this.useBias,
      kernel_initializer: initializers.serialize(this.kernelInitializer),
      bias_initializer: initializers.serialize(this.biasInitializer),
      kernel_regularizer: null,
      bias_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    };
  }

  /** Rebuilds a Dense layer from its config (Keras's from_config). */
  static fromConfig(config: Record<string, unknown>): Dense {
    const c = config as Record<string, never>;
    for (const k of [
      'kernel_regularizer',
      'bias_regularizer',
      'activity_regularizer',
      'kernel_constraint',
      'bias_constraint',
      'lora_rank',
    ]) {
      if (config[k] !== undefined && config[k] !== null)
        fail('Dense.fromConfig', `${k} is not supported (got ${describe(config[k])})`);
    }
    return new Dense({
      units: c.units,
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.dtype !== undefined ? { dtype: c.dtype } : {}),
      ...(c.trainable !== undefined ? { trainable: c.trainable } : {}),
      ...(c.activation !== undefined ? { activation: c.activation } : {}),
      ...(c.use_bias !== undefined ? { useBias: c.use_bias } : {}),
      ...(c.kernel_initializer !== undefined ? { kernelInitializer: c.kernel_initializer } : {}),
      ...(c.bias_initializer !== undefined ? { biasInitializer: c.bias_initializer } : {}),
    });
  }
}
