/*
 * The five results of issue 5, each asserted as a measured property at a size small enough for
 * CI. Tolerances come from the mean-field theory (theory.ts) and its finite-width corrections,
 * not from recorded outputs: e.g. for ReLU, log E[a²] moves per layer by a random step of
 * variance 5/width and mean -2.5/width, so over 31 layers of width 64 the geometric-mean factor
 * is e^(-0.04 ± 0.05) times σ_w²/2.
 */
import { describe, expect, it } from 'vitest';
import {
  explodingGradients,
  logistic,
  reluSecondMoment,
  seluSelfNormalizing,
  tanhVariance,
} from '../src/index.js';

/** Runs an experiment once, on first use, and shares it between the tests of a block. */
function once<T>(f: () => T): () => T {
  let value: { v: T } | null = null;
  return () => (value ??= { v: f() }).v;
}

const within = (measured: number, predicted: number, relTol: number) =>
  Math.abs(measured / predicted - 1) <= relTol;

describe('result 1: deep logistic network, N(0, 1) vs Glorot (10 layers × 100)', () => {
  const run = once(() => logistic({ depth: 10, width: 100, batch: 64 }));
  const byLabel = (label: string) => run().data.runs.find((r) => r.label === label)!;

  it('N(0, 1): about half the hidden units saturate (|z| > 4.36 with z of std ≈ √(100 E[a²]) ≈ 6.6)', () => {
    expect(byLabel('RandomNormal(0, 1)').saturated).toBeGreaterThan(0.4);
  });

  it("N(0, 1): the kernel gradients fade toward the input (first layer < 30% of the output layer's)", () => {
    expect(byLabel('RandomNormal(0, 1)').firstKernelRatio).toBeLessThan(0.3);
  });

  it('Glorot: far less saturation (z of std < 1 never reaches 4.36)', () => {
    expect(byLabel('GlorotUniform').saturated).toBeLessThan(0.01);
    expect(byLabel('GlorotUniform').saturated).toBeLessThan(
      byLabel('RandomNormal(0, 1)').saturated / 10,
    );
  });

  it("Glorot with the logistic: σ'(0) = 1/4 shrinks the gradient ~4× per layer, so the first kernel gets < 1e-4 of the output layer's", () => {
    const g = byLabel('GlorotUniform');
    expect(g.gradientFactor).toBeLessThan(0.3);
    expect(g.firstKernelRatio).toBeLessThan(1e-4);
  });

  it('every per-layer gradient factor agrees with mean-field theory within 15%', () => {
    for (const r of run().data.runs)
      expect(
        within(r.gradientFactor, r.theoryGradientFactor, 0.15),
        `${r.label}: ${r.gradientFactor} vs ${r.theoryGradientFactor}`,
      ).toBe(true);
  });
});

describe('result 2: tanh, Glorot vs too large (10 layers × 100)', () => {
  const run = once(() => tanhVariance({ depth: 10, width: 100, batch: 64 }));
  const byLabel = (label: string) => run().data.runs.find((r) => r.label === label)!;

  it('Glorot: the variance changes slowly (no layer keeps less than half of the one below) and follows mean-field within 20%', () => {
    const g = byLabel('GlorotUniform');
    expect(g.minVarianceRatio).toBeGreaterThan(0.5);
    g.variances.forEach((v, i) =>
      expect(within(v, g.theory[i]!.activationVariance, 0.2), `layer ${i + 1}: ${v}`).toBe(true),
    );
  });

  it('Glorot: almost no unit saturates, and the gradient keeps its size within ±30% per layer', () => {
    const g = byLabel('GlorotUniform');
    expect(g.saturated).toBeLessThan(0.02);
    expect(g.gradientFactor).toBeGreaterThan(0.7);
    expect(g.gradientFactor).toBeLessThan(1.3);
  });

  it('N(0, 1): most units saturate (z of std ≈ 9.6 beyond |z| = 2.18 about 82% of the time)', () => {
    expect(byLabel('RandomNormal(0, 1)').saturated).toBeGreaterThan(0.7);
  });

  it('a too-small init (σ_w² = 1/4) is what "not steady" looks like: ≥ 70% of the variance lost per layer', () => {
    expect(byLabel('RandomNormal(0, 0.05)').minVarianceRatio).toBeLessThan(0.3);
  });
});

