/**
 * Hash routing and URL state. A location hash looks like `#/graph?v=1&expr=sigmoid(x)`: the path
 * names the view, the query holds that view's state. `v` is the state format's version, so a link
 * saved today can be read (or rejected with a message) by a later version of the app. Every view
 * keeps all of its state in these parameters, so a shared link reproduces the view.
 */

export const ROUTES = [
  {
    id: 'graph',
    title: 'Graph',
    summary: 'Type an expression; see its forward graph and the backward graph derived from it.',
  },
  {
    id: 'activations',
    title: 'Activations',
    summary: "Every activation with its derived f' and f'', the analytic form overlaid.",
  },
  {
    id: 'flow',
    title: 'Gradient flow',
    summary: 'Depth, width, activation and initializer in; per-layer statistics out.',
  },
  {
    id: 'train',
    title: 'Train',
    summary: 'A small network learning a 2-D data set, trained in a Web Worker.',
  },
] as const;

export type RouteId = (typeof ROUTES)[number]['id'];

/** The version of the URL state format written by this build. */
export const STATE_VERSION = 1;

export function isRouteId(id: string): id is RouteId {
  return ROUTES.some((route) => route.id === id);
}

export interface Location {
  readonly route: RouteId;
  /** The view's state, without the version parameter. */
  readonly params: Readonly<Record<string, string>>;
  /** Set when the hash was not understood; the app shows it and falls back to the default view. */
  readonly problem?: string;
}

/** Reads a location hash (`#/flow?v=1&depth=10`). Unknown routes and versions fall back with a problem. */
export function parseHash(hash: string): Location {
  const body = hash.replace(/^#/, '');
  const q = body.indexOf('?');
  const path = (q < 0 ? body : body.slice(0, q)).replace(/^\/+|\/+$/g, '');
  const search = new URLSearchParams(q < 0 ? '' : body.slice(q + 1));
  const params: Record<string, string> = {};
  for (const [key, value] of search) if (key !== 'v') params[key] = value;
  if (path === '') return { route: ROUTES[0].id, params: {} };
  if (!isRouteId(path)) {
    const known = ROUTES.map((r) => r.id).join(', ');
    return { route: ROUTES[0].id, params: {}, problem: `unknown view "${path}" (views: ${known})` };
  }
  const v = search.get('v');
  if (v !== null && v !== String(STATE_VERSION)) {
    return {
      route: path,
      params: {},
      problem: `this link uses state version ${v}; this app reads version ${STATE_VERSION}, so the view starts from its defaults`,
    };
  }
  return { route: path, params };
}

/** Writes a location hash; parameters are sorted so equal states give equal URLs. */
export function formatHash(route: RouteId, params: Readonly<Record<string, string>> = {}): string {
  const keys = Object.keys(params).sort();
  if (keys.length === 0) return `#/${route}`;
  const search = new URLSearchParams([['v', String(STATE_VERSION)]]);
  for (const key of keys) search.set(key, params[key]!);
  return `#/${route}?${search.toString()}`;
}
