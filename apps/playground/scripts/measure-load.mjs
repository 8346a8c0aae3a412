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
import { parseArgs } from 'node:util';
import { loadAverage, start, summary } from './measure-common.mjs';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, dist: { type: 'string' } },
});
const runs = Number(args.runs);

/** What marks each view as shown. */
const VIEWS = {
  graph: '[data-testid="graph-node"]',
  activations: '[data-testid="activation-plot"] canvas',
  flow: '[data-testid="flow-chart"]',
  train: '[data-testid="train-play"]',
};

const { base, browser, stop } = await start(args.dist);

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
      const watch = () => {
        if (check()) return;
        const observer = new MutationObserver(() => check() && observer.disconnect());
        observer.observe(document, { childList: true, subtree: true });
      };
      if (document.readyState === 'loading')
        document.addEventListener('readystatechange', watch, { once: true });
      else watch();
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

try {
  console.log(`${runs} cold loads per route; load ${loadAverage()}`);
  for (const [route, selector] of Object.entries(VIEWS)) {
    const rows = [];
    for (let i = 0; i < runs; i++) rows.push(await once(route, selector));
    const cols = ['dcl', 'load', 'view'].map((k) => `${k} ${summary(rows.map((r) => r[k]))}`);
    console.log(`#/${route.padEnd(12)} ${cols.join('  ')}`);
  }
  console.log(`load after: ${loadAverage()}`);
} finally {
  await stop();
}
