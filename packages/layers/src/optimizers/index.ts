import { describe, fail, isPlainObject, toCamelCase } from '../util.js';
import { Adam } from './adam.js';
import { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

export { Optimizer, type OptimizerOptions } from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adam, type AdamOptions } from './adam.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';

const CLASSES = { sgd: SGD, adam: Adam, rmsprop: RMSprop } as const;

/** What `optimizers.get` and `compile({ optimizer })` accept. */
export type OptimizerIdentifier =
  string | Optimizer | { class_name: string; config?: Record<string, unknown> };

/** Keras config keys to constructor options (learning_rate -> learningRate, beta_1 -> beta1). */
function optionsFromConfig(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if (v === null && k !== 'clipnorm' && k !== 'clipvalue' && k !== 'global_clipnorm') continue;
    out[toCamelCase(k).replace(/_/g, '')] = v;
  }
  return out;
}

/**
 * The optimizer for an identifier, as Keras's `optimizers.get`: an id ('sgd', 'adam',
 * 'rmsprop'; class names 'SGD', 'Adam', 'RMSprop' too, case-insensitive) with Keras's
 * defaults, an Optimizer, or a serialized `{ class_name, config }`.
 */
export function get(identifier: OptimizerIdentifier): Optimizer {
  const op = 'optimizers.get';
  if (identifier instanceof Optimizer) return identifier;
  const lookup = (name: string) => {
    const key = name.toLowerCase();
    if (!Object.hasOwn(CLASSES, key))
      fail(op, `unknown optimizer ${JSON.stringify(name)}; valid ids: ${list().join(', ')}`);
    return CLASSES[key as keyof typeof CLASSES];
  };
  if (typeof identifier === 'string') return new (lookup(identifier))();
  if (isPlainObject(identifier) && typeof identifier.class_name === 'string') {
    const config = identifier.config ?? {};
    if (!isPlainObject(config)) fail(op, `config must be an object, got ${describe(config)}`);
    return new (lookup(identifier.class_name))(optionsFromConfig(config));
  }
  fail(
    op,
    `cannot interpret ${describe(identifier)} as an optimizer; pass 'sgd', 'adam', 'rmsprop' or an Optimizer such as new Adam({ learningRate: 0.01 })`,
  );
}

/** Keras's serialized form of an optimizer. */
export function serialize(optimizer: Optimizer): {
  module: string;
  class_name: string;
  config: Record<string, unknown>;
  registered_name: null;
} {
  if (!(optimizer instanceof Optimizer))
    fail('optimizers.serialize', `expected an Optimizer, got ${describe(optimizer)}`);
  return {
    module: 'keras.optimizers',
    class_name: optimizer.className,
    config: optimizer.getConfig(),
    registered_name: null,
  };
}

/** The ids. */
export function list(): string[] {
  return Object.keys(CLASSES);
}
