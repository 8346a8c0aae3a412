import {
  type DType,
  type NestedArray,
  Tensor,
  full,
  ones,
  randomNormal,
  randomUniform,
  tensor,
  truncatedNormal,
  zeros,
} from '@gradflow/autodiff';
import {
  checkDType,
  checkKeys,
  checkNumber,
  checkSeed,
  checkShape,
  describe,
  fail,
  finiteNumber,
  fmtShape,
  isPlainObject,
} from '../util.js';
import { computeFans } from './fans.js';
import { orthonormalQ } from './linalg.js';

/** Keras's `get_config()` dict of an initializer: plain JSON data. */
export type InitializerConfig = Record<string, unknown>;

/**
 * The standard deviation of a normal distribution truncated to ±2 standard deviations, relative
 * to the untruncated one: sqrt(1 - 2·2·φ(2) / (Φ(2) - Φ(-2))). Keras divides by it so that a
 * truncated normal sample has the variance VarianceScaling asks for.
 */
export const TRUNCATED_NORMAL_STDDEV_FACTOR = 0.87962566103423978;

/**
 * Base class of every initializer: `apply(shape, dtype?)` makes a tensor, `getConfig()` gives
 * Keras's config dict, which `initializers.get({ class_name, config })` turns back into an
 * initializer. Initializers are immutable.
 */
export abstract class Initializer {
  /** The Keras class name (what `initializers.serialize` writes as `class_name`). */
  abstract readonly className: string;

  /** A tensor of the given shape (dtype float32 unless given). */
  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const s = checkShape(`${this.className}.apply`, shape);
    return this.generate(s, checkDType(`${this.className}.apply`, dtype));
  }

  /** Keras's `get_config()`. */
  abstract getConfig(): InitializerConfig;

  /** Makes the values; `shape` and `dtype` are already validated. */
  protected abstract generate(shape: number[], dtype: DType): Tensor;

  toString(): string {
    return `${this.className}(${JSON.stringify(this.getConfig())})`;
  }
}

function options<T extends object>(
  op: string,
  o: T | undefined,
  keys: readonly string[],
): Partial<T> {
  if (o === undefined || o === null) return {};
  if (!isPlainObject(o))
    fail(op, `options must be an object with keys ${keys.join(', ')}, got ${describe(o)}`);
  checkKeys(op, o, keys);
  return o;
}

/** Fills with zeros. */
export class Zeros extends Initializer {
  readonly className: string = 'Zeros';
  constructor(config?: Record<string, never>) {
    super();
    options('Zeros', config, []);
  }
  protected generate(shape: number[], dtype: DType): Tensor {
    return zeros(shape, dtype);
  }
  getConfig(): InitializerConfig {
    return {};
  }
}

