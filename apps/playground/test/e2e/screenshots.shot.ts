import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/lib/routes.js';
import { DESKTOP, MOBILE, settle, useApp } from './harness.js';

const outDir = resolve(fileURLToPath(import.meta.url), '../../../../../docs/screenshots');

describe('screenshots', () => {
  const app = useApp();
  mkdirSync(outDir, { recursive: true });

  for (const route of ROUTES) {
    for (const [size, viewport] of [
      ['desktop', DESKTOP],
      ['mobile', MOBILE],
    ] as const) {
      it(`${route.id}-${size}.png`, async () => {
        await app.page.setViewportSize(viewport);
        await app.open(route.id);
        await settle(app.page);
        const path = resolve(outDir, `${route.id}-${size}.png`);
        const png = await app.page.screenshot({ path });
        expect(png.length).toBeGreaterThan(0);
      });
    }
  }
});
