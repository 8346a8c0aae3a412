import {
  type Tensor,
  add,
  div,
  mean,
  mul,
  reshape,
  sqrt,
  square,
  stopGradient,
  sub,
} from '@gradflow/autodiff';
import * as initializers from '../initializers/index.js';
import { checkBoolean, checkNumber, describe, fail, fmtShape } from '../util.js';
import { commonOptions, initializer, rejectUnsupported } from './config.js';
import {
  type BatchShape,
  Layer,
  type LayerForward,
  type LayerOptions,
  type Probes,
  checkLayerOptions,
} from './layer.js';

export interface BatchNormalizationOptions extends LayerOptions {
  /** The features axis, normalized per entry (default -1, the last). */
  axis?: number;
  /** Weight of the old value in the moving statistics' update (default 0.99). */
  momentum?: number;
  /** Added to the variance before its square root (default 1e-3). */
  epsilon?: number;
  /** Whether to add the learned offset beta (default true). */
  center?: boolean;
  /** Whether to multiply by the learned scale gamma (default true). */
  scale?: boolean;
  betaInitializer?: initializers.InitializerIdentifier;
  gammaInitializer?: initializers.InitializerIdentifier;
  movingMeanInitializer?: initializers.InitializerIdentifier;
  movingVarianceInitializer?: initializers.InitializerIdentifier;
}

const OP = 'BatchNormalization';
const KEYS = [
  'axis',
  'momentum',
  'epsilon',
  'center',
  'scale',
  'betaInitializer',
  'gammaInitializer',
  'movingMeanInitializer',
  'movingVarianceInitializer',
];

/**
 * Batch normalization, as Keras 3's BatchNormalization (Ioffe & Szegedy 2015). Each feature
 * (entry of `axis`) is normalized and then scaled and shifted:
 * y = (x - mean) / sqrt(variance + epsilon) · gamma + beta.
 *
 * In training (`fit`, or `forward(..., training = true)`) mean and variance are the batch's
 * (the biased variance, over every axis but `axis`), and the forward pass returns the updated
 * moving statistics, moving = moving · momentum + batch · (1 - momentum), which `fit` assigns.
 * At inference (predict, evaluate, gradientFlow) the moving statistics are used. A layer with
 * `trainable = false` always runs in inference mode, as in Keras 3.
 *
 * Weights, in Keras order: gamma (with scale), beta (with center), moving_mean,
 * moving_variance; the last two are non-trainable, so optimizers never change them.
 */
export class BatchNormalization extends Layer {
  readonly className = 'BatchNormalization';
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: initializers.Initializer;
  readonly gammaInitializer: initializers.Initializer;
  readonly movingMeanInitializer: initializers.Initializer;
  readonly movingVarianceInitializer: initializers.Initializer;

  constructor(options: BatchNormalizationOptions = {}) {
    checkLayerOptions(OP, options, KEYS);
    super(OP, 'batch_normalization', options);
    const axis = options.axis ?? -1;
    if (typeof axis !== 'number' || !Number.isSafeInteger(axis))
      fail(OP, `axis must be an integer such as -1, got ${describe(axis)}`);
    this.axis = axis;
    this.momentum = checkNumber(
      OP,
      'momentum',
      options.momentum ?? 0.99,
      (m) => m >= 0 && m <= 1,
      'a number in [0, 1]',
    );
    this.epsilon = checkNumber(
      OP,
      'epsilon',
      options.epsilon ?? 1e-3,
      (e) => e > 0 && Number.isFinite(e),
      'a finite number > 0',
    );
    this.center = checkBoolean(OP, 'center', options.center ?? true);
    this.scale = checkBoolean(OP, 'scale', options.scale ?? true);
    this.betaInitializer = initializer(OP, 'betaInitializer', options.betaInitializer ?? 'zeros');
    this.gammaInitializer = initializer(OP, 'gammaInitializer', options.gammaInitializer ?? 'ones');
    this.movingMeanInitializer = initializer(
      OP,
      'movingMeanInitializer',
      options.movingMeanInitializer ?? 'zeros',
    );
    this.movingVarianceInitializer = initializer(
      OP,
      'movingVarianceInitializer',
      options.movingVarianceInitializer ?? 'ones',
    );
    if (this.inputShape !== null) this.build(this.inputShape);
  }

  protected localWeightNames(): string[] {
    return [
      ...(this.scale ? ['gamma'] : []),
      ...(this.center ? ['beta'] : []),
      'moving_mean',
      'moving_variance',
    ];
  }

  override weightTrainable(): boolean[] {
    return this.localWeightNames().map((n) => !n.startsWith('moving_'));
  }

  /** The axis as an index into a shape of `rank` (throws when out of range). */
  private resolveAxis(rank: number, shape: readonly (number | null)[]): number {
    const a = this.axis < 0 ? rank + this.axis : this.axis;
    if (rank < 2 || a < 1 || a >= rank) {
      fail(
        OP,
        `layer ${JSON.stringify(this.name)}: axis ${this.axis} must name a feature axis (not the batch axis) of inputs of shape ${fmtShape(shape)}`,
      );
    }
    return a;
  }

