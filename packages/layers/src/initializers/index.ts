import { Registry, isSerialized } from '@gradflow/autodiff';
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
const SEEDED = new Set<Ctor>([
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
]);

/**
 * Keras 3 ids (snake_case of the class names, what `list()` reports), with every other accepted
 * spelling as an alias: camelCase (TF.js: heNormal), class names, and Keras's extra aliases
 * (normal, uniform, one, zero, OrthogonalInitializer, IdentityInitializer).
 */
const registry = new Registry<Ctor>({
  kind: 'initializer',
  module: 'keras.initializers',
  hint: '(camelCase aliases such as heNormal and class names such as HeNormal also work)',
});
const EXTRA: Record<string, string[]> = {
  RandomNormal: ['normal'],
  RandomUniform: ['uniform'],
  Ones: ['one'],
  Zeros: ['zero'],
  Orthogonal: ['OrthogonalInitializer'],
  Identity: ['IdentityInitializer'],
};
for (const [c, Cls] of Object.entries(CLASSES)) {
  const id = toSnakeCase(c);
  const aliases = [...new Set([toCamelCase(id), c, ...(EXTRA[c] ?? [])])].filter((a) => a !== id);
  registry.add(id, Cls, { aliases });
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
    const Cls = registry.get(identifier, op);
    return seed !== undefined && SEEDED.has(Cls) ? new Cls({ seed } as never) : new Cls();
  }
  if (isSerialized(identifier)) {
    const Cls = registry.get(identifier.class_name, op);
    const config = identifier.config ?? {};
    if (!isPlainObject(config))
      fail(op, `config of ${identifier.class_name} must be an object, got ${describe(config)}`);
    const merged = seed !== undefined && SEEDED.has(Cls) ? { ...config, seed } : config;
    return new Cls(merged as never);
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
  return registry.serialize(
    initializer.className,
    initializer.getConfig(),
  ) as Required<SerializedInitializer>;
}

/** Same as `get` for a serialized form (Keras's `deserialize`). */
export function deserialize(config: SerializedInitializer): Initializer {
  return get(config);
}

/** The snake_case ids. */
export function list(): string[] {
  return registry.list();
}
