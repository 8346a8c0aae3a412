import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import App from '../src/App.svelte';
import { PANELS } from '../src/lib/panels.svelte.js';

describe('App', () => {
  it('renders the title, the placeholder sentence and a button per panel', () => {
    const { body } = render(App);
    expect(body).toContain('<h1>gradflow playground</h1>');
    expect(body).toMatch(/panels .* come next/);
    for (const panel of PANELS) expect(body).toContain(panel.title);
    expect(body).toContain('aria-pressed="true"');
  });
});
