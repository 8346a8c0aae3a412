import { Registry, configToOptions, isSerialized } from '@gradflow/autodiff';
import { describe, fail, isPlainObject } from '../util.js';
import { Adam } from './adam.js';
import { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

export { Optimizer, type OptimizerOptions } from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adam, type AdamOptions } from './adam.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';

/** Keras ids; class names are aliases, and any case is accepted ('Adam', 'ADAM'). */
const registry = new Registry<typeof SGD | typeof Adam | typeof RMSprop>({
  kind: 'optimizer',
  module: 'keras.optimizers',
  caseInsensitive: true,
})
  .add('sgd', SGD)
  .add('adam', Adam)
  .add('rmsprop', RMSprop);

/** What `optimizers.get` and `compile({ optimizer })` accept. */
export type OptimizerIdentifier =
  string | Optimizer | { class_name: string; config?: Record<string, unknown> };

/**
 * The optimizer for an identifier, as Keras's `optimizers.get`: an id ('sgd', 'adam',
 * 'rmsprop'; class names 'SGD', 'Adam', 'RMSprop' too, case-insensitive) with Keras's
 * defaults, an Optimizer, or a serialized `{ class_name, config }`.
 */
export function get(identifier: OptimizerIdentifier): Optimizer {
  const op = 'optimizers.get';
  if (identifier instanceof Optimizer) return identifier;
  if (typeof identifier === 'string') return new (registry.get(identifier, op))();
  if (isSerialized(identifier)) {
    const Cls = registry.get(identifier.class_name, op);
    const config = identifier.config ?? {};
    if (!isPlainObject(config)) fail(op, `config must be an object, got ${describe(config)}`);
    return new Cls(configToOptions(config, ['clipnorm', 'clipvalue', 'global_clipnorm']));
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
  return registry.serialize(optimizer.className, optimizer.getConfig());
}

/** The ids. */
export function list(): string[] {
  return registry.list();
}