/** Fills with ones. */
export class Ones extends Initializer {
  readonly className: string = 'Ones';
  constructor(config?: Record<string, never>) {
    super();
    options('Ones', config, []);
  }
  protected generate(shape: number[], dtype: DType): Tensor {
    return ones(shape, dtype);
  }
  getConfig(): InitializerConfig {
    return {};
  }
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export interface ConstantOptions {
  /** The fill value (default 0), or nested arrays that broadcast to the requested shape. */
  value?: number | NestedArray;
}

/** Fills with a constant value (Keras default 0); an array value is broadcast to the shape. */
export class Constant extends Initializer {
  readonly className: string = 'Constant';
  readonly value: number | NestedArray;
  constructor(config: ConstantOptions = {}) {
    super();
    const o = options('Constant', config, ['value']);
    const v = o.value ?? 0;
    if (typeof v === 'number') finiteNumber('Constant', 'value', v);
    else {
      let t: Tensor;
      try {
        t = tensor(v);
      } catch (e) {
        fail(
          'Constant',
          `value must be a finite number or nested arrays of numbers: ${(e as Error).message}`,
        );
      }
      if (t.data().some((x) => !Number.isFinite(x)))
        fail('Constant', `value must contain only finite numbers, got ${JSON.stringify(v)}`);
    }
    this.value = v;
  }
  protected generate(shape: number[], dtype: DType): Tensor {
    if (typeof this.value === 'number') return full(shape, this.value, dtype);
    const v = tensor(this.value, { dtype });
    try {
      return v.broadcastTo(shape);
    } catch (_) {
      fail(
        'Constant',
        `value of shape ${fmtShape(v.shape)} cannot be broadcast to the requested shape ${fmtShape(shape)}`,
      );
    }
  }
  getConfig(): InitializerConfig {
    return { value: this.value };
  }
}

/** Shared by the random initializers: the seed, and how it appears in the config. */
abstract class RandomInitializer extends Initializer {
  /** The seed, or null: unseeded initializers draw new values on every call. */
  readonly seed: number | null;
  protected constructor(op: string, seed: unknown) {
    super();
    this.seed = checkSeed(op, seed);
  }
  protected get seedOption(): { seed?: number } {
    return this.seed === null ? {} : { seed: this.seed };
  }
}

export interface RandomNormalOptions {
  /** Mean of the distribution (default 0). */
  mean?: number;
  /** Standard deviation (default 0.05). */
  stddev?: number;
  /** Seed for reproducible values; the same seed gives the same tensor on every call. */
  seed?: number | null;
}

function normalParams(op: string, o: { mean?: number; stddev?: number }): [number, number] {
  const mean = finiteNumber(op, 'mean', o.mean ?? 0);
  const stddev = checkNumber(
    op,
    'stddev',
    o.stddev ?? 0.05,
    (v) => Number.isFinite(v) && v >= 0,
    'a finite number >= 0',
  );
  return [mean, stddev];
}

/** Normal samples N(mean, stddev²); Keras defaults mean 0, stddev 0.05. */
export class RandomNormal extends RandomInitializer {
  readonly className: string = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  constructor(config: RandomNormalOptions = {}) {
    const o = options('RandomNormal', config, ['mean', 'stddev', 'seed']);
    super('RandomNormal', o.seed);
    [this.mean, this.stddev] = normalParams('RandomNormal', o);
  }
  protected generate(shape: number[], dtype: DType): Tensor {
    return randomNormal(shape, { mean: this.mean, stddev: this.stddev, dtype, ...this.seedOption });
  }
  getConfig(): InitializerConfig {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
}

/**
 * Normal samples N(mean, stddev²) redrawn until they lie within 2 stddev of the mean; Keras
 * defaults mean 0, stddev 0.05. (The samples' standard deviation is 0.8796 * stddev.)
 */
export class TruncatedNormal extends RandomInitializer {
  readonly className: string = 'TruncatedNormal';
  readonly mean: number;
  readonly stddev: number;
  constructor(config: RandomNormalOptions = {}) {
    const o = options('TruncatedNormal', config, ['mean', 'stddev', 'seed']);
    super('TruncatedNormal', o.seed);
    [this.mean, this.stddev] = normalParams('TruncatedNormal', o);
  }
  protected generate(shape: number[], dtype: DType): Tensor {
    return truncatedNormal(shape, {
      mean: this.mean,
      stddev: this.stddev,
      dtype,
      ...this.seedOption,
    });
  }
  getConfig(): InitializerConfig {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
}

export interface RandomUniformOptions {
  /** Lower bound (default -0.05). */
  minval?: number;
  /** Upper bound (default 0.05). */
  maxval?: number;
  seed?: number | null;
}

/** Uniform samples in [minval, maxval); Keras defaults -0.05 and 0.05. */
export class RandomUniform extends RandomInitializer {
  readonly className: string = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  constructor(config: RandomUniformOptions = {}) {
    const o = options('RandomUniform', config, ['minval', 'maxval', 'seed']);
    super('RandomUniform', o.seed);
    this.minval = finiteNumber('RandomUniform', 'minval', o.minval ?? -0.05);
    this.maxval = finiteNumber('RandomUniform', 'maxval', o.maxval ?? 0.05);
    if (this.maxval < this.minval)
      fail('RandomUniform', `maxval (${this.maxval}) must be >= minval (${this.minval})`);
  }
  protected generate(shape: number[], dtype: DType): Tensor {
    return randomUniform(shape, {
      minval: this.minval,
      maxval: this.maxval,
      dtype,
      ...this.seedOption,
    });
  }
  getConfig(): InitializerConfig {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed };
  }
}

export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';
export type Distribution = 'truncated_normal' | 'untruncated_normal' | 'uniform';
export const FAN_MODES: readonly FanMode[] = ['fan_in', 'fan_out', 'fan_avg'];
export const DISTRIBUTIONS: readonly Distribution[] = [
  'truncated_normal',
  'untruncated_normal',
  'uniform',
];

export interface VarianceScalingOptions {
  /** Scale s > 0 of the target variance s / n (default 1). */
  scale?: number;
  /** Which fan n is: 'fan_in' (default), 'fan_out' or 'fan_avg' ((fan_in + fan_out) / 2). */
  mode?: FanMode;
  /**
   * 'truncated_normal' (default; Keras's legacy 'normal' means the same), 'untruncated_normal'
   * or 'uniform'.
   */
  distribution?: Distribution | 'normal';
  seed?: number | null;
}

/**
 * Samples with variance scale / n, where n is fan_in, fan_out or their average (Keras's
 * compute_fans; at least 1):
 * - truncated_normal: truncated normal with stddev sqrt(scale / n) / 0.87962566103423978
 *   (the correction makes the truncated samples' variance scale / n);
 * - untruncated_normal: normal with stddev sqrt(scale / n);
 * - uniform: uniform in [-limit, limit] with limit = sqrt(3 scale / n).
 */
export class VarianceScaling extends RandomInitializer {
  readonly className: string = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;
  constructor(config: VarianceScalingOptions = {}) {
    const op = 'VarianceScaling';
    const o = options(op, config, ['scale', 'mode', 'distribution', 'seed']);
    super(op, o.seed);
    this.scale = checkNumber(
      op,
      'scale',
      o.scale ?? 1,
      (v) => Number.isFinite(v) && v > 0,
      'a finite number > 0',
    );
    const mode = o.mode ?? 'fan_in';
    if (!FAN_MODES.includes(mode))
      fail(op, `unknown mode ${describe(mode)}; valid modes: ${FAN_MODES.join(', ')}`);
    this.mode = mode;
    const dist =
      typeof o.distribution === 'string'
        ? o.distribution.toLowerCase()
        : (o.distribution ?? 'truncated_normal');
    const d = dist === 'normal' ? 'truncated_normal' : dist;
    if (!DISTRIBUTIONS.includes(d as Distribution)) {
      fail(
        op,
        `unknown distribution ${describe(o.distribution)}; valid distributions: ${DISTRIBUTIONS.join(', ')} (and 'normal', Keras's legacy name for truncated_normal)`,
      );
    }
    this.distribution = d as Distribution;
  }

