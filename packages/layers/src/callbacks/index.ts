import { Registry, configToOptions, isSerialized } from '@gradflow/autodiff';
import { describe, fail, isPlainObject } from '../util.js';
import type { BaseCallback } from './base.js';
import { EarlyStopping } from './early-stopping.js';
import { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';
import { TerminateOnNaN } from './terminate-on-nan.js';

export { BaseCallback, type CallbackModel, type Mode } from './base.js';
export { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';
export { TerminateOnNaN } from './terminate-on-nan.js';
export { LearningRateScheduler, type Schedule } from './learning-rate-scheduler.js';

type Ctor = new (options?: never) => BaseCallback;

/** Callbacks that can be built from options alone (LearningRateScheduler needs a function). */
const registry = new Registry<Ctor>({ kind: 'callback', module: 'keras.callbacks' });
registry
  .add('early_stopping', EarlyStopping as Ctor, { aliases: ['EarlyStopping'] })
  .add('reduce_lr_on_plateau', ReduceLROnPlateau as Ctor, { aliases: ['ReduceLROnPlateau'] })
  .add('terminate_on_nan', TerminateOnNaN as Ctor, { aliases: ['TerminateOnNaN'] });

/**
 * A callback from an id ('early_stopping', 'EarlyStopping') with Keras's defaults, or from
 * Keras's serialized form `{ class_name, config }` (what `serialize` returns).
 */
export function get(
  identifier: string | { class_name: string; config?: Record<string, unknown> },
): BaseCallback {
  const op = 'callbacks.get';
  if (typeof identifier === 'string') return new (registry.get(identifier, op))();
  if (isSerialized(identifier)) {
    const config = identifier.config ?? {};
    if (!isPlainObject(config)) fail(op, `config must be an object, got ${describe(config)}`);
    return new (registry.get(identifier.class_name, op))(configToOptions(config) as never);
  }
  fail(
    op,
    `cannot interpret ${describe(identifier)} as a callback; pass an id such as 'early_stopping' or { class_name, config }`,
  );
}

/** Keras's serialized form of a built-in callback. */
export function serialize(callback: BaseCallback) {
  registry.id(callback?.className, 'callbacks.serialize');
  return registry.serialize(callback.className, callback.getConfig());
}

/** The ids. */
export function list(): string[] {
  return registry.list();
}
