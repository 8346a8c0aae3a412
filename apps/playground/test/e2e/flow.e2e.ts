import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MOBILE, settle, useApp } from './harness.js';

/** A number the lab shows, read from the element's data-value. */
async function shown(page: Page, testid: string): Promise<number> {
  const v = await page.getByTestId(testid).getAttribute('data-value');
  return Number(v);
}

/** Waits until the measurement of the current settings is on the page. */
async function measured(page: Page, status: RegExp): Promise<void> {
  await settle(page);
  await expect.poll(() => page.getByTestId('flow-status').textContent()).toMatch(status);
}

describe('the gradient-flow lab in chromium', () => {
  const app = useApp();

  it("the logistic preset shows vanishing gradients, and Glorot's initializer removes the saturation", async () => {
    await app.open('flow', { preset: 'logistic' });
    const page = app.page;
    await measured(page, /10 × 100\s+sigmoid, RandomNormal\(0, 1\), batch 256/);
    // The worker measured it under the CSP; the numbers are read from the page.
    const ratio = await shown(page, 'flow-first-kernel-ratio');
    const saturated = await shown(page, 'flow-saturated');
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThan(0.2); // ‖∂W₁‖ / ‖∂W_out‖: the first layer gets far less gradient
    expect(saturated).toBeGreaterThan(0.4); // about half of the logistic units saturate
    expect(await page.getByTestId('flow-chart').locator('.uplot').count()).toBe(3);
    expect(await page.getByTestId('flow-layer-row').count()).toBe(11);
    expect(await page.getByTestId('flow-preset').textContent()).toContain('Glorot & Bengio (2010)');

    await page.getByRole('button', { name: 'Glorot uniform' }).click();
    await measured(page, /sigmoid, glorot_uniform/);
    expect(await shown(page, 'flow-saturated')).toBeLessThan(0.05);
    expect(page.url()).toContain('init=glorot_uniform');
  });

  it('restores a shared link and survives a reload', async () => {
    await app.open('flow', { preset: 'tanh', depth: '5', init: 'he_normal', batch: '64' });
    const page = app.page;
    await measured(page, /5 × 100\s+tanh, he_normal, batch 64/);
    expect(await page.getByLabel('Depth (hidden layers)').inputValue()).toBe('5');
    expect(await page.getByLabel('Kernel initializer (hidden layers)').inputValue()).toBe(
      'he_normal',
    );
    expect(await page.getByTestId('flow-preset').textContent()).toMatch(/changed the settings/);
    const before = await shown(page, 'flow-gradient-factor');
    await app.openHash(new URL(page.url()).hash);
    await measured(page, /5 × 100\s+tanh, he_normal, batch 64/);
    expect(await shown(page, 'flow-gradient-factor')).toBe(before);
  });

  it('has no serious or critical axe-core violation with results shown', async () => {
    await app.open('flow', { preset: 'exploding' });
    await measured(app.page, /18 × 32\s+relu, RandomNormal\(0, 0.3\)/);
    expect(await app.page.getByText('after clipnorm 1').count()).toBeGreaterThan(0);
    expect(await app.axe()).toEqual([]);
  });
});

describe('the gradient-flow lab on a phone', () => {
  const app = useApp({ viewport: MOBILE });

  it('shows the charts without horizontal scrolling', async () => {
    await app.open('flow', { preset: 'exploding' });
    await measured(app.page, /18 × 32/);
    const overflow = await app.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await app.axe()).toEqual([]);
  });
});