  computeOutputShape(inputShape: readonly (number | null)[]): BatchShape {
    const a = this.resolveAxis(inputShape.length, inputShape);
    if (inputShape[a] === null)
      fail(
        OP,
        `layer ${JSON.stringify(this.name)} needs the size of axis ${this.axis} to be known, got shape ${fmtShape(inputShape)}`,
      );
    return inputShape.slice();
  }

  protected makeWeights(inputShape: BatchShape): Tensor[] {
    const dim = inputShape[this.resolveAxis(inputShape.length, inputShape)]!;
    const make = (init: initializers.Initializer) => init.apply([dim], this.dtype);
    return [
      ...(this.scale ? [make(this.gammaInitializer)] : []),
      ...(this.center ? [make(this.betaInitializer)] : []),
      make(this.movingMeanInitializer),
      make(this.movingVarianceInitializer),
    ];
  }

  forward(
    params: readonly Tensor[],
    x: Tensor,
    probes?: Probes | null,
    training = false,
  ): LayerForward {
    this.checkParams(params);
    const a = this.resolveAxis(x.rank, x.shape);
    const dim = params[params.length - 1]!.shape[0]!;
    if (x.shape[a] !== dim)
      fail(
        OP,
        `layer ${JSON.stringify(this.name)} expects inputs with ${dim} features on axis ${this.axis}, got shape ${fmtShape(x.shape)}`,
      );
    // Parameters of shape [dim] broadcast along axis a: [1, ..., dim, ..., 1] (no-op for the last axis).
    const bshape = x.shape.map((d, i) => (i === a ? d : 1));
    const b = (t: Tensor) => (a === x.rank - 1 ? t : reshape(t, bshape));
    let k = 0;
    const gamma = this.scale ? params[k++]! : null;
    const beta = this.center ? params[k++]! : null;
    const movingMean = params[k++]!;
    const movingVariance = params[k]!;
    let m: Tensor;
    let v: Tensor;
    let updates: Tensor[] | undefined;
    if (training && this.trainable) {
      const axes = x.shape.map((_, i) => i).filter((i) => i !== a);
      m = mean(x, axes, true);
      v = mean(square(sub(x, m)), axes, true);
      const blend = (moving: Tensor, batch: Tensor) =>
        // The moving statistics carry no gradient (stopGradient, not a copy: under jit the blend
        // stays part of the compiled program instead of becoming a constant of the trace).
        stopGradient(
          add(mul(moving, this.momentum), mul(reshape(batch, [dim]), 1 - this.momentum)),
        );
      updates = [blend(movingMean, m), blend(movingVariance, v)];
    } else {
      m = b(movingMean);
      v = b(movingVariance);
    }
    let inv = div(1, sqrt(add(v, this.epsilon)));
    if (gamma !== null) inv = mul(inv, b(gamma));
    let y = mul(sub(x, m), inv);
    if (beta !== null) y = add(y, b(beta));
    const out = this.activate(x, y, probes);
    return updates === undefined ? out : { ...out, updates };
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      beta_initializer: initializers.serialize(this.betaInitializer),
      gamma_initializer: initializers.serialize(this.gammaInitializer),
      moving_mean_initializer: initializers.serialize(this.movingMeanInitializer),
      moving_variance_initializer: initializers.serialize(this.movingVarianceInitializer),
      beta_regularizer: null,
      gamma_regularizer: null,
      beta_constraint: null,
      gamma_constraint: null,
      synchronized: false,
    };
  }

  /** Rebuilds a BatchNormalization layer from its config (Keras's from_config). */
  static fromConfig(config: Record<string, unknown>): BatchNormalization {
    const op = 'BatchNormalization.fromConfig';
    rejectUnsupported(op, config, [
      'beta_regularizer',
      'gamma_regularizer',
      'beta_constraint',
      'gamma_constraint',
    ]);
    const c = config as Record<string, never>;
    if (Array.isArray(c.axis)) {
      const axes = c.axis as unknown[];
      if (axes.length !== 1)
        fail(op, `only one normalization axis is supported, got axis ${JSON.stringify(axes)}`);
    }
    const axis = Array.isArray(c.axis) ? (c.axis as never[])[0] : c.axis;
    const opt = (key: string, name: string) =>
      config[key] !== undefined ? { [name]: config[key] } : {};
    return new BatchNormalization({
      ...commonOptions(config),
      ...(axis !== undefined ? { axis } : {}),
      ...opt('momentum', 'momentum'),
      ...opt('epsilon', 'epsilon'),
      ...opt('center', 'center'),
      ...opt('scale', 'scale'),
      ...opt('beta_initializer', 'betaInitializer'),
      ...opt('gamma_initializer', 'gammaInitializer'),
      ...opt('moving_mean_initializer', 'movingMeanInitializer'),
      ...opt('moving_variance_initializer', 'movingVarianceInitializer'),
    });
  }
}
