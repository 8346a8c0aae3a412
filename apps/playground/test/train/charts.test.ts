import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logPosition } from '../../src/lib/train/chart.js';
import { CLASS_COLOURS, paintGrid, probabilityColour } from '../../src/lib/train/palette.js';

describe('decision-boundary palette', () => {
  it('is white at 0.5 and goes toward orange (class 0) and blue (class 1)', () => {
    expect(probabilityColour(0.5)).toEqual([255, 255, 255]);
    const [r0, , b0] = probabilityColour(0);
    const [r1, , b1] = probabilityColour(1);
    expect(r0).toBeGreaterThan(b0);
    expect(b1).toBeGreaterThan(r1);
    expect(probabilityColour(-3)).toEqual(probabilityColour(0));
    expect(probabilityColour(NaN)).toEqual([160, 160, 160]);
  });

  it('moves monotonically from white toward the class colour as p leaves 0.5', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a < b ? [a, b] : [b, a];
          const dist = (p: number) => {
            const c = probabilityColour(p);
            return c.reduce((s, v, i) => s + Math.abs(v - CLASS_COLOURS[1][i]!), 0);
          };
          expect(dist(hi)).toBeLessThanOrEqual(dist(lo));
        },
      ),
    );
  });

  it('paints one opaque RGBA pixel per cell', () => {
    const out = new Uint8ClampedArray(8);
    paintGrid([0.5, 1], out);
    expect(Array.from(out.subarray(0, 4))).toEqual([255, 255, 255, 255]);
    expect(out[7]).toBe(255);
    expect(Array.from(out.subarray(4, 7))).toEqual(probabilityColour(1));
  });
});

describe('chart helpers', () => {
  it('logPosition spans 1e-6 to 10 on a log scale, clamped', () => {
    expect(logPosition(1e-6)).toBe(0);
    expect(logPosition(10)).toBe(1);
    expect(logPosition(1e-2)).toBeCloseTo(4 / 7);
    expect(logPosition(0)).toBe(0);
    expect(logPosition(1e9)).toBe(1);
  });
});
