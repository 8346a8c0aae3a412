import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROUTES, STATE_VERSION, formatHash, isRouteId, parseHash } from '../src/lib/routes.js';

describe('URL state', () => {
  it('round-trips every route with arbitrary string parameters', () => {
    const route = fc.constantFrom(...ROUTES.map((r) => r.id));
    const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== 'v');
    const params = fc.dictionary(key, fc.string({ maxLength: 40 }), { maxKeys: 6 });
    fc.assert(
      fc.property(route, params, (r, p) => {
        const back = parseHash(formatHash(r, p));
        expect(back.route).toBe(r);
        expect(back.params).toEqual(p);
        expect(back.problem).toBeUndefined();
      }),
    );
  });

  it('writes the state version and sorts the parameters', () => {
    expect(formatHash('flow', { width: '64', depth: '10' })).toBe(
      `#/flow?v=${STATE_VERSION}&depth=10&width=64`,
    );
    expect(formatHash('graph')).toBe('#/graph');
  });

  it('falls back to the first view with a message for an unknown view', () => {
    const loc = parseHash('#/nope?v=1&a=b');
    expect(loc.route).toBe('graph');
    expect(loc.problem).toMatch(/unknown view "nope" \(views: graph, activations, flow, train\)/);
  });

  it('rejects another state version with a message instead of misreading it', () => {
    const loc = parseHash('#/flow?v=99&depth=3');
    expect(loc.route).toBe('flow');
    expect(loc.params).toEqual({});
    expect(loc.problem).toMatch(/version 99/);
  });

  it('reads an empty hash as the first view', () => {
    expect(parseHash('')).toEqual({ route: 'graph', params: {} });
    expect(ROUTES.every((r) => isRouteId(r.id))).toBe(true);
  });
});
