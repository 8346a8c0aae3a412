// @vitest-environment jsdom
import './helpers/dom-stubs.js';
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as gallery from '../src/routes/activations/gallery.js';
import ActivationsRoute from '../src/routes/activations/ActivationsRoute.svelte';

// Count the computations (under jsdom they run on the main thread, through gallery.ts).
vi.mock('../src/routes/activations/gallery.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/routes/activations/gallery.js')>();
  return { ...actual, computeGallery: vi.fn(actual.computeGallery) };
});

afterEach(cleanup);

describe('ActivationsRoute while a parameter slider is dragged', () => {
  it('computes a new activation at once, then only the value a drag stops at, even before the first answer', async () => {
    const computeGallery = vi.mocked(gallery.computeGallery);
    const { rerender } = render(ActivationsRoute, { params: { a: 'tanh' }, setParams: vi.fn() });
    await waitFor(() => expect(computeGallery).toHaveBeenCalledTimes(1));
    // switch to elu and drag its alpha at once, faster than an answer comes
    for (const alpha of ['1', '1.1', '1.2', '1.3', '1.4', '1.5'])
      await rerender({ params: { a: 'elu', 'p.alpha': alpha } });
    await waitFor(() =>
      expect(screen.getByRole('img').getAttribute('aria-label')).toMatch(/^elu, its derivatives/),
    );
    await waitFor(() =>
      expect(computeGallery.mock.calls.at(-1)![0].params).toEqual({ alpha: 1.5 }),
    );
    const elu = computeGallery.mock.calls.filter(([s]) => s.id === 'elu');
    // the switch (at once) and where the drag stopped; never every step of the drag
    expect(elu.length).toBeLessThanOrEqual(2);
  });
});
