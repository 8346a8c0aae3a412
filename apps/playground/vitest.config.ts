import { gradflowVitestConfig } from '@gradflow/vitest-config';
import { mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.js';

export default mergeConfig(
  viteConfig,
  gradflowVitestConfig(import.meta.url, {
    // Resolve Svelte's client runtime so runes behave as in the browser.
    resolve: { conditions: ['browser'] },
  }),
);
