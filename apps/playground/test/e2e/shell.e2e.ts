import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/lib/routes.js';
import { MOBILE, settle, useApp } from './harness.js';

describe('the built app in chromium', () => {
  const app = useApp();

  it('ships a Content-Security-Policy without unsafe-eval or unsafe-inline scripts', async () => {
    await app.open('graph');
    const csp = await app.page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    const scriptSrc = csp?.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(scriptSrc).not.toContain("'unsafe-inline'");
  });

  it('enforces that CSP: an inline script the page adds is refused and reported', async () => {
    await app.open('graph');
    // (Code run through the DevTools protocol is exempt from CSP, so the test makes the page add
    // an inline <script>, which script-src without 'unsafe-inline' must block.)
    const outcome = await app.page.evaluate(
      () =>
        new Promise<{ ran: boolean; directive: string }>((done) => {
          const w = window as unknown as { inlineRan?: boolean };
          document.addEventListener('securitypolicyviolation', (e) =>
            done({ ran: w.inlineRan === true, directive: e.effectiveDirective }),
          );
          const script = document.createElement('script');
          script.textContent = 'window.inlineRan = true';
          document.head.append(script);
        }),
    );
    expect(outcome).toEqual({ ran: false, directive: 'script-src-elem' });
    // Chromium logs the refusal as a console error: expected here, so not a failure.
    expect(app.errors.splice(0).join('\n')).toMatch(/Content Security Policy/);
  });

  it('the axe helper reports a critical violation when there is one', async () => {
    await app.open('graph');
    await app.page.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      document.querySelector('main')?.append(img);
    });
    const ids = (await app.axe()).map((v) => v.id);
    expect(ids).toContain('image-alt');
  });

  it("loads a view's code only when the view is opened", async () => {
    const requested: string[] = [];
    const record = (r: { url(): string }) => requested.push(new URL(r.url()).pathname);
    app.page.on('request', record);
    try {
      await app.open('train');
      await settle(app.page);
      const chunks = () => requested.filter((u) => /\/assets\/\w+Route-[^/]*\.js$/.test(u));
      expect(chunks().map((u) => /(\w+Route)-/.exec(u)![1])).toEqual(['TrainRoute']);
      expect(requested.some((u) => /katex/i.test(u))).toBe(false);
      await app.page.getByRole('link', { name: 'Graph' }).click();
      await app.page.getByTestId('graph-node').first().waitFor();
      expect(chunks().some((u) => u.includes('/GraphRoute-'))).toBe(true);
      expect(chunks().some((u) => /\/(Activations|Flow)Route-/.test(u))).toBe(false);
    } finally {
      app.page.off('request', record);
    }
  });

  for (const route of ROUTES) {
    it(`#/${route.id} loads with its navigation and no console errors`, async () => {
      await app.open(route.id);
      await expect
        .poll(() => app.page.locator('nav a[aria-current="page"]').textContent())
        .toBe(route.title);
      expect(await app.page.title()).toContain('gradflow');
    });

    it(`#/${route.id} has no serious or critical axe-core violation`, async () => {
      await app.open(route.id);
      expect(await app.axe()).toEqual([]);
    });
  }
});

describe('the built app on a phone-sized screen', () => {
  const app = useApp({ viewport: MOBILE });

  it('lays out every route without horizontal scrolling', async () => {
    for (const route of ROUTES) {
      await app.open(route.id);
      const overflow = await app.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `#/${route.id} scrolls sideways`).toBeLessThanOrEqual(0);
    }
  });
});
