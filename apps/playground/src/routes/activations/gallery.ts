/*
 * Everything the gallery shows for one state, computed from the package alone: the activation's
 * metadata (`activationInfo`), f, f', f'' by autodiff, the analytic f' and the error between
 * them, the saturation regions, an optional compared activation, and the plot's spec. The
 * numbers (`computeGallery`, plain data a worker can post) are apart from what the page adds to
 * them (`galleryModel`: metadata and the plot's spec).
 */
import { type ActivationInfo, activationInfo } from '@gradflow/autodiff';
import type { PlotSeries, PlotSpec } from '../../lib/plot/index.js';
import {
  type Derived,
  type Saturation,
  activationWith,
  derive,
  evaluate,
  grid,
  maxError,
  saturation,
  sliceActivation,
  sliceDescription,
} from './curves.js';
import { defaultParams, type GalleryState } from './state.js';

/** Grid points across the x-range: dense enough that every kink on a 1/8 grid is a point. */
export const POINTS = 961;

export interface Curves {
  id: string;
  derived: Derived;
  /** For a non-elementwise activation: what the 1-D slice plotted is. */
  slice: string | null;
}

/** The numbers for one state: plain data (typed arrays, numbers, strings) that a worker posts. */
export interface GalleryData {
  main: Curves;
  xs: Float64Array;
  /** The analytic f' from the package's reference, and its largest difference from autodiff's. */
  analytic: Float64Array | null;
  error: { max: number; mismatched: number } | null;
  saturation: Saturation | null;
  compare: Curves | null;
}

export interface GalleryModel extends GalleryData {
  info: ActivationInfo;
  spec: PlotSpec;
}

export function curvesFor(id: string, params: Record<string, number>, xs: Float64Array): Curves {
  const fn = activationWith(id, params);
  if (activationInfo(id).elementwise) return { id, derived: derive(fn, xs), slice: null };
  return { id, derived: derive(sliceActivation(id, fn), xs), slice: sliceDescription(id) };
}

const DASH = [7, 5];

/** f, f', f'' (and the compared activation's), the analytic f' and saturation for a state. */
export function computeGallery(state: GalleryState, points = POINTS): GalleryData {
  const xs = grid(state.x0, state.x1, points);
  const main = curvesFor(state.id, state.params, xs);
  const df = activationInfo(state.id).df;
  const analytic = df && main.slice === null ? evaluate((x) => df(x, state.params), xs) : null;
  const error = analytic ? maxError(main.derived.d1, analytic) : null;
  const sat =
    main.slice === null
      ? saturation(activationWith(state.id, state.params), xs, main.derived.d1)
      : null;
  const compare =
    state.compare === null
      ? null
      : curvesFor(state.compare, defaultParams(activationInfo(state.compare).params), xs);
  return { main, xs, analytic, error, saturation: sat, compare };
}

/** Everything shown for a state from its numbers: adds the metadata and the plot's spec. */
export function galleryModel(state: GalleryState, data: GalleryData): GalleryModel {
  const { main, xs, analytic, compare } = data;
  const series: PlotSeries[] = [
    { label: `${state.id}(x)`, values: main.derived.f, color: '#0072b2' },
    { label: "f' (autodiff)", values: main.derived.d1, color: '#e69f00' },
    { label: "f'' (autodiff)", values: main.derived.d2, color: '#009e73', width: 1.5 },
  ];
  if (analytic)
    series.push({
      label: "f' (analytic)",
      values: analytic,
      color: '#1d1d1f',
      dash: [2, 4],
      width: 1.5,
    });
  if (compare) {
    series.push(
      { label: `${compare.id}(x)`, values: compare.derived.f, color: '#cc79a7', dash: DASH },
      { label: `${compare.id}'`, values: compare.derived.d1, color: '#d55e00', dash: DASH },
    );
  }
  const regions = data.saturation?.regions ?? [];
  return {
    ...data,
    info: activationInfo(state.id),
    spec: {
      x: xs,
      series,
      xLabel: 'x',
      yLabel: 'value',
      bands: regions,
      ...(regions.length ? { bandLabel: "saturated: |f'| < 5% of max |f'|" } : {}),
    },
  };
}

/** The whole model for a state, computed here (the page computes the numbers in a worker). */
export function buildGallery(state: GalleryState, points = POINTS): GalleryModel {
  return galleryModel(state, computeGallery(state, points));
}
