// @vitest-environment jsdom
import './helpers/dom-stubs.js';
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { Plot, type PlotSpec } from '../src/lib/plot/index.js';

afterEach(cleanup);

const spec: PlotSpec = {
  x: Array.from({ length: 21 }, (_, i) => i - 10),
  series: [
    { label: 'f', values: Array.from({ length: 21 }, (_, i) => Math.tanh(i - 10)) },
    { label: "f'", values: Array.from({ length: 21 }, (_, i) => 1 - Math.tanh(i - 10) ** 2) },
  ],
  xLabel: 'x',
  yLabel: 'value',
  bands: [{ from: -10, to: -3 }],
  bandLabel: "saturated: |f'| < 5% of max",
};

describe('Plot', () => {
  it('is an image with a description, a legend and a data table', async () => {
    render(Plot, { spec, title: 'tanh', testid: 'activation-plot' });
    const img = screen.getByRole('img');
    expect(img.getAttribute('aria-label')).toBe(
      "tanh: f, f' against x from -10 to 10; 1 shaded range (saturated: |f'| < 5% of max)",
    );
    const figure = screen.getByTestId('activation-plot');
    const legend = Array.from(figure.querySelectorAll('.legend li'), (li) =>
      li.textContent!.trim(),
    );
    expect(legend).toEqual(['f', "f'", "saturated: |f'| < 5% of max"]);
    const table = screen.getByRole('table');
    expect(table.querySelector('caption')!.textContent).toBe(
      "tanh: f from -1 to 1; f' from 8.24e-9 to 1",
    );
    expect(table.querySelectorAll('tbody tr')).toHaveLength(11);
    // uPlot arrives lazily and draws into the host.
    await waitFor(() => expect(img.querySelector('.uplot canvas')).not.toBeNull());
  });

  it('redraws when the spec changes', async () => {
    const view = render(Plot, { spec, title: 'tanh' });
    await waitFor(() => expect(document.querySelector('.uplot')).not.toBeNull());
    await view.rerender({ spec: { ...spec, series: [spec.series[0]!], bands: [] }, title: 'tanh' });
    await waitFor(() => expect(document.querySelectorAll('.uplot')).toHaveLength(1));
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe(
      'tanh: f against x from -10 to 10',
    );
  });
});
