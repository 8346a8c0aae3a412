import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DESKTOP, MOBILE, settle, useApp } from './harness.js';

const outDir = resolve(fileURLToPath(import.meta.url), '../../../../../docs/screenshots');

/** A spiral with extra features: after some training its boundary shows the arms. */
const STATE = {
  data: 'spiral',
  noise: '0.1',
  feat: 'x1,x2,x1sq,x2sq,sinx1,sinx2',
  layers: '8,8,4',
  act: 'tanh,tanh,tanh',
  opt: 'adam',
  lr: '0.03',
  test: '1',
};

// The training view's screenshots are taken after training (until the loss is below 0.35), so
// the decision boundary, the loss curves and the gradient norms show.
describe('train screenshots', () => {
  const app = useApp();
  mkdirSync(outDir, { recursive: true });

  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['mobile', MOBILE],
  ] as const) {
    it(`train-${size}.png after training`, async () => {
      await app.page.setViewportSize(viewport);
      await app.open('train', STATE);
      await settle(app.page);
      const loss = async () => Number(await app.page.getByTestId('train-loss').textContent());
      await app.page.getByTestId('train-play').click();
      await expect.poll(loss, { timeout: 90_000, interval: 500 }).toBeLessThan(0.35);
      await app.page.getByTestId('train-play').click();
      await app.page.waitForTimeout(500);
      const png = await app.page.screenshot({ path: resolve(outDir, `train-${size}.png`) });
      expect(png.length).toBeGreaterThan(0);
    });
  }
});
