import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';

/** One line of a chart; points whose y is not finite (or not positive on a log axis) leave a gap. */
export interface Series {
  name: string;
  points: [number, number][];
  /** Drawn dashed (e.g. a theoretical prediction). */
  dashed?: boolean;
}

interface ChartBase {
  /** File name without extension, e.g. '1-logistic-gradients'. */
  file: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /** Fixed y domain (default: the data's extent, niced). */
  yDomain?: [number, number];
}

/** A line chart, written as `<file>.svg`. */
export interface LineChart extends ChartBase {
  kind?: 'line';
  /** 'log' for quantities spanning decades (gradient norms, second moments). */
  yScale?: 'linear' | 'log';
  series: Series[];
}

/** One bar, with an optional ± error whisker. */
export interface Bar {
  name: string;
  value: number;
  error?: number;
}

/** A bar chart (categories along x), written as `<file>.svg`. */
export interface BarChart extends ChartBase {
  kind: 'bar';
  bars: Bar[];
}

export type Chart = LineChart | BarChart;

/** Tableau 10, the categorical palette d3 ships as schemeTableau10. */
const COLORS = [
  '#4e79a7',
  '#f28e2c',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc949',
  '#af7aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ab',
];

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A log-axis tick: 0.001 to 1000 written out, other powers of ten as 1e-7, others with 2 significant digits. */
function logTick(t: number): string {
  const k = Math.log10(t);
  if (Math.abs(k) > 3.5)
    return Math.abs(k - Math.round(k)) < 1e-9 ? `1e${Math.round(k)}` : t.toExponential(1);
  return String(Number(t.toPrecision(2)));
}

interface Frame {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

/** The document head, title, horizontal grid with y ticks, plot border and axis labels. */
function frame(
  chart: ChartBase,
  f: Frame,
  y: (v: number) => number,
  yTicks: readonly number[],
  yFormat: (v: number) => string,
  yLabelSuffix = '',
): string[] {
  const { width, height, margin } = f;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  out.push(
    `<text x="${margin.left}" y="22" font-size="15" font-weight="600">${escape(chart.title)}</text>`,
  );
  for (const t of yTicks) {
    out.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e5e5e5"/>`,
    );
    out.push(
      `<text x="${margin.left - 6}" y="${y(t).toFixed(1)}" text-anchor="end" dominant-baseline="middle" fill="#444">${escape(yFormat(t))}</text>`,
    );
  }
  out.push(
    `<rect x="${margin.left}" y="${margin.top}" width="${width - margin.left - margin.right}" height="${height - margin.top - margin.bottom}" fill="none" stroke="#444"/>`,
  );
  out.push(
    `<text x="${(margin.left + width - margin.right) / 2}" y="${height - 12}" text-anchor="middle">${escape(chart.xLabel)}</text>`,
  );
  out.push(
    `<text transform="translate(16 ${(margin.top + height - margin.bottom) / 2}) rotate(-90)" text-anchor="middle">${escape(chart.yLabel)}${yLabelSuffix}</text>`,
  );
  return out;
}

