import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nearestInDirection } from '../../src/lib/graph/geometry.js';
import { DEFAULT_EXPRESSION, readState, writeState } from '../../src/lib/graph/params.js';
import { formatHash, parseHash } from '../../src/lib/routes.js';

describe('graph URL state', () => {
  it('round-trips through the URL hash: expression, values, expanded composites, selection', () => {
    const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,4}$/);
    const state = fc.record({
      expr: fc.string({ maxLength: 30 }),
      values: fc.dictionary(name, fc.string({ maxLength: 12 }), { maxKeys: 3 }),
      open: fc.uniqueArray(fc.stringMatching(/^[fb]\d{1,3}-[a-z_]{1,8}$/), { maxLength: 4 }),
      sel: fc.option(fc.stringMatching(/^n\d{1,3}$/), { nil: null }),
    });
    fc.assert(
      fc.property(state, (s) => {
        const back = readState(parseHash(formatHash('graph', writeState(s))).params);
        expect(back).toEqual({ ...s, open: [...s.open].sort() });
      }),
    );
  });

  it('starts from sigmoid(x) with nothing expanded or selected', () => {
    expect(readState({})).toEqual({ expr: DEFAULT_EXPRESSION, values: {}, open: [], sel: null });
  });
});

describe('nearestInDirection', () => {
  const box = (x: number, y: number) => ({ x, y, width: 10, height: 10 });
  const items = ['a', 'b', 'c', 'd'].map((key) => ({ key }));
  const boxes = new Map([
    ['a', box(0, 0)],
    ['b', box(0, 50)],
    ['c', box(60, 45)],
    ['d', box(-60, 0)],
  ]);

  it('prefers the item straight ahead, and gives nothing past the edge', () => {
    expect(nearestInDirection(items, boxes, 'a', 'down')?.key).toBe('b');
    expect(nearestInDirection(items, boxes, 'b', 'right')?.key).toBe('c');
    expect(nearestInDirection(items, boxes, 'a', 'left')?.key).toBe('d');
    expect(nearestInDirection(items, boxes, 'a', 'up')).toBeUndefined();
  });
});
