// Plain JavaScript (types in index.d.ts): Node loads this file directly when vitest loads a
// package's vitest.config.ts, and Node 20 cannot import TypeScript.
import { basename, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';

const here = dirname(fileURLToPath(import.meta.url));

/** Repository root: this package lives in <root>/tooling/vitest-config. */
export const repoRoot = resolve(here, '../..');

/** Where every package's vitest JSON report goes; .ci/run sums them. */
export const reportDir = resolve(repoRoot, 'reports/vitest');

/**
 * Report file for a package directory, e.g. reports/vitest/packages-autodiff.json.
 * @param {string} packageDir
 * @returns {string}
 */
export function reportFile(packageDir) {
  const rel = relative(repoRoot, packageDir);
  const name = rel && !rel.startsWith('..') ? rel.split(/[\\/]/).join('-') : basename(packageDir);
  return resolve(reportDir, `${name}.json`);
}

/**
 * The shared vitest config. Call it from a package's vitest.config.ts with that file's
 * `import.meta.url`; `overrides` are merged on top (plugins, resolve conditions, ...).
 * @param {string} configFileUrl
 * @param {import('vitest/config').ViteUserConfig} [overrides]
 * @returns {import('vitest/config').ViteUserConfig}
 */
export function gradflowVitestConfig(configFileUrl, overrides = {}) {
  const packageDir = dirname(fileURLToPath(configFileUrl));
  const base = defineConfig({
    root: packageDir,
    test: {
      include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
      setupFiles: [resolve(here, 'setup.ts')],
      reporters: ['default', 'json'],
      outputFile: { json: reportFile(packageDir) },
      restoreMocks: true,
      // Tests assert results, never speed: on a slow, busy 2-core CI machine a heavy property
      // or experiment may take far longer than vitest's 5 s default, and must not fail for it.
      testTimeout: 600_000,
      hookTimeout: 600_000,
    },
  });
  return mergeConfig(base, overrides);
}