/** A bar chart: one bar per category, value labels above, ± whiskers where given. */
function renderBars(chart: BarChart, width: number, height: number): string {
  if (chart.bars.length === 0 || chart.bars.some((b) => !Number.isFinite(b.value)))
    throw new Error(`renderSvg: bar chart ${JSON.stringify(chart.file)} needs finite values`);
  const f: Frame = { width, height, margin: { top: 40, right: 30, bottom: 70, left: 70 } };
  const { margin } = f;
  const tops = chart.bars.map((b) => b.value + (b.error ?? 0));
  const lows = chart.bars.map((b) => b.value - (b.error ?? 0));
  const y = scaleLinear()
    .domain(chart.yDomain ?? [Math.min(0, ...lows), Math.max(...tops)])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const out = frame(chart, f, y, y.ticks(6), y.tickFormat(6));
  const slot = (width - margin.left - margin.right) / chart.bars.length;
  const base = y(Math.max(y.domain()[0]!, 0));
  chart.bars.forEach((b, i) => {
    const cx = margin.left + slot * (i + 0.5);
    const w = slot * 0.6;
    const top = y(b.value);
    out.push(
      `<rect x="${(cx - w / 2).toFixed(1)}" y="${Math.min(top, base).toFixed(1)}" width="${w.toFixed(1)}" height="${Math.abs(base - top).toFixed(1)}" fill="${COLORS[i % COLORS.length]}"/>`,
    );
    const err = b.error ?? 0;
    if (err > 0) {
      const [hi, lo] = [y(b.value + err).toFixed(1), y(b.value - err).toFixed(1)];
      out.push(
        `<path d="M${cx.toFixed(1)} ${hi}V${lo}M${(cx - 5).toFixed(1)} ${hi}h10M${(cx - 5).toFixed(1)} ${lo}h10" stroke="#222" fill="none"/>`,
      );
    }
    out.push(
      `<text x="${cx.toFixed(1)}" y="${(Math.min(top, y(b.value + err)) - 6).toFixed(1)}" text-anchor="middle" font-size="11">${escape(String(Number(b.value.toPrecision(3))))}</text>`,
    );
    out.push(
      `<text transform="translate(${cx.toFixed(1)} ${height - margin.bottom + 14}) rotate(30)" font-size="11">${escape(b.name)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}

/** The chart as a standalone SVG document (scales from d3-scale, paths from d3-shape). */
export function renderSvg(chart: Chart, size: { width?: number; height?: number } = {}): string {
  const width = size.width ?? 760;
  const height = size.height ?? 420;
  if (chart.kind === 'bar') return renderBars(chart, width, height);
  const longest = Math.max(...chart.series.map((s) => s.name.length));
  const margin = {
    top: 40,
    right: Math.max(120, 56 + Math.ceil(6.8 * longest)),
    bottom: 50,
    left: 70,
  };
  const log = chart.yScale === 'log';
  const usable = (y: number) => Number.isFinite(y) && (!log || y > 0);
  const points = chart.series
    .flatMap((s) => s.points)
    .filter(([x, y]) => Number.isFinite(x) && usable(y));
  if (points.length === 0)
    throw new Error(`renderSvg: chart ${JSON.stringify(chart.file)} has no point to draw`);
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x = scaleLinear()
    .domain([Math.min(...xs), Math.max(...xs)])
    .nice()
    .range([margin.left, width - margin.right]);
  const yDomain = chart.yDomain ?? [Math.min(...ys), Math.max(...ys)];
  const lo = yDomain[0] === yDomain[1] ? (log ? yDomain[0] / 10 : yDomain[0] - 1) : yDomain[0];
  const hi = yDomain[0] === yDomain[1] ? (log ? yDomain[1] * 10 : yDomain[1] + 1) : yDomain[1];
  const y = (log ? scaleLog() : scaleLinear())
    .domain([lo, hi])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const clampY = (v: number) =>
    Math.max(margin.top - 5, Math.min(height - margin.bottom + 5, y(v)));

  const xTicks = x.ticks(8);
  const xFormat = x.tickFormat(8);
  const yFormat = log ? logTick : y.tickFormat(6);
  let yTicks = y.ticks(6);
  if (log) {
    const decades = yTicks.filter(
      (t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9,
    );
    yTicks =
      decades.length > 8
        ? decades.filter((_, i) => i % Math.ceil(decades.length / 8) === 0)
        : decades.length >= 2
          ? decades
          : yTicks;
  }
  const out = frame(
    chart,
    { width, height, margin },
    y,
    yTicks,
    yFormat,
    log ? ' (log scale)' : '',
  );
  for (const t of xTicks) {
    out.push(
      `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${height - margin.bottom}" y2="${height - margin.bottom + 5}" stroke="#444"/>`,
    );
    out.push(
      `<text x="${x(t).toFixed(1)}" y="${height - margin.bottom + 18}" text-anchor="middle" fill="#444">${escape(xFormat(t))}</text>`,
    );
  }
  const path = line<[number, number]>()
    .defined(([px, py]) => Number.isFinite(px) && usable(py))
    .x(([px]) => x(px))
    .y(([, py]) => clampY(py));
  chart.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const d = path(s.points) ?? '';
    out.push(
      `<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    if (s.points.length <= 70) {
      for (const [px, py] of s.points) {
        if (Number.isFinite(px) && usable(py))
          out.push(
            `<circle cx="${x(px).toFixed(1)}" cy="${clampY(py).toFixed(1)}" r="2.5" fill="${color}"/>`,
          );
      }
    }
    // Where a series stops being drawable (NaN, ∞) after a drawable start, say so at the top.
    const firstBad = s.points.findIndex(
      ([px, py], k) => k > 0 && Number.isFinite(px) && !usable(py) && usable(s.points[k - 1]![1]),
    );
    if (firstBad > 0) {
      const [bx, by] = s.points[firstBad]!;
      const label = Number.isNaN(by) ? 'NaN' : Number.isFinite(by) ? 'n/a' : '∞';
      out.push(
        `<text x="${x(bx).toFixed(1)}" y="${margin.top + 14 + 14 * i}" text-anchor="middle" fill="${color}" font-weight="600">✕ ${label}</text>`,
      );
    }
    const ly = margin.top + 10 + i * 20;
    out.push(
      `<line x1="${width - margin.right + 12}" x2="${width - margin.right + 36}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    out.push(
      `<text x="${width - margin.right + 42}" y="${ly}" dominant-baseline="middle">${escape(s.name)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}
