/**
 * Helpers for end-to-end tests. `useApp()` (called at the top of a test file) connects to the one
 * chromium started by global-setup.ts, opens one page for the whole file (pages are reused, so a
 * run stays light on memory and CPU), records console errors and uncaught exceptions, and fails
 * every test after which the page logged one.
 *
 * The CSP stays on: the built index.html forbids inline scripts and eval, and the tests must see
 * the app under that policy. So axe-core is not injected as a <script> (an inline script would be
 * blocked, and `bypassCSP` would switch the policy off for the very page under test); its source is
 * evaluated through the DevTools protocol (`page.evaluate`), which the page's CSP does not govern,
 * just as code typed into the DevTools console is not.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { formatHash, type RouteId } from '../../src/lib/routes.js';

export const DESKTOP = { width: 1280, height: 800 } as const;
export const MOBILE = { width: 390, height: 844 } as const;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

export interface App {
  /** The page, shared by every test in the file. */
  readonly page: Page;
  /** Console errors and uncaught exceptions since the last `open` (each test must leave none). */
  readonly errors: string[];
  /** Loads the built app afresh at a view with URL state (a full page load, not a hash change). */
  open(route: RouteId, params?: Readonly<Record<string, string>>): Promise<void>;
  /** Loads a raw hash (e.g. a shared link) afresh. */
  openHash(hash: string): Promise<void>;
  /** axe-core's serious and critical WCAG 2 A/AA violations on the current page. */
  axe(): Promise<AxeViolation[]>;
}

/**
 * Waits until the page is quiet: no network requests for 500 ms (lazy chunks, fonts) and no
 * element marked `aria-busy="true"` (views set it while a worker computes a layout or a plot).
 */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/** Registers the hooks that give a test file its page; use the returned object inside tests. */
export function useApp(options: { viewport?: { width: number; height: number } } = {}): App {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const errors: string[] = [];
  const baseUrl = inject('baseUrl');

  beforeAll(async () => {
    browser = await chromium.connect(inject('wsEndpoint'));
    context = await browser.newContext({ viewport: options.viewport ?? DESKTOP });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  });

  afterEach(() => {
    const seen = errors.splice(0);
    expect(seen, 'the page logged errors').toEqual([]);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  const openHash = async (hash: string) => {
    const p = app.page;
    errors.length = 0;
    await p.goto('about:blank');
    await p.goto(`${baseUrl}${hash}`, { waitUntil: 'load' });
    await p.locator('main').waitFor();
  };

  const app: App = {
    get page() {
      if (!page) throw new Error('useApp(): the page exists only inside tests and hooks');
      return page;
    },
    errors,
    openHash,
    open: (route, params = {}) => openHash(formatHash(route, params)),
    async axe() {
      axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
      const p = app.page;
      if (!(await p.evaluate(() => 'axe' in window))) await p.evaluate(axeSource);
      const violations = await p.evaluate(async () => {
        const axe = (window as unknown as { axe: AxeApi }).axe;
        const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
        const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          targets: v.nodes.map((n) => n.target.join(' ')),
        }));
      });
      return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    },
  };
  return app;
}

/** The slice of axe-core's API the harness uses (axe runs in the page, not in Node). */
interface AxeApi {
  run(
    context: Document,
    options: { runOnly: { type: 'tag'; values: string[] } },
  ): Promise<{
    violations: {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: string[] }[];
    }[];
  }>;
}
