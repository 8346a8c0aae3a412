import type { ViteUserConfig } from 'vitest/config';

/** Repository root. */
export declare const repoRoot: string;
/** Where every package's vitest JSON report goes (reports/vitest); .ci/run sums them. */
export declare const reportDir: string;
/** Report file for a package directory, e.g. reports/vitest/packages-autodiff.json. */
export declare function reportFile(packageDir: string): string;
/**
 * The shared vitest config: test/ and src/ *.test.ts, the fast-check setup file, and the
 * default + JSON reporters. `configFileUrl` is the calling vitest.config.ts's
 * `import.meta.url`; `overrides` are merged on top.
 */
export declare function gradflowVitestConfig(
  configFileUrl: string,
  overrides?: ViteUserConfig,
): ViteUserConfig;
