/** What the measurement scripts share: the built site, the browser, and how numbers are shown. */
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The 1, 5 and 15 minute load averages, to print beside every figure. */
export const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * Serves a build (`dist`, default apps/playground/dist) with `vite preview` on a free port and
 * starts Chromium; returns the site's URL, the browser and a function that stops both.
 */
export async function start(dist) {
  const server = await preview({
    root: appDir,
    logLevel: 'silent',
    ...(dist ? { build: { outDir: resolve(dist) } } : {}),
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return {
    base: server.resolvedUrls.local[0],
    browser,
    stop: async () => {
      await browser.close();
      await server.close();
    },
  };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** "median (min-max)" in whole milliseconds. */
export const summary = (xs) =>
  `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`;