  /** The variance scale / n that samples of this shape are drawn with. */
  targetVariance(shape: readonly number[]): number {
    const { fanIn, fanOut } = computeFans(shape);
    const n =
      this.mode === 'fan_in' ? fanIn : this.mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    return this.scale / Math.max(1, n);
  }

  protected generate(shape: number[], dtype: DType): Tensor {
    const variance = this.targetVariance(shape);
    const common = { dtype, ...this.seedOption };
    switch (this.distribution) {
      case 'truncated_normal':
        return truncatedNormal(shape, {
          mean: 0,
          stddev: Math.sqrt(variance) / TRUNCATED_NORMAL_STDDEV_FACTOR,
          ...common,
        });
      case 'untruncated_normal':
        return randomNormal(shape, { mean: 0, stddev: Math.sqrt(variance), ...common });
      case 'uniform': {
        const limit = Math.sqrt(3 * variance);
        return randomUniform(shape, { minval: -limit, maxval: limit, ...common });
      }
    }
  }

  getConfig(): InitializerConfig {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed };
  }
}

export interface SeedOptions {
  seed?: number | null;
}

/**
 * A VarianceScaling with fixed scale, mode and distribution (Glorot, He, LeCun): only the seed is
 * configurable, and getConfig gives just `{ seed }`, as in Keras.
 */
abstract class FixedVarianceScaling extends VarianceScaling {
  override readonly className: string;
  protected constructor(
    className: string,
    config: SeedOptions | undefined,
    scale: number,
    mode: FanMode,
    distribution: Distribution,
  ) {
    const o = options(className, config, ['seed']);
    super({ scale, mode, distribution, seed: checkSeed(className, o.seed) });
    this.className = className;
  }
  override getConfig(): InitializerConfig {
    return { seed: this.seed };
  }
}

/** Glorot (Xavier) normal: truncated normal with variance 2 / (fan_in + fan_out), i.e. VarianceScaling(1, 'fan_avg', 'truncated_normal'). Glorot & Bengio, 2010. */
export class GlorotNormal extends FixedVarianceScaling {
  constructor(config?: SeedOptions) {
    super('GlorotNormal', config, 1, 'fan_avg', 'truncated_normal');
  }
}

/** Glorot (Xavier) uniform: U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)), i.e. VarianceScaling(1, 'fan_avg', 'uniform'). Keras's default kernel initializer. */
export class GlorotUniform extends FixedVarianceScaling {
  constructor(config?: SeedOptions) {
    super('GlorotUniform', config, 1, 'fan_avg', 'uniform');
  }
}

/** He normal: truncated normal with variance 2 / fan_in, i.e. VarianceScaling(2, 'fan_in', 'truncated_normal'). He et al., 2015; made for ReLU. */
export class HeNormal extends FixedVarianceScaling {
  constructor(config?: SeedOptions) {
    super('HeNormal', config, 2, 'fan_in', 'truncated_normal');
  }
}

/** He uniform: U(-limit, limit) with limit = sqrt(6 / fan_in), i.e. VarianceScaling(2, 'fan_in', 'uniform'). */
export class HeUniform extends FixedVarianceScaling {
  constructor(config?: SeedOptions) {
    super('HeUniform', config, 2, 'fan_in', 'uniform');
  }
}

/** LeCun normal: truncated normal with variance 1 / fan_in, i.e. VarianceScaling(1, 'fan_in', 'truncated_normal'). For SELU (Klambauer et al., 2017). */
export class LecunNormal extends FixedVarianceScaling {
  constructor(config?: SeedOptions) {
    super('LecunNormal', config, 1, 'fan_in', 'truncated_normal');
  }
}

/** LeCun uniform: U(-limit, limit) with limit = sqrt(3 / fan_in), i.e. VarianceScaling(1, 'fan_in', 'uniform'). */
export class LecunUniform extends FixedVarianceScaling {
  constructor(config?: SeedOptions) {
    super('LecunUniform', config, 1, 'fan_in', 'uniform');
  }
}

export interface OrthogonalOptions {
  /** Multiplier of the orthogonal matrix (default 1). */
  gain?: number;
  seed?: number | null;
}

/**
 * A (semi-)orthogonal matrix times gain, as Keras's Orthogonal: the shape is flattened to
 * (prod(shape[:-1]), shape[-1]); Q comes from the QR decomposition of a standard normal matrix
 * of shape (max, min) of those, with its columns multiplied by sign(diag(R)), and is transposed
 * when there are fewer rows than columns. So the rows (if fewer) or the columns are orthonormal.
 * Needs rank >= 2.
 */
export class Orthogonal extends RandomInitializer {
  readonly className: string = 'Orthogonal';
  readonly gain: number;
  constructor(config: OrthogonalOptions = {}) {
    const o = options('Orthogonal', config, ['gain', 'seed']);
    super('Orthogonal', o.seed);
    this.gain = finiteNumber('Orthogonal', 'gain', o.gain ?? 1);
  }
  protected generate(shape: number[], dtype: DType): Tensor {
    if (shape.length < 2) {
      fail(
        'Orthogonal',
        `the tensor to initialize must be at least two-dimensional; got shape ${fmtShape(shape)} of rank ${shape.length}`,
      );
    }
    const cols = shape[shape.length - 1]!;
    const rows = sizeOf(shape) / Math.max(cols, 1);
    const out = new Float64Array(sizeOf(shape));
    if (out.length > 0) {
      const m = Math.max(rows, cols);
      const n = Math.min(rows, cols);
      const a = randomNormal([m, n], {
        dtype: 'float64',
        ...this.seedOption,
      }).data() as Float64Array;
      const q = orthonormalQ(a, m, n);
      if (rows >= cols) for (let i = 0; i < out.length; i++) out[i] = this.gain * q[i]!;
      else
        for (let i = 0; i < rows; i++)
          for (let j = 0; j < cols; j++) out[i * cols + j] = this.gain * q[j * n + i]!;
    }
    return tensor(out, { dtype, shape });
  }
  getConfig(): InitializerConfig {
    return { gain: this.gain, seed: this.seed };
  }
}

export interface IdentityOptions {
  /** Multiplier of the identity matrix (default 1). */
  gain?: number;
}

/** gain times the identity matrix; for 2-D shapes only, non-square allowed (ones on the main diagonal). */
export class Identity extends Initializer {
  readonly className: string = 'Identity';
  readonly gain: number;
  constructor(config: IdentityOptions = {}) {
    super();
    const o = options('Identity', config, ['gain']);
    this.gain = finiteNumber('Identity', 'gain', o.gain ?? 1);
  }
  protected generate(shape: number[], dtype: DType): Tensor {
    if (shape.length !== 2) {
      fail(
        'Identity',
        `the identity initializer can only be used for 2-D matrices; got shape ${fmtShape(shape)} of rank ${shape.length}`,
      );
    }
    const [r, c] = shape as [number, number];
    const out = new Float64Array(r * c);
    for (let i = 0; i < Math.min(r, c); i++) out[i * c + i] = this.gain;
    return tensor(out, { dtype, shape });
  }
  getConfig(): InitializerConfig {
    return { gain: this.gain };
  }
}
