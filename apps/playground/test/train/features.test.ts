import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FEATURE_IDS, featurize } from '../../src/lib/train/features.js';

describe('train features', () => {
  it('maps each point to its features in the order asked', () => {
    const out = featurize([2, -3, 0.5, 1], ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2']);
    expect(Array.from(out)).toEqual(
      [
        2,
        -3,
        4,
        9,
        -6,
        Math.sin(2),
        Math.sin(-3),
        0.5,
        1,
        0.25,
        1,
        0.5,
        Math.sin(0.5),
        Math.sin(1),
      ].map(Math.fround),
    );
    expect(Array.from(featurize([2, -3], ['x2', 'x1']))).toEqual([-3, 2]);
  });

  it('gives points × features values for any subset of features', () => {
    fc.assert(
      fc.property(
        fc.subarray([...FEATURE_IDS], { minLength: 1 }),
        fc.array(fc.double({ min: -6, max: 6, noNaN: true }), { minLength: 0, maxLength: 20 }),
        (features, coords) => {
          const xy = coords.length % 2 === 0 ? coords : coords.slice(1);
          const out = featurize(xy, features);
          expect(out.length).toBe((xy.length / 2) * features.length);
          for (const v of out) expect(Number.isFinite(v)).toBe(true);
        },
      ),
    );
  });

  it('rejects no features and unknown ones', () => {
    expect(() => featurize([1, 2], [])).toThrow(/at least one feature/);
    expect(() => featurize([1, 2], ['cos' as never])).toThrow(/unknown feature "cos"/);
  });
});
