import { describe, expect, it } from 'vitest';
import { settle, useApp } from './harness.js';

describe('the activation gallery in chromium', () => {
  const app = useApp();

  it('plots every activation and switches between them', async () => {
    await app.open('activations');
    const select = app.page.getByTestId('activation-select');
    const ids = await select
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(ids.length).toBeGreaterThanOrEqual(30);
    const plot = app.page.getByTestId('activation-plot');
    for (const id of ids) {
      await select.selectOption(id);
      await expect
        .poll(() => plot.locator('[role="img"]').getAttribute('aria-label'))
        .toMatch(new RegExp(`^${id}, its derivatives: ${id}\\(x\\), f' \\(autodiff\\)`));
      // The label is set with the numbers; the canvas comes with uPlot's (lazy) drawing after it.
      await expect.poll(() => plot.locator('.uplot canvas').count()).toBe(1);
      const error = app.page.getByTestId('activation-error');
      if ((await error.count()) > 0) {
        // "max |difference| 1.1e-16 over 961 points": autodiff's f' against the analytic one.
        const max = Number(/difference\| (\S+) over/.exec((await error.textContent()) ?? '')?.[1]);
        expect(max, `${id}: autodiff f' differs from the analytic f'`).toBeLessThan(1e-9);
      }
    }
    expect(app.page.url()).toContain(`a=${ids[ids.length - 1]}`);
  });

  it('restores a shared link, and the state set with the keyboard survives a reload', async () => {
    await app.open('activations', { a: 'elu', 'p.alpha': '1.5', c: 'tanh', x0: '-3', x1: '4' });
    const page = app.page;
    await expect.poll(() => page.getByTestId('activation-select').inputValue()).toBe('elu');
    expect(await page.getByLabel('alpha').inputValue()).toBe('1.5');
    expect(await page.getByLabel('Compare with').inputValue()).toBe('tanh');
    expect(await page.getByRole('spinbutton', { name: 'x from' }).inputValue()).toBe('-3');
    expect(await page.getByRole('spinbutton', { name: 'x to' }).inputValue()).toBe('4');
    await expect.poll(() => page.locator('.legend li', { hasText: 'tanh(x)' }).count()).toBe(1);

    // Keyboard only: the alpha slider one step right (0.05), then reload the URL it wrote.
    await page.getByLabel('alpha').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.url()).toContain('p.alpha=1.55');
    await app.openHash(new URL(page.url()).hash);
    await expect.poll(() => page.getByLabel('alpha').inputValue()).toBe('1.55');
    expect(await page.getByTestId('activation-select').inputValue()).toBe('elu');
    expect(await page.locator('pre code').first().textContent()).toContain(
      'activation: (x) => elu(x, { alpha: 1.55 })',
    );
  });

  it('typesets the formula and has no serious or critical axe-core violation', async () => {
    await app.open('activations', { a: 'softmax', c: 'sigmoid' });
    await settle(app.page);
    await expect.poll(() => app.page.locator('.katex').count()).toBeGreaterThanOrEqual(2);
    expect(await app.page.getByText(/softmax on the pair \(x, 0\)/).count()).toBe(1);
    expect(await app.axe()).toEqual([]);
  });
});
