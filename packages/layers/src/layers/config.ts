import * as initializers from '../initializers/index.js';
import { fail } from '../util.js';
import type { LayerOptions } from './layer.js';

/** An initializer from an id, an Initializer or a serialized form; errors name the layer option. */
export function initializer(op: string, name: string, id: unknown): initializers.Initializer {
  try {
    return initializers.get(id as initializers.InitializerIdentifier);
  } catch (e) {
    fail(op, `${name}: ${(e as Error).message}`);
  }
}

/** The options every layer shares, read from a Keras config (name, dtype, trainable). */
export function commonOptions(config: Record<string, unknown>): LayerOptions {
  const c = config as Record<string, never>;
  return {
    ...(c.name !== undefined ? { name: c.name } : {}),
    ...(c.dtype !== undefined ? { dtype: c.dtype } : {}),
    ...(c.trainable !== undefined ? { trainable: c.trainable } : {}),
  };
}

/** Fails when a Keras config sets an option gradflow does not implement (a regularizer, a constraint). */
export function rejectUnsupported(
  op: string,
  config: Record<string, unknown>,
  keys: readonly string[],
): void {
  for (const k of keys) {
    const v = config[k];
    if (v !== undefined && v !== null) fail(op, `${k} is not supported (got ${JSON.stringify(v)})`);
  }
}
