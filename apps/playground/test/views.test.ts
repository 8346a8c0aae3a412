import { describe, expect, it } from 'vitest';
import { ROUTES } from '../src/lib/routes.js';
import { loadView } from '../src/lib/views.js';

describe('lazily loaded views', () => {
  it('loads a component for every route, once', async () => {
    for (const route of ROUTES) {
      const first = loadView(route.id);
      expect(loadView(route.id)).toBe(first);
      const view = await first;
      expect(typeof view.default).toBe('function');
    }
  });

  it('gives each route its own component', async () => {
    const views = await Promise.all(ROUTES.map((r) => loadView(r.id)));
    expect(new Set(views.map((v) => v.default)).size).toBe(ROUTES.length);
  });
});
