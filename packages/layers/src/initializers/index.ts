import { describe, fail, isPlainObject, toCamelCase, toSnakeCase } from '../util.js';
import {
  Constant,
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  Identity,
  Initializer,
  type InitializerConfig,
  LecunNormal,
  LecunUniform,
  Ones,
  Orthogonal,
  RandomNormal,
  RandomUniform,
  TruncatedNormal,
  VarianceScaling,
  Zeros,
} from './initializers.js';

export * from './initializers.js';
export { computeFans } from './fans.js';

/** Keras's serialized form of an initializer (`keras.initializers.serialize`). */
export interface SerializedInitializer {
  module?: string;
  class_name: string;
  config?: InitializerConfig;
  registered_name?: string | null;
}

/** What `initializers.get` (and a layer's `kernelInitializer`) accepts. */
export type InitializerIdentifier = string | Initializer | SerializedInitializer;

type Ctor = new (config?: never) => Initializer;

/** Every initializer class by its Keras class name. */
const CLASSES: Record<string, Ctor> = {
  Zeros,
  Ones,
  Constant,
  RandomNormal,
  RandomUniform,
  TruncatedNormal,
  VarianceScaling,
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  LecunNormal,
  LecunUniform,
  Orthogonal,
  Identity,
};

/** The initializers whose values depend on a seed (they accept `{ seed }`). */
const SEEDED = new Set([
  'RandomNormal',
  'RandomUniform',
  'TruncatedNormal',
  'VarianceScaling',
  'GlorotNormal',
  'GlorotUniform',
  'HeNormal',
  'HeUniform',
  'LecunNormal',
  'LecunUniform',
  'Orthogonal',
]);

/** Keras 3 ids (snake_case of the class names), the ids `list()` reports. */
const IDS: Record<string, string> = Object.fromEntries(
  Object.keys(CLASSES).map((c) => [toSnakeCase(c), c]),
);

/**
 * Every accepted spelling: snake_case ids, camelCase aliases (TF.js: heNormal), class names,
 * and Keras's extra aliases (normal, uniform, one, zero, OrthogonalInitializer, IdentityInitializer).
 */
const LOOKUP: Record<string, string> = {
  ...IDS,
  ...Object.fromEntries(Object.keys(IDS).map((id) => [toCamelCase(id), IDS[id]!])),
  ...Object.fromEntries(Object.keys(CLASSES).map((c) => [c, c])),
  normal: 'RandomNormal',
  uniform: 'RandomUniform',
  one: 'Ones',
  zero: 'Zeros',
  OrthogonalInitializer: 'Orthogonal',
  IdentityInitializer: 'Identity',
};

function classFor(op: string, name: string): string {
  const c = Object.hasOwn(LOOKUP, name) ? LOOKUP[name] : undefined;
  if (c === undefined) {
    fail(
      op,
      `unknown initializer ${JSON.stringify(name)}; valid ids: ${Object.keys(IDS).join(', ')} (camelCase aliases such as heNormal and class names such as HeNormal also work)`,
    );
  }
  return c;
}

/**
 * The initializer for an identifier, as Keras's `initializers.get`:
 * - a string id (`'he_normal'`, `'heNormal'`, `'HeNormal'`) gives one with Keras's defaults,
 *   seeded with `options.seed` if given (for the random ones);
 * - a serialized form `{ class_name, config }` (what `serialize` returns) rebuilds it;
 * - an Initializer is returned as it is.
 */
export function get(
  identifier: InitializerIdentifier,
  options: { seed?: number | null } = {},
): Initializer {
  const op = 'initializers.get';
  if (identifier instanceof Initializer) return identifier;
  if (!isPlainObject(options))
    fail(op, `options must be an object such as { seed: 42 }, got ${describe(options)}`);
  const seed = options.seed;
  if (typeof identifier === 'string') {
    const c = classFor(op, identifier);
    const Cls = CLASSES[c]!;
    return seed !== undefined && SEEDED.has(c) ? new Cls({ seed } as never) : new Cls();
  }
  if (isPlainObject(identifier) && typeof identifier.class_name === 'string') {
    const c = classFor(op, identifier.class_name);
    const config = identifier.config ?? {};
    if (!isPlainObject(config))
      fail(op, `config of ${c} must be an object, got ${describe(config)}`);
    const merged = seed !== undefined && SEEDED.has(c) ? { ...config, seed } : config;
    return new CLASSES[c]!(merged as never);
  }
  fail(
    op,
    `cannot interpret ${describe(identifier)} as an initializer; pass an id such as 'he_normal', an Initializer, or { class_name, config }`,
  );
}

/** Keras's serialized form: `{ module, class_name, config, registered_name }`; `get` rebuilds it. */
export function serialize(initializer: Initializer): Required<SerializedInitializer> {
  if (!(initializer instanceof Initializer))
    fail('initializers.serialize', `expected an Initializer, got ${describe(initializer)}`);
  return {
    module: 'keras.initializers',
    class_name: initializer.className,
    config: initializer.getConfig(),
    registered_name: null,
  };
}

/** Same as `get` for a serialized form (Keras's `deserialize`). */
export function deserialize(config: SerializedInitializer): Initializer {
  return get(config);
}

/** The snake_case ids. */
export function list(): string[] {
  return Object.keys(IDS);
}
