import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ROUTES, type RouteId } from '../../src/lib/routes.js';
import { DESKTOP, MOBILE, settle, useApp } from './harness.js';

/**
 * Per-view URL state and steps that put a view into the state its screenshot shows (views not
 * listed are shot at their defaults).
 */
const scenes: Partial<
  Record<RouteId, { params: Record<string, string>; prepare?: (page: Page) => Promise<void> }>
> = {
  graph: {
    params: { expr: 'sigmoid(x) * y', 'val.x': '-1', 'val.y': '2' },
    prepare: async (page) => {
      await page
        .locator('[data-testid="graph-node"][data-op="sigmoid"][data-phase="forward"]')
        .click();
      await settle(page);
      // by keyboard: on a phone the node may lie outside the visible part of the canvas
      await page
        .locator('[data-testid="graph-node"][data-op="exp"][data-phase="forward"]')
        .first()
        .focus();
      await page.keyboard.press(' ');
    },
  },
};

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
        const scene = scenes[route.id];
        await app.open(route.id, scene?.params);
        await settle(app.page);
        if (scene?.prepare) {
          await scene.prepare(app.page);
          await settle(app.page);
        }
        const path = resolve(outDir, `${route.id}-${size}.png`);
        const png = await app.page.screenshot({ path });
        expect(png.length).toBeGreaterThan(0);
      });
    }
  }
});
