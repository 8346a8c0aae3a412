/*
 * How to use an activation in code: a gradflow (TypeScript) snippet and the Keras (Python) one,
 * with the initializer it pairs with. Parameters that differ from the defaults are passed
 * through the named function (the ids alone always take the Keras defaults).
 */
import { BOOLEAN_PARAMS, camelCase } from './curves.js';

export interface SnippetInput {
  id: string;
  /** Parameters whose values differ from the defaults (empty for the id alone). */
  changed: Record<string, number>;
  initializer: string;
  units?: number;
}

/** negativeSlope -> negative_slope: Keras spells option names in snake_case. */
export const snakeCase = (name: string): string =>
  name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A parameter's value as source text: booleans (0/1 in the sliders) as the language spells them. */
function literal(name: string, v: number, yes: 'true' | 'True'): string {
  if (!BOOLEAN_PARAMS.has(name)) return String(v);
  return v !== 0 ? yes : yes === 'true' ? 'false' : 'False';
}

/** Parameters that differ from their defaults. */
export function changedParams(
  values: Record<string, number>,
  specs: readonly { name: string; default: number }[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of specs) if (values[p.name] !== p.default) out[p.name] = values[p.name]!;
  return out;
}

export function gradflowSnippet({ id, changed, initializer, units = 64 }: SnippetInput): string {
  const names = Object.keys(changed);
  if (names.length === 0) {
    return [
      "import { Dense } from '@gradflow/layers';",
      '',
      `const layer = new Dense({ units: ${units}, activation: '${id}', kernelInitializer: '${initializer}' });`,
    ].join('\n');
  }
  const fn = camelCase(id);
  const options = names.map((n) => `${n}: ${literal(n, changed[n]!, 'true')}`).join(', ');
  return [
    `import { ${fn} } from '@gradflow/autodiff';`,
    "import { Dense } from '@gradflow/layers';",
    '',
    'const layer = new Dense({',
    `  units: ${units},`,
    `  activation: (x) => ${fn}(x, { ${options} }),`,
    `  kernelInitializer: '${initializer}',`,
    '});',
  ].join('\n');
}

export function kerasSnippet({ id, changed, initializer, units = 64 }: SnippetInput): string {
  const names = Object.keys(changed);
  if (names.length === 0) {
    return [
      'import keras',
      '',
      `layer = keras.layers.Dense(${units}, activation="${id}", kernel_initializer="${initializer}")`,
    ].join('\n');
  }
  const options = names.map((n) => `${snakeCase(n)}=${literal(n, changed[n]!, 'True')}`).join(', ');
  return [
    'import keras',
    '',
    'layer = keras.layers.Dense(',
    `    ${units},`,
    `    activation=lambda x: keras.activations.${id}(x, ${options}),`,
    `    kernel_initializer="${initializer}",`,
    ')',
  ].join('\n');
}
