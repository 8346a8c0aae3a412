import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { launchChromium } from './browser.js';
import { serveStatic } from './static-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the built site is served, ending in '/'. */
    baseUrl: string;
    /** The shared chromium's endpoint, for `chromium.connect`. */
    wsEndpoint: string;
  }
}

const appDir = resolve(fileURLToPath(import.meta.url), '../../..');

/**
 * Runs once per end-to-end run: builds the app (the production bundle, so the tests see what
 * users get, CSP meta included), serves dist/ on 127.0.0.1, and starts one chromium.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await build({ root: appDir, logLevel: 'warn', configFile: resolve(appDir, 'vite.config.ts') });
  const server = await serveStatic(resolve(appDir, 'dist'));
  const browser = await launchChromium();
  project.provide('baseUrl', server.url);
  project.provide('wsEndpoint', browser.wsEndpoint());
  return async () => {
    await browser.close();
    await server.close();
  };
}
