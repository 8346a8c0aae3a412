import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PALETTE,
  alignedData,
  bandRects,
  describePlot,
  plotOptions,
  sampleRows,
  summarize,
  type PlotSpec,
} from '../src/lib/plot/index.js';

const spec = (over: Partial<PlotSpec> = {}): PlotSpec => ({
  x: [0, 1, 2, 3],
  series: [
    { label: 'f', values: [1, 2, Number.NaN, 4] },
    { label: "f'", values: [0, -1, 3, 0.5], dash: [4, 2], color: '#123456' },
  ],
  xLabel: 'x',
  yLabel: 'y',
  ...over,
});

describe('plot data', () => {
  it('aligns series after x and turns non-finite values into gaps', () => {
    expect(alignedData(spec())).toEqual([
      [0, 1, 2, 3],
      [1, 2, null, 4],
      [0, -1, 3, 0.5],
    ]);
  });

  it('also gaps non-positive values on a log axis', () => {
    const [, a, b] = alignedData(spec({ logY: true }));
    expect(a).toEqual([1, 2, null, 4]);
    expect(b).toEqual([null, null, 3, 0.5]);
  });

  it('names the series whose length does not match x', () => {
    expect(() => alignedData(spec({ series: [{ label: 'g', values: [1] }] }))).toThrow(
      'Plot: series "g" has 1 values for 4 x values',
    );
  });
});

describe('plot options', () => {
  it('sets the log distribution, colours, dashes and labels', () => {
    const o = plotOptions(spec({ logY: true, yRange: [1e-3, 10] }), 500, 200);
    expect(o.width).toBe(500);
    expect(o.height).toBe(200);
    expect(o.scales!.y).toMatchObject({ distr: 3, range: [1e-3, 10] });
    expect(o.series[1]).toMatchObject({ label: 'f', stroke: PALETTE[0] });
    expect(o.series[2]).toMatchObject({ label: "f'", stroke: '#123456', dash: [4, 2] });
    expect(o.axes!.map((a) => a.label)).toEqual(['x', 'y']);
    expect(o.legend!.show).toBe(false);
  });

  it('uses a linear y scale by default', () => {
    expect(plotOptions(spec(), 100, 100).scales!.y!.distr).toBe(1);
  });
});

describe('bandRects', () => {
  const toPx = (x: number) => 10 + x * 100;
  it('clips bands to the plotting area and drops empty ones', () => {
    expect(
      bandRects(
        [
          { from: -5, to: 0.5 },
          { from: 2, to: 3 },
          { from: 0.7, to: 0.9 },
        ],
        toPx,
        { left: 10, width: 100 },
      ),
    ).toEqual([
      [10, 50],
      [80, 20],
    ]);
  });

  it('always stays inside the area', () => {
    const band = fc
      .tuple(
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
      )
      .map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) }));
    fc.assert(
      fc.property(fc.array(band, { maxLength: 5 }), (bands) => {
        for (const [left, w] of bandRects(bands, toPx, { left: 10, width: 100 })) {
          expect(w).toBeGreaterThan(0);
          expect(left).toBeGreaterThanOrEqual(10);
          expect(left + w).toBeLessThanOrEqual(110 + 1e-9);
        }
      }),
    );
  });
});

describe('plot summary', () => {
  it('samples evenly spaced rows including both ends', () => {
    expect(sampleRows(5, 11)).toEqual([0, 1, 2, 3, 4]);
    expect(sampleRows(101, 11)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 2000 }), fc.integer({ min: 2, max: 30 }), (n, k) => {
        const rows = sampleRows(n, k);
        expect(rows[0]).toBe(0);
        expect(rows[rows.length - 1]).toBe(n - 1);
        expect(rows.length).toBeLessThanOrEqual(k);
      }),
    );
  });

  it('reports each series range, skipping gaps', () => {
    expect(summarize(spec())).toEqual([
      { label: 'f', min: 1, max: 4 },
      { label: "f'", min: -1, max: 3 },
    ]);
    expect(
      summarize(spec({ series: [{ label: 'e', values: [-1, -1, 0, 0] }], logY: true })),
    ).toEqual([{ label: 'e', min: null, max: null }]);
  });

  it('describes the plot in one sentence', () => {
    expect(
      describePlot(spec({ bands: [{ from: 0, to: 1 }], bandLabel: 'saturated' }), 'tanh'),
    ).toBe("tanh: f, f' against x from 0 to 3; 1 shaded range (saturated)");
    expect(describePlot(spec({ logY: true }), 'flow')).toBe(
      "flow: f, f' against x from 0 to 3, logarithmic y axis",
    );
  });
});
