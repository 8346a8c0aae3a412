/*
 * The spellings that TF.js 4.x, Keras 2 (tf.keras, through tensorflowjs_converter) and Keras 3
 * use in a model's config, read into the form gradflow's fromConfig methods take.
 */
import { describe, fail, isPlainObject } from '../util.js';

/** TF.js's initializer ids and class names that are not Keras's (LeCun with a capital C). */
const INITIALIZER_ALIASES: Record<string, string> = {
  leCunNormal: 'lecun_normal',
  leCunUniform: 'lecun_uniform',
  LeCunNormal: 'LecunNormal',
  LeCunUniform: 'LecunUniform',
};

const VARIANCE_SCALING_KEYS = ['scale', 'mode', 'distribution'];

/**
 * An initializer as gradflow reads it: TF.js ids mapped to Keras's, and a Glorot/He/LeCun class
 * whose config spells out scale, mode and distribution (as TF.js writes them) read as the
 * VarianceScaling it is.
 */
export function initializerFromConfig(value: unknown): unknown {
  if (typeof value === 'string') return INITIALIZER_ALIASES[value] ?? value;
  if (!isPlainObject(value) || typeof value.class_name !== 'string') return value;
  const className = INITIALIZER_ALIASES[value.class_name] ?? value.class_name;
  const config = isPlainObject(value.config) ? { ...value.config } : {};
  delete config.dtype;
  const spelledOut = VARIANCE_SCALING_KEYS.some((k) => k in config);
  return {
    class_name: spelledOut ? 'VarianceScaling' : className,
    config,
  };
}

/** A dtype from a string or a Keras 3 DTypePolicy `{ class_name, config: { name } }`. */
export function dtypeFromConfig(op: string, where: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const name =
    isPlainObject(value) && isPlainObject(value.config) ? value.config.name : (value as unknown);
  if (name !== 'float32' && name !== 'float64')
    fail(op, `${where}: unsupported dtype ${describe(name)}; supported dtypes: float32, float64`);
  return name;
}

/** A sample shape (batch axis first) from the keys Keras 1/2/3 and TF.js put on a first layer. */
function inputShapeOf(config: Record<string, unknown>): (number | null)[] | undefined {
  for (const key of ['batch_input_shape', 'batch_shape']) {
    const s = config[key];
    if (Array.isArray(s)) return s as (number | null)[];
  }
  if (typeof config.input_dim === 'number') return [null, config.input_dim];
  if (Array.isArray(config.input_shape)) return [null, ...(config.input_shape as number[])];
  return undefined;
}

/**
 * A layer's config in the form its fromConfig takes, plus the batch input shape that a first
 * layer may carry (batch_input_shape, input_dim, ...), which the model is then built with.
 */
export function layerFromConfig(
  op: string,
  className: string,
  raw: Record<string, unknown>,
): { config: Record<string, unknown>; batchInputShape?: (number | null)[] } {
  const config: Record<string, unknown> = {};
  const where = `layer ${JSON.stringify(raw.name ?? className)} (${className})`;
  for (const [k, v] of Object.entries(raw)) {
    if (k.endsWith('_initializer')) config[k] = initializerFromConfig(v);
    else if (k === 'dtype') config[k] = dtypeFromConfig(op, where, v);
    else config[k] = v;
  }
  if (config.dtype === undefined) delete config.dtype;
  if (className === 'InputLayer') return { config };
  const batchInputShape = inputShapeOf(config);
  for (const k of ['batch_input_shape', 'batch_shape', 'input_dim', 'input_shape', 'batch_size'])
    delete config[k];
  return batchInputShape === undefined ? { config } : { config, batchInputShape };
}

/** Optimizer config keys gradflow's optimizers take (Keras's snake_case and TF.js's camelCase). */
const OPTIMIZER_KEYS = new Set([
  'name',
  'learning_rate',
  'learningRate',
  'lr',
  'momentum',
  'nesterov',
  'useNesterov',
  'beta_1',
  'beta1',
  'beta_2',
  'beta2',
  'epsilon',
  'amsgrad',
  'rho',
  'decay',
  'centered',
  'clipnorm',
  'clipvalue',
  'global_clipnorm',
]);

/**
 * An optimizer config in the form `optimizers.get` takes: TF.js's RMSProp and Keras 2's `lr` and
 * `decay` (RMSprop's rho in TF.js) read as Keras 3's names; bookkeeping keys (weight_decay 0,
 * use_ema false, jit_compile, ...) dropped. A learning-rate schedule or a weight decay is refused.
 */
export function optimizerFromConfig(
  op: string,
  value: unknown,
): { class_name: string; config: Record<string, unknown> } {
  if (!isPlainObject(value) || typeof value.class_name !== 'string')
    fail(
      op,
      `training config: optimizer_config must be { class_name, config }, got ${describe(value)}`,
    );
  // TF.js's SGD with momentum is its own class, Momentum.
  const className = value.class_name === 'Momentum' ? 'SGD' : value.class_name;
  const raw = isPlainObject(value.config) ? value.config : {};
  const decay = raw.weight_decay;
  if (decay !== undefined && decay !== null && decay !== 0)
    fail(
      op,
      `training config: optimizer ${className} has weight_decay ${describe(decay)}, which is not supported`,
    );
  const config: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!OPTIMIZER_KEYS.has(k)) continue;
    if (isPlainObject(v))
      fail(
        op,
        `training config: ${className} ${k} is ${describe(v)}; only numbers are supported (no schedules)`,
      );
    if (k === 'lr') config.learning_rate = v;
    else if (k === 'useNesterov') config.nesterov = v;
    else if (k === 'decay' && /rmsprop/i.test(className)) config.rho = v;
    else if (k !== 'decay') config[k] = v;
  }
  return { class_name: className, config };
}
