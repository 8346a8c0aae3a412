import { activationInfo, activations, sigmoid, tensor } from '@gradflow/autodiff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activationWith,
  camelCase,
  derive,
  grid,
  maxError,
  saturation,
  saturationRegions,
  sliceActivation,
} from '../src/routes/activations/curves.js';
import { buildGallery } from '../src/routes/activations/gallery.js';
import { defaultParams } from '../src/routes/activations/state.js';

const xs = grid(-6, 6, 97);

describe('derived curves', () => {
  it("tanh' = 1 - tanh² and tanh'' = -2 tanh (1 - tanh²), by autodiff in float64", () => {
    const { f, d1, d2 } = derive(activations.get('tanh'), xs);
    xs.forEach((x, i) => {
      const t = Math.tanh(x);
      expect(f[i]).toBeCloseTo(t, 14);
      expect(d1[i]).toBeCloseTo(1 - t * t, 14);
      expect(d2[i]).toBeCloseTo(-2 * t * (1 - t * t), 14);
    });
  });

  it('parameters reach the function: leaky_relu with negativeSlope 0.5 has slope 0.5 below 0', () => {
    const { d1 } = derive(activationWith('leaky_relu', { negativeSlope: 0.5 }), grid(-2, -1, 5));
    expect(Array.from(d1)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it('gelu takes its approximate flag as a boolean', () => {
    const x = tensor([1.5], { dtype: 'float64' });
    const exact = activationWith('gelu', { approximate: 0 })(x).item();
    const approx = activationWith('gelu', { approximate: 1 })(x).item();
    expect(exact).toBeCloseTo(activationInfo('gelu').f!(1.5), 14);
    expect(approx).not.toBe(exact);
    expect(approx).toBeCloseTo(exact, 2);
  });

  it('softmax on the pair (x, 0) is the logistic, and glu on (x, x) is silu', () => {
    const soft = derive(sliceActivation('softmax', activations.get('softmax')), xs);
    const logistic = derive(sigmoid, xs);
    expect(maxError(soft.f, logistic.f).max).toBeLessThan(1e-15);
    expect(maxError(soft.d1, logistic.d1).max).toBeLessThan(1e-15);
    const glu = derive(sliceActivation('glu', activations.get('glu')), xs);
    const silu = derive(activations.get('silu'), xs);
    expect(maxError(glu.d2, silu.d2).max).toBeLessThan(1e-14);
  });

  it('maps ids to the named exports', () => {
    expect(['leaky_relu', 'hard_sigmoid', 'relu6', 'log_softmax'].map(camelCase)).toEqual([
      'leakyRelu',
      'hardSigmoid',
      'relu6',
      'logSoftmax',
    ]);
  });
});

describe('maxError', () => {
  it('compares finite values and counts finiteness disagreements', () => {
    expect(maxError([1, 2, Number.NaN, Infinity], [1.5, 2, Number.NaN, 3])).toEqual({
      max: 0.5,
      mismatched: 1,
    });
    expect(maxError([Infinity], [-Infinity]).mismatched).toBe(1);
  });
});

describe('saturation regions', () => {
  it('are the runs below the limit, ending halfway to the next point', () => {
    const x = grid(0, 5, 6);
    expect(saturationRegions(x, [0, 0, 1, 1, 0, 0], 0.5)).toEqual([
      { from: 0, to: 1.5 },
      { from: 3.5, to: 5 },
    ]);
    expect(saturationRegions(x, [1, 1, 1, 1, 1, 1], 0.5)).toEqual([]);
  });

  it('cover exactly the grid points below the limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 40 }),
        (d) => {
          const x = grid(-1, 1, d.length);
          const regions = saturationRegions(x, d, 0.3);
          x.forEach((xi, i) => {
            const inside = regions.some((r) => xi >= r.from && xi <= r.to);
            expect(inside).toBe(d[i]! < 0.3);
          });
        },
      ),
    );
  });

  it("use gradientFlow's rule: the logistic saturates beyond |x| ≈ 4.36", () => {
    const x = grid(-6, 6, 1201);
    const sat = saturation(sigmoid, x, derive(sigmoid, x).d1);
    expect(sat.maxDerivative).toBeCloseTo(0.25, 12);
    expect(sat.regions).toHaveLength(2);
    expect(sat.regions[0]!.to).toBeCloseTo(-4.36, 1);
    expect(sat.regions[1]!.from).toBeCloseTo(4.36, 1);
  });

  it('say why there is no shading for exponential and linear', () => {
    const x = grid(-2, 2, 5);
    const exp = activations.get('exponential');
    expect(saturation(exp, x, derive(exp, x).d1).note).toMatch(/no maximum/);
    const lin = activations.get('linear');
    expect(saturation(lin, x, derive(lin, x).d1).note).toBe('the identity never saturates');
  });
});

describe('the gallery for every activation', () => {
  it.each(activations.list())(
    '%s: autodiff f′ matches the analytic f′ where there is one',
    (id) => {
      const params = defaultParams(activationInfo(id).params);
      const m = buildGallery({ id, params, compare: null, x0: -6, x1: 6 }, 193);
      expect(m.main.derived.f).toHaveLength(193);
      expect(m.spec.series.length).toBeGreaterThanOrEqual(3);
      if (activationInfo(id).elementwise) {
        expect(m.main.slice).toBeNull();
        expect(m.error!.mismatched).toBe(0);
        expect(m.error!.max).toBeLessThan(1e-9);
      } else {
        expect(m.main.slice).toMatch(/pair/);
        expect(m.error).toBeNull();
        expect(m.saturation).toBeNull();
      }
    },
  );

  it('overlays the compared activation as two dashed series', () => {
    const m = buildGallery({ id: 'tanh', params: {}, compare: 'relu', x0: -3, x1: 3 }, 61);
    const labels = m.spec.series.map((s) => s.label);
    expect(labels).toEqual([
      'tanh(x)',
      "f' (autodiff)",
      "f'' (autodiff)",
      "f' (analytic)",
      'relu(x)',
      "relu'",
    ]);
    expect(m.spec.series.slice(4).every((s) => s.dash)).toBe(true);
    expect(m.spec.bands!.length).toBe(2);
  });
});
