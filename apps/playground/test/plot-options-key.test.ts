import { describe, expect, it } from 'vitest';
import { optionsKey, type PlotSpec } from '../src/lib/plot/index.js';

const spec = (patch: Partial<PlotSpec> = {}, values = [1, 2, 3]): PlotSpec => ({
  x: [0, 1, 2],
  series: [{ label: 'loss', values, dash: [6, 4] }],
  xLabel: 'step',
  yLabel: 'loss',
  logY: true,
  ...patch,
});

describe('plot options key', () => {
  it('ignores the data, so new values only redraw the chart', () => {
    expect(optionsKey(spec({ x: [0, 5, 9, 12] }, [3, 2, 1, 0.5]))).toBe(optionsKey(spec()));
  });

  it('changes with anything that shapes the options', () => {
    const base = optionsKey(spec());
    expect(optionsKey(spec({ logY: false }))).not.toBe(base);
    expect(optionsKey(spec({ yLabel: 'error' }))).not.toBe(base);
    expect(optionsKey(spec({ bands: [{ from: 0, to: 1 }] }))).not.toBe(base);
    expect(
      optionsKey(spec({ series: [{ label: 'loss', values: [1, 2, 3], color: '#000' }] })),
    ).not.toBe(base);
  });
});
