import { describe, expect, it } from 'vitest';
import { MOBILE, useApp, type App } from './harness.js';

/** The number in the train-loss element (NaN while there is none yet). */
async function loss(app: App): Promise<number> {
  const text = await app.page.getByTestId('train-loss').textContent();
  return text === null || text.trim() === '' ? NaN : Number(text);
}

/** Waits (bounded, generously: the machine may be slow) until the first loss is shown. */
async function firstLoss(app: App): Promise<number> {
  await expect.poll(() => loss(app), { timeout: 60_000 }).toBeGreaterThan(0);
  return loss(app);
}

describe('#/train in chromium', () => {
  const app = useApp();

  it('trains in the Web Worker under the CSP: play lowers the loss, pause stops it', async () => {
    await app.open('train', {
      data: 'xor',
      opt: 'adam',
      lr: '0.03',
      layers: '4,4',
      act: 'tanh,tanh',
    });
    const before = await firstLoss(app);
    const play = app.page.getByTestId('train-play');
    await play.click();
    await expect.poll(() => play.textContent(), { timeout: 30_000 }).toMatch(/Pause/);
    await expect
      .poll(() => loss(app), { timeout: 120_000, interval: 250 })
      .toBeLessThan(before * 0.5);
    await play.click();
    await expect.poll(() => play.textContent(), { timeout: 30_000 }).toMatch(/Play/);
    // Paused: once the frames under way have arrived, the step counter stays where it is.
    const step = () => app.page.locator('dt', { hasText: 'Step' }).locator('+ dd').textContent();
    let last: string | null = null;
    await expect
      .poll(
        async () => {
          const now = await step();
          const same = now === last;
          last = now;
          return same;
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(true);
    const stopped = await step();
    await app.page.waitForTimeout(1000);
    expect(await step()).toBe(stopped);
    expect(Number(stopped)).toBeGreaterThan(0);
  });

  it('step and reset work from the keyboard', async () => {
    await app.open('train');
    const before = await firstLoss(app);
    const stepButton = app.page.getByRole('button', { name: 'Step', exact: true });
    await stepButton.focus();
    await app.page.keyboard.press('Enter');
    const stepCount = app.page.locator('dt', { hasText: 'Step' }).locator('+ dd');
    await expect.poll(() => stepCount.textContent(), { timeout: 30_000 }).toBe('1');
    await app.page.keyboard.press('Tab');
    await expect(
      app.page.evaluate(() => document.activeElement?.textContent?.trim()),
    ).resolves.toBe('Reset');
    await app.page.keyboard.press('Enter');
    await expect.poll(() => stepCount.textContent(), { timeout: 30_000 }).toBe('0');
    expect(await loss(app)).toBe(before);
  });

  it('settings changed in the page are in the URL, and reloading that URL restores them', async () => {
    await app.open('train');
    await firstLoss(app);
    await app.page.getByRole('button', { name: 'Spiral' }).click();
    await app.page.getByLabel('Activation, layer 2').selectOption('relu');
    await app.page.getByRole('button', { name: 'Add layer' }).click();
    await app.page.getByLabel('Optimizer').selectOption('rmsprop');
    await app.page.getByLabel('Show test data').check();
    await expect.poll(() => app.page.url()).toContain('opt=rmsprop');
    const url = new URL(app.page.url());
    expect(url.hash).toContain('data=spiral');
    expect(url.hash).toContain('act=tanh%2Crelu%2Crelu');

    await app.openHash(url.hash);
    await firstLoss(app);
    expect(
      await app.page.getByRole('button', { name: 'Spiral' }).getAttribute('aria-pressed'),
    ).toBe('true');
    await expect(app.page.getByLabel('Activation, layer 3').inputValue()).resolves.toBe('relu');
    await expect(app.page.getByLabel('Optimizer').inputValue()).resolves.toBe('rmsprop');
    expect(await app.page.getByLabel('Show test data').isChecked()).toBe(true);
  });

  it('has no serious or critical axe-core violation, before and after training', async () => {
    await app.open('train', { test: '1' });
    await firstLoss(app);
    expect(await app.axe()).toEqual([]);
    await app.page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect
      .poll(() => app.page.locator('dt', { hasText: 'Step' }).locator('+ dd').textContent())
      .toBe('1');
    expect(await app.axe()).toEqual([]);
  });
});

describe('#/train on a phone-sized screen', () => {
  const app = useApp({ viewport: MOBILE });

  it('shows the decision boundary first, trains, fits the width and passes axe', async () => {
    await app.open('train');
    const before = await firstLoss(app);
    const plot = await app.page.getByRole('img', { name: /Decision boundary/ }).boundingBox();
    expect(plot!.width).toBeGreaterThan(250);
    expect(plot!.x + plot!.width).toBeLessThanOrEqual(MOBILE.width);
    await app.page.getByTestId('train-play').click();
    await expect.poll(() => loss(app), { timeout: 120_000, interval: 250 }).toBeLessThan(before);
    await app.page.getByTestId('train-play').click();
    const overflow = await app.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, 'the page scrolls sideways').toBeLessThanOrEqual(0);
    expect(await app.axe()).toEqual([]);
  });
});