describe('result 3: ReLU, He vs Glorot (32 layers × 64) and training (30 layers)', () => {
  const run = once(() =>
    reluSecondMoment({
      depth: 32,
      width: 64,
      batch: 64,
      trainDepth: 30,
      trainWidth: 32,
      trainSamples: 256,
      epochs: 15,
    }),
  );
  const byLabel = async (label: string) => (await run()).data.runs.find((r) => r.label === label)!;

  it('He keeps E[a²] steady: geometric-mean factor per layer within [0.85, 1.1] (theory e^(-2.5/64) ≈ 0.96)', async () => {
    const he = await byLabel('HeNormal');
    expect(he.factor).toBeGreaterThan(0.85);
    expect(he.factor).toBeLessThan(1.1);
  });

  it('Glorot halves E[a²] at every layer: factor within [0.42, 0.55]', async () => {
    const g = await byLabel('GlorotNormal');
    expect(g.factor).toBeGreaterThan(0.42);
    expect(g.factor).toBeLessThan(0.55);
  });

  it("half of the ReLU units are dead (relu'(z) = 0 for z ≤ 0), with either initializer", async () => {
    for (const r of (await run()).data.runs)
      expect(Math.abs(r.deadFraction - 0.5)).toBeLessThan(0.05);
  });

  it('a 30-layer ReLU network trains with He (loss < half of Var[y]) and stalls with Glorot and N(0, 0.01) (> 95% of Var[y])', async () => {
    const { training, variance } = (await run()).data;
    const final = (label: string) =>
      training.find((t) => t.label === label)!.losses.at(-1)! / variance;
    expect(final('HeNormal')).toBeLessThan(0.5);
    expect(final('GlorotNormal')).toBeGreaterThan(0.95);
    expect(final('RandomNormal(0, 0.01)')).toBeGreaterThan(0.95);
  });
});

describe('result 4: SELU with LeCun normal self-normalizes (50 layers × 64)', () => {
  const run = once(() => seluSelfNormalizing({ depth: 50, width: 64, batch: 128 }));

  it('LeCun normal: every layer has |mean| < 0.15 and variance in [0.7, 1.3]', () => {
    const lecun = run().data.runs.find((r) => r.label === 'LecunNormal')!;
    expect(lecun.maxAbsMean).toBeLessThan(0.15);
    expect(lecun.minVariance).toBeGreaterThan(0.7);
    expect(lecun.maxVariance).toBeLessThan(1.3);
  });

  it('He normal has no such fixed point: the variance grows past 10 and the mean drifts past 1', () => {
    const he = run().data.runs.find((r) => r.label === 'HeNormal')!;
    expect(he.maxVariance).toBeGreaterThan(10);
    expect(he.maxAbsMean).toBeGreaterThan(1);
  });
});

describe('result 5: exploding gradients and clipnorm', () => {
  const run = once(() =>
    explodingGradients({ depths: [3, 6, 9, 12], seeds: 2, batch: 64, epochs: 5 }),
  );

  it("with σ_w² = 2.9 the first kernel's gradient grows ≥ ×1.2 per added layer (theory 1.44), with He it stays flat", async () => {
    const { growth, heGrowth, theoryGrowth } = (await run()).data;
    expect(theoryGrowth).toBeCloseTo(1.44, 10);
    expect(growth).toBeGreaterThan(1.2);
    expect(growth).toBeLessThan(theoryGrowth * 1.1);
    expect(heGrowth).toBeGreaterThan(0.85);
    expect(heGrowth).toBeLessThan(1.15);
  });

  it('SGD without clipping diverges (a non-finite loss); with clipnorm every loss is finite and the loss falls', async () => {
    const [plain, clipped, he] = (await run()).data.training;
    expect(plain!.clipnorm).toBeNull();
    expect(plain!.losses.some((l) => !Number.isFinite(l))).toBe(true);
    expect(clipped!.clipnorm).toBe(1);
    expect(clipped!.losses.every(Number.isFinite)).toBe(true);
    expect(clipped!.losses.at(-1)!).toBeLessThan(clipped!.initialLoss / 4);
    expect(he!.losses.every(Number.isFinite)).toBe(true);
  });
});
