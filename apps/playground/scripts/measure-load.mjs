#!/usr/bin/env node
/**
 * Load times of the built site (`vite preview`) in headless Chromium, each page load in a fresh
 * browser context (empty cache). Build first, then run from anywhere:
 *
 *   pnpm --filter @gradflow/playground build
 *   node apps/playground/scripts/measure-load.mjs [--runs 7] [--dist path]
 *
 * Per route, median (min-max) in ms since navigation start: DOMContentLoaded, load, and `view`,
 * when the view's own content is first in the DOM (#/graph: the first graph node, so ELK's
 * worker has started and laid the default graph out; #/activations: the plot; #/flow: the
 * chart; #/train: the play button).
 */
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, dist: { type: 'string' } },
});
const runs = Number(args.runs);
const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** What marks each view as shown. */
const VIEWS = {
  graph: '[data-testid="graph-node"]',
  activations: '[data-testid="activation-plot"] canvas',
  flow: '[data-testid="flow-chart"]',
  train: '[data-testid="train-play"]',
};

const server = await preview({
  root: appDir,
  logLevel: 'silent',
  ...(args.dist ? { build: { outDir: resolve(args.dist) } } : {}),
  preview: { port: 0, host: '127.0.0.1', strictPort: false },
});
const base = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

/** One cold page load of a route: the three times in ms. */
async function once(route, selector) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // Runs before the page's own scripts (through the DevTools protocol, so the CSP allows it).
  await page.addInitScript((selector) => {
    const w = window;
    w.__viewShown = new Promise((done) => {
      const check = () => {
        if (!document.querySelector(selector)) return false;
        done(performance.now());
        return true;
      };
      const start = () => {
        if (check()) return;
        const observer = new MutationObserver(() => check() && observer.disconnect());
        observer.observe(document, { childList: true, subtree: true });
      };
      if (document.readyState === 'loading')
        document.addEventListener('readystatechange', start, { once: true });
      else start();
    });
  }, selector);
  await page.goto(`${base}#/${route}`, { waitUntil: 'load' });
  const times = await page.evaluate(async () => {
    const view = await window.__viewShown;
    const [nav] = performance.getEntriesByType('navigation');
    return { dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, view };
  });
  await context.close();
  return times;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = (xs) =>
  `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`;

try {
  console.log(`${runs} cold loads per route; load ${load()}`);
  for (const [route, selector] of Object.entries(VIEWS)) {
    const rows = [];
    for (let i = 0; i < runs; i++) rows.push(await once(route, selector));
    const cols = ['dcl', 'load', 'view'].map((k) => `${k} ${summary(rows.map((r) => r[k]))}`);
    console.log(`#/${route.padEnd(12)} ${cols.join('  ')}`);
  }
  console.log(`load after: ${load()}`);
} finally {
  await browser.close();
  await server.close();
}
