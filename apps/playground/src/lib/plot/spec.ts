/*
 * What a plot shows, as plain data, and the pure functions that turn it into uPlot's options and
 * data and into a text summary for screen readers. The Plot component only wires these to uPlot.
 */
import type uPlot from 'uplot';
import { formatNumber } from '../ui/ids.js';

/** Colour-blind-safe series colours (Okabe & Ito): blue, orange, green, vermillion, purple, sky. */
export const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#d55e00', '#cc79a7', '#56b4e9'] as const;

export interface PlotSeries {
  label: string;
  /** One value per x; non-finite values (and non-positive ones on a log scale) leave a gap. */
  values: ArrayLike<number>;
  /** Defaults to the palette colour of the series' position. */
  color?: string;
  /** Canvas dash pattern, e.g. [6, 4] for an overlay. */
  dash?: number[];
  width?: number;
  /** Draw points only (no line), e.g. for a handful of measurements. */
  points?: boolean;
}

/** A shaded x-range, e.g. where an activation saturates. */
export interface PlotBand {
  from: number;
  to: number;
}

export interface PlotSpec {
  /** Increasing x values shared by every series. */
  x: ArrayLike<number>;
  series: PlotSeries[];
  xLabel: string;
  yLabel: string;
  /** Logarithmic y axis (base 10). */
  logY?: boolean;
  /** A fixed y range; otherwise fitted to the data. */
  yRange?: [number, number];
  bands?: PlotBand[];
  /** What a band means, for the legend and summary ("saturated: |f'| < 5% of max"). */
  bandLabel?: string;
}

export const BAND_FILL = 'rgba(91, 91, 97, 0.14)';

export const seriesColor = (spec: PlotSpec, i: number): string =>
  spec.series[i]!.color ?? PALETTE[i % PALETTE.length]!;

/** A value uPlot can draw: finite, and positive on a log axis; otherwise null (a gap). */
export function plottable(v: number, logY: boolean): number | null {
  return Number.isFinite(v) && (!logY || v > 0) ? v : null;
}

/** uPlot's aligned data: [x, y1, y2, ...] with gaps as null. */
export function alignedData(spec: PlotSpec): uPlot.AlignedData {
  const logY = spec.logY ?? false;
  const x = Array.from(spec.x);
  const ys = spec.series.map((s) => {
    if (s.values.length !== x.length)
      throw new Error(
        `Plot: series "${s.label}" has ${s.values.length} values for ${x.length} x values`,
      );
    return Array.from(s.values, (v) => plottable(v, logY));
  });
  return [x, ...ys] as uPlot.AlignedData;
}

/** Pixel rectangles [left, width] of the bands within the plotting area [left, left + width]. */
export function bandRects(
  bands: readonly PlotBand[],
  toPx: (x: number) => number,
  area: { left: number; width: number },
): [number, number][] {
  const lo = area.left;
  const hi = area.left + area.width;
  const out: [number, number][] = [];
  for (const b of bands) {
    const a = Math.max(lo, Math.min(hi, toPx(b.from)));
    const z = Math.max(lo, Math.min(hi, toPx(b.to)));
    if (z > a) out.push([a, z - a]);
  }
  return out;
}

/** uPlot options for a spec at a size. The bands are filled under the series (drawAxes hook). */
export function plotOptions(spec: PlotSpec, width: number, height: number): uPlot.Options {
  const logY = spec.logY ?? false;
  const bands = spec.bands ?? [];
  const axis = { stroke: '#5b5b61', grid: { stroke: '#e6e6ea', width: 1 } };
  return {
    width,
    height,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: false },
      y: {
        distr: logY ? 3 : 1,
        ...(spec.yRange ? { range: spec.yRange } : {}),
      },
    },
    axes: [
      { ...axis, label: spec.xLabel },
      { ...axis, label: spec.yLabel, size: 56 },
    ],
    series: [
      { label: spec.xLabel },
      ...spec.series.map((s, i) => ({
        label: s.label,
        stroke: seriesColor(spec, i),
        width: s.width ?? 2,
        ...(s.dash ? { dash: s.dash } : {}),
        ...(s.points ? { paths: () => null, points: { show: true, size: 6 } } : {}),
        spanGaps: false,
      })),
    ],
    hooks: {
      drawAxes: [
        (u: uPlot) => {
          if (bands.length === 0) return;
          const { ctx } = u;
          const area = { left: u.bbox.left, width: u.bbox.width };
          ctx.save();
          ctx.fillStyle = BAND_FILL;
          for (const [left, w] of bandRects(bands, (x) => u.valToPos(x, 'x', true), area))
            ctx.fillRect(left, u.bbox.top, w, u.bbox.height);
          ctx.restore();
        },
      ],
    },
  };
}

/** Row indices of about `count` evenly spaced samples (always the first and last). */
export function sampleRows(length: number, count: number): number[] {
  if (length <= count) return Array.from({ length }, (_, i) => i);
  const rows = new Set<number>();
  for (let k = 0; k < count; k++) rows.add(Math.round((k * (length - 1)) / (count - 1)));
  return [...rows];
}

export interface SeriesSummary {
  label: string;
  min: number | null;
  max: number | null;
}

/** Smallest and largest drawable value of each series (null if it has none). */
export function summarize(spec: PlotSpec): SeriesSummary[] {
  const logY = spec.logY ?? false;
  return spec.series.map((s) => {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < s.values.length; i++) {
      const v = plottable(s.values[i]!, logY);
      if (v === null) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return min <= max ? { label: s.label, min, max } : { label: s.label, min: null, max: null };
  });
}

/** One sentence describing the plot, for aria-label. */
export function describePlot(spec: PlotSpec, title: string): string {
  const n = spec.x.length;
  const x0 = n ? formatNumber(spec.x[0]!) : '';
  const x1 = n ? formatNumber(spec.x[n - 1]!) : '';
  const names = spec.series.map((s) => s.label).join(', ');
  const scale = spec.logY ? ', logarithmic y axis' : '';
  const bands = spec.bands?.length
    ? `; ${spec.bands.length} shaded range${spec.bands.length > 1 ? 's' : ''}${spec.bandLabel ? ` (${spec.bandLabel})` : ''}`
    : '';
  return `${title}: ${names} against ${spec.xLabel} from ${x0} to ${x1}${scale}${bands}`;
}
