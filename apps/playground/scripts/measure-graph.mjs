#!/usr/bin/env node
/**
 * How long the graph view takes from the last keystroke to a ~300-node expanded graph in the DOM,
 * on the built site (`vite preview`) in headless Chromium. Build first, then run from anywhere:
 *
 *   pnpm --filter @gradflow/playground build
 *   node apps/playground/scripts/measure-graph.mjs [--runs 7] [--expr '...'] [--dist path]
 *
 * Each run opens the page afresh at a small graph (`x`) with every composite of the measured
 * expression expanded in the URL, types the expression up to its last character (a parse error,
 * so nothing is laid out), waits, then types the last character and times it:
 *   - cold:   the first layout of that graph in the page (nothing cached);
 *   - cached: the same page switches to `x` and back, so the layout comes from the cache.
 * Reported per case, median (min-max) of the runs, in ms from the keydown:
 *   dom = every node in the DOM, paint = the next frame after that, and the app's own
 *   performance measures gradflow:layout (ELK round trip) and gradflow:draw (+ Svelte rendering),
 *   which start when the graph is committed (after the typing debounce and the parse/trace).
 * The load average is printed alongside: the numbers mean little on a busy machine.
 */
import { parseArgs } from 'node:util';
import { loadAverage, start, summary } from './measure-common.mjs';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    expr: { type: 'string', default: 'gelu(x) * mish(y) + softmax([x, y, 1]) + swish(x)' },
    // another build to compare with (vite build --outDir ...); default apps/playground/dist
    dist: { type: 'string' },
  },
});
const runs = Number(args.runs);
const expr = args.expr;
if (!expr.endsWith(')')) throw new Error('measure-graph: --expr must end with ")"');

const { base, browser, stop } = await start(args.dist);
const graphUrl = (params) => `${base}#/graph?${new URLSearchParams({ v: '1', ...params })}`;
const nodes = '[data-testid="graph-node"]';

/** The `open` parameter that expands every composite of `expr`, and the node count it draws. */
async function expandedState() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(graphUrl({ expr }));
  await page.waitForSelector(nodes);
  await page.getByRole('button', { name: 'Expand all' }).click();
  await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null);
  await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null);
  const open = new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('open') ?? '';
  const count = await page.locator(nodes).count();
  await page.close();
  return { open, count };
}

/** Types the expression's last character and times the graph's arrival (see the header). */
async function timeLastKeystroke(page, count) {
  const input = page.getByTestId('expression-input');
  await input.fill(expr.slice(0, -1));
  await page.getByTestId('expression-error').waitFor();
  await page.waitForTimeout(1500);
  await page.evaluate((count) => {
    performance.clearMeasures();
    const input = document.querySelector('[data-testid="expression-input"]');
    const w = window;
    w.__measure = new Promise((done) => {
      let start = 0;
      input.addEventListener('keydown', () => (start = performance.now()), { once: true });
      const observer = new MutationObserver(() => {
        if (start === 0 || document.querySelectorAll('[data-testid="graph-node"]').length !== count)
          return;
        observer.disconnect();
        const dom = performance.now() - start;
        requestAnimationFrame(() =>
          setTimeout(() => {
            const measure = (name) => performance.getEntriesByName(name)[0]?.duration ?? NaN;
            done({
              dom,
              paint: performance.now() - start,
              layout: measure('gradflow:layout'),
              draw: measure('gradflow:draw'),
            });
          }),
        );
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
  }, count);
  await page.keyboard.press(expr.at(-1));
  return page.evaluate(() => window.__measure);
}

try {
  const { open, count } = await expandedState();
  console.log(
    `expression: ${expr}\nexpanded: ${count} drawn nodes; ${runs} runs; load ${loadAverage()}`,
  );
  const cold = [];
  const cached = [];
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(graphUrl({ expr: 'x', open }));
    await page.waitForSelector(nodes);
    await page.getByTestId('expression-input').focus();
    cold.push(await timeLastKeystroke(page, count));
    await page.getByTestId('expression-input').fill('x');
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll(n).length < 10, nodes);
    cached.push(await timeLastKeystroke(page, count));
    await page.close();
  }
  for (const [name, rows] of [
    ['cold', cold],
    ['cached', cached],
  ]) {
    const cols = ['dom', 'paint', 'layout', 'draw'].map(
      (k) => `${k} ${summary(rows.map((r) => r[k]))}`,
    );
    console.log(`${name.padEnd(6)}  ${cols.join('  ')}`);
  }
  console.log(`load after: ${loadAverage()}`);
} finally {
  await stop();
}
