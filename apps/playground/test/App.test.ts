import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import App from '../src/App.svelte';
import { ROUTES } from '../src/lib/routes.js';

describe('App shell', () => {
  it('renders a link per view and marks the current one', () => {
    const { body } = render(App);
    for (const route of ROUTES) expect(body).toContain(`href="#/${route.id}"`);
    expect(body).toContain('aria-current="page"');
  });

  it("shows a loading state while the view's code is fetched", () => {
    const { body } = render(App);
    expect(body).toContain('data-testid="view-loading"');
    expect(body).toContain('aria-busy="true"');
  });
});
