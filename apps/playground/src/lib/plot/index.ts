/** A uPlot wrapper: responsive, log-scale option, shaded x-ranges, accessible summary table. */
export { default as Plot } from './Plot.svelte';
export {
  PALETTE,
  alignedData,
  bandRects,
  describePlot,
  plotOptions,
  sampleRows,
  summarize,
  type PlotBand,
  type PlotSeries,
  type PlotSpec,
} from './spec.js';
export { viridis } from './viridis.js';
