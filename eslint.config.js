// One flat config for the whole repo; each package runs `eslint .` from its own directory and
// ESLint finds this file by walking up. Rules that need type information are left out on
// purpose: `tsc`/`svelte-check` do the type checking and lint stays fast.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['**/dist/', '**/.turbo/', '**/coverage/', '**/node_modules/', 'reports/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  svelte.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'Use the seeded generator (or fast-check) so every run replays.',
        },
      ],
    },
  },
  {
    // Node-side code: configs, scripts, the benchmark harness.
    files: ['**/*.js', '**/*.config.ts', 'tooling/**/*.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['apps/playground/**/*.{ts,svelte}'],
    languageOptions: { globals: globals.browser },
  },
  {
    // measurement scripts: Node, plus the code they run in the page
    files: ['apps/playground/scripts/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  svelte.configs.prettier,
);
