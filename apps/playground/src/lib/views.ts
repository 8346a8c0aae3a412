/**
 * Each view's component is loaded on demand (its own chunk): opening #/train does not download
 * the graph view's code, KaTeX or uPlot unless the view uses them. A view is fetched once.
 */
import type { Component } from 'svelte';
import type { RouteProps } from './route-props.js';
import type { RouteId } from './routes.js';

export type ViewModule = { default: Component<RouteProps> };

const LOADERS: Record<RouteId, () => Promise<ViewModule>> = {
  graph: () => import('../routes/graph/GraphRoute.svelte'),
  activations: () => import('../routes/activations/ActivationsRoute.svelte'),
  flow: () => import('../routes/flow/FlowRoute.svelte'),
  train: () => import('../routes/train/TrainRoute.svelte'),
};

const loaded = new Map<RouteId, Promise<ViewModule>>();

/** The view's module (the same promise on every call; a failed load is retried next time). */
export function loadView(id: RouteId): Promise<ViewModule> {
  let p = loaded.get(id);
  if (!p) {
    p = LOADERS[id]();
    p.catch(() => loaded.delete(id));
    loaded.set(id, p);
  }
  return p;
}
