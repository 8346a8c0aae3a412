/*
 * One small registry behind every id-based lookup (activations here; initializers, losses,
 * optimizers, layers, callbacks and schedules in @gradflow/layers): canonical ids, aliases,
 * get, list, the reverse lookup a serializer needs, and one convention for config keys
 * (Keras's snake_case in configs, camelCase in constructor options).
 */
import { GradflowError } from './errors.js';

/** snake_case of a CamelCase name, as Keras's naming.to_snake_case (HeNormal -> he_normal). */
export function toSnakeCase(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** camelCase of a snake_case id or key (he_normal -> heNormal, beta_1 -> beta1). */
export function toCamelCase(id: string): string {
  return id.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Keras config (snake_case keys) to constructor options (camelCase keys); `null` values are dropped unless kept. */
export function configToOptions(
  config: Record<string, unknown>,
  keepNull: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if (v === null && !keepNull.includes(k)) continue;
    out[toCamelCase(k)] = v;
  }
  return out;
}

/** Keras's serialized form of an object: what `serialize` returns and `get` accepts. */
export interface Serialized {
  module?: string;
  class_name: string;
  config?: Record<string, unknown>;
  registered_name?: string | null;
}

export interface RegistryOptions {
  /** What the entries are, for messages ('activation', 'initializer'). */
  kind: string;
  /** Keras module of the serialized form ('keras.initializers'). */
  module?: string;
  /** Match spellings regardless of case ('ADAM' is 'adam'). */
  caseInsensitive?: boolean;
  /** Appended to the "valid ids" list of an unknown-id error. */
  hint?: string;
}

/**
 * Entries of one kind by canonical id, with aliases. `get` resolves any spelling and throws a
 * GradflowError naming the op and the valid ids; `idOf` finds the id of a value (or of a value
 * registered as equivalent to it), which is how a serializer names a built-in passed as itself.
 */
export class Registry<T> {
  readonly kind: string;
  readonly module: string;
  private readonly entries = new Map<string, T>();
  private readonly spellings = new Map<string, string>();
  private readonly reverse = new Map<unknown, string>();
  private readonly builtins = new Set<string>();
  private readonly options: RegistryOptions;

  constructor(options: RegistryOptions) {
    this.options = options;
    this.kind = options.kind;
    this.module = options.module ?? '';
  }

  private key(name: string): string {
    return this.options.caseInsensitive === true ? name.toLowerCase() : name;
  }

  /**
   * Adds an entry under `id` with `aliases`; `equivalents` are other values `idOf` maps to this
   * id. Built-in entries cannot be replaced; a user entry (`builtin: false`) can be.
   */
  add(
    id: string,
    value: T,
    extra: {
      aliases?: readonly string[];
      equivalents?: readonly unknown[];
      builtin?: boolean;
    } = {},
  ): this {
    const names = [id, ...(extra.aliases ?? [])];
    for (const n of names) {
      const taken = this.spellings.get(this.key(n));
      if (taken !== undefined && (this.builtins.has(taken) || taken !== id))
        throw new GradflowError(
          `${this.kind}s.register`,
          `${JSON.stringify(n)} is already the ${this.kind} ${JSON.stringify(taken)}; choose another id`,
        );
    }
    if (this.entries.has(id))
      for (const [v, i] of this.reverse) if (i === id) this.reverse.delete(v);
    this.entries.set(id, value);
    if (extra.builtin !== false) this.builtins.add(id);
    for (const n of names) this.spellings.set(this.key(n), id);
    for (const v of [value, ...(extra.equivalents ?? [])])
      if (!this.reverse.has(v)) this.reverse.set(v, id);
    return this;
  }

  /** Whether `name` is an id or alias. */
  has(name: unknown): boolean {
    return typeof name === 'string' && this.spellings.has(this.key(name));
  }

  /** The canonical id of an id or alias; throws a GradflowError under `op` for anything else. */
  id(name: unknown, op: string): string {
    const id = typeof name === 'string' ? this.spellings.get(this.key(name)) : undefined;
    if (id === undefined) {
      const hint = this.options.hint === undefined ? '' : ` ${this.options.hint}`;
      throw new GradflowError(
        op,
        `unknown ${this.kind} ${JSON.stringify(name) ?? String(name)}; valid ids: ${this.list().join(', ')}${hint}`,
      );
    }
    return id;
  }

  /** The entry for an id or alias (throws under `op` if unknown). */
  get(name: unknown, op: string): T {
    return this.entries.get(this.id(name, op))!;
  }

  /** The canonical ids, in the order they were added. */
  list(): string[] {
    return [...this.entries.keys()];
  }

  /** The id a value (or a registered equivalent) was added under, or undefined. */
  idOf(value: unknown): string | undefined {
    return this.reverse.get(value);
  }

  /** Keras's serialized form `{ module, class_name, config, registered_name }`. */
  serialize(
    className: string,
    config: Record<string, unknown>,
  ): {
    module: string;
    class_name: string;
    config: Record<string, unknown>;
    registered_name: null;
  } {
    return { module: this.module, class_name: className, config, registered_name: null };
  }
}

/** Whether v is Keras's serialized form `{ class_name, config? }`. */
export function isSerialized(v: unknown): v is Serialized {
  return (
    v !== null &&
    typeof v === 'object' &&
    typeof (v as { class_name?: unknown }).class_name === 'string'
  );
}
