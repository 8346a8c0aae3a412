// @vitest-environment jsdom
import { cleanup, render, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import Tex from '../src/lib/Tex.svelte';
import { loadKatex, renderTex } from '../src/lib/tex.js';

afterEach(cleanup);

describe('renderTex', () => {
  it('renders HTML with MathML for screen readers', async () => {
    const html = await renderTex('\\sigma(x) = \\frac{1}{1 + e^{-x}}');
    expect(html).toContain('class="katex"');
    expect(html).toContain('<math');
    expect(html).toContain('<mfrac>');
  });

  it('shows a malformed formula in place instead of throwing', async () => {
    const html = await renderTex('\\frac{1}{');
    expect(html).toContain('katex-error');
  });

  it('renders display style on request and loads KaTeX once', async () => {
    expect(await renderTex('x', { display: true })).toContain('katex-display');
    expect(loadKatex()).toBe(loadKatex());
  });
});

describe('Tex', () => {
  it('shows the source until KaTeX has loaded, then the typeset formula', async () => {
    const { container, rerender } = render(Tex, { tex: 'e^{x}' });
    await waitFor(() => expect(container.querySelector('.katex')).not.toBeNull());
    expect(container.querySelector('annotation')!.textContent).toBe('e^{x}');
    await rerender({ tex: '\\tanh(x)', display: true });
    await waitFor(() =>
      expect(container.querySelector('annotation')?.textContent).toBe('\\tanh(x)'),
    );
    expect(container.querySelector('.display')).not.toBeNull();
  });
});
