import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alignedData } from '../src/lib/plot/index.js';
import { BINS, buildModel, histograms, runFlow } from '../src/routes/flow/compute.js';
import { presetById } from '../src/routes/flow/presets.js';
import { DEFAULT_SETTINGS, type FlowSettings } from '../src/routes/flow/settings.js';
import {
  activationSpec,
  gradientSpec,
  saturationSpec,
  summarize,
} from '../src/routes/flow/view.js';

const small = (change: Partial<FlowSettings> = {}): FlowSettings => ({
  ...DEFAULT_SETTINGS,
  depth: 4,
  width: 16,
  batch: 32,
  ...change,
});

describe('the lab network', () => {
  it('is depth hidden Dense layers of width units and a linear output unit', () => {
    const model = buildModel(small({ activation: 'tanh' }));
    expect(model.layers.map((l) => l.name)).toEqual([
      'hidden_1',
      'hidden_2',
      'hidden_3',
      'hidden_4',
      'output',
    ]);
    expect(model.layers.map((l) => l.activationId)).toEqual([
      'tanh',
      'tanh',
      'tanh',
      'tanh',
      'linear',
    ]);
    expect(model.outputShape).toEqual([null, 1]);
  });

  it('seeds layer i with seed + i, so equal settings give equal weights', () => {
    const a = buildModel(small()).getWeights();
    const b = buildModel(small()).getWeights();
    expect(a.map((w) => Array.from(w.data()))).toEqual(b.map((w) => Array.from(w.data())));
    const c = buildModel(small({ seed: 101 })).getWeights();
    // Layer 1 of seed 101 is layer 2 of seed 100.
    expect(Array.from(c[0]!.data())).not.toEqual(Array.from(a[0]!.data()));
    expect(Array.from(c[2]!.data())).toEqual(Array.from(a[4]!.data()));
  });

  it("uses RandomNormal's stddev and VarianceScaling's options", () => {
    const std = (s: FlowSettings) => {
      const d = Array.from(buildModel(s).getWeights()[2]!.data());
      const m = d.reduce((x, y) => x + y, 0) / d.length;
      return Math.sqrt(d.reduce((x, y) => x + (y - m) ** 2, 0) / d.length);
    };
    const s = small({ width: 64 });
    expect(std({ ...s, init: 'random_normal', stddev: 0.5 })).toBeCloseTo(0.5, 1);
    // VarianceScaling(scale 4, fan_in, uniform): Var = 4 / 64.
    expect(
      std({ ...s, init: 'variance_scaling', scale: 4, mode: 'fan_in', distribution: 'uniform' }),
    ).toBeCloseTo(0.25, 1);
  });
});

describe('histograms', () => {
  it('give each layer fractions that sum to 1 over shared edges', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), {
            minLength: 1,
            maxLength: 50,
          }),
          { minLength: 1, maxLength: 5 },
        ),
        (layers) => {
          const h = histograms(layers, 8);
          expect(h.edges).toHaveLength(9);
          for (let i = 1; i < h.edges.length; i++)
            expect(h.edges[i]!).toBeGreaterThan(h.edges[i - 1]!);
          for (const row of h.rows) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        },
      ),
    );
  });

  it('spans mean ± 3 std within the values that occur', () => {
    const h = histograms([[0, 0, 1, 1]]);
    expect(h.edges[0]).toBe(0);
    expect(h.edges[BINS]).toBe(1);
    expect(h.rows[0]![0]).toBe(0.5);
    expect(h.rows[0]![BINS - 1]).toBe(0.5);
  });
});

describe('runFlow', () => {
  it('the exploding preset: ‖∂a‖ grows ≈ √(σ_w²/2) per layer down, and He keeps ‖∂W₁‖ near 1', () => {
    const preset = presetById('exploding')!.settings;
    const big = runFlow(preset).flow;
    const he = runFlow({ ...preset, init: 'he_normal' }).flow;
    const factor = summarize(big).gradientFactor!;
    expect(factor).toBeGreaterThan(1.1);
    expect(factor).toBeLessThan(Math.sqrt((32 * 0.09) / 2) * 1.1);
    expect(big.layers[0]!.kernelGradNorm!).toBeGreaterThan(100 * he.layers[0]!.kernelGradNorm!);
    expect(he.layers[0]!.kernelGradNorm!).toBeLessThan(10);
  });

  it('N(0, 1) saturates a logistic network and Glorot does not', () => {
    const naive = summarize(runFlow(small({ width: 64, depth: 5 })).flow);
    const glorot = summarize(runFlow(small({ width: 64, depth: 5, init: 'glorot_uniform' })).flow);
    expect(naive.saturated!).toBeGreaterThan(0.3);
    expect(glorot.saturated!).toBeLessThan(0.05);
  });

  it('gives one histogram row per hidden layer and plot specs over the layers', () => {
    const { flow, histograms: h } = runFlow(small({ clipnorm: 0.5 }));
    expect(flow.layers).toHaveLength(5);
    expect(h.rows).toHaveLength(4);
    const g = gradientSpec(flow, 0.5);
    expect(g.logY).toBe(true);
    expect(g.x).toEqual([1, 2, 3, 4, 5]);
    expect(g.series.map((s) => s.label)).toEqual([
      '‖∂loss/∂a‖ (layer output)',
      '‖∂loss/∂W‖ (kernel)',
      '‖∂loss/∂W‖ after clipnorm 0.5',
    ]);
    expect(Math.max(...Array.from(g.series[2]!.values))).toBeLessThanOrEqual(0.5);
    expect(activationSpec(flow).x).toEqual([1, 2, 3, 4]);
    expect(saturationSpec(flow).yRange).toEqual([0, 1]);
    // Every series has one value per x (alignedData throws otherwise).
    for (const spec of [g, activationSpec(flow), saturationSpec(flow)])
      expect(alignedData(spec)).toHaveLength(spec.series.length + 1);
  });
});
