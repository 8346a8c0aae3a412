/*
 * Result 7 at CI size: 10 blocks of width 32, 1000 training digits, 2 epochs. Measured at this
 * size (seed 1): logistic with N(0, 1) weights had 25% of its units saturated without BN and 0%
 * with, ‖∂W₁‖/‖∂W₁₀‖ 0.056 without and 1.18 with, final train loss 2.30 without and 1.99 with;
 * ReLU with N(0, 0.01) weights had ‖∂W‖ ≈ 1e-13 in every block and stayed at chance (10%)
 * without BN, ‖∂W₁‖ = 11 and 53% test accuracy with it. Thresholds leave a wide margin.
 */
import { describe, expect, it } from 'vitest';
import { Activation, BatchNormalization, Dense } from '@gradflow/layers';
import { INITS, batchNormCure, deepNet } from '../src/index.js';

function once<T>(f: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  return () => (value ??= f());
}

describe('deepNet', () => {
  it('puts BatchNormalization between each Dense (without bias) and its activation', () => {
    const m = deepNet({
      depth: 2,
      width: 4,
      activation: 'tanh',
      init: INITS.glorotUniform,
      batchNorm: true,
      seed: 1,
    });
    expect(m.layers.map((l) => l.constructor.name)).toEqual([
      'Dense',
      'BatchNormalization',
      'Activation',
      'Dense',
      'BatchNormalization',
      'Activation',
      'Dense',
    ]);
    expect((m.layers[0] as Dense).useBias).toBe(false);
    expect(m.layers[1]).toBeInstanceOf(BatchNormalization);
    expect(m.layers[2]).toBeInstanceOf(Activation);
    const plain = deepNet({
      depth: 2,
      width: 4,
      activation: 'tanh',
      init: INITS.glorotUniform,
      batchNorm: false,
      seed: 1,
    });
    expect(plain.layers.map((l) => l.name)).toEqual(['dense_1', 'dense_2', 'output']);
  });
});

describe('result 7: batch normalization against unstable gradients (CI size)', () => {
  const run = once(() =>
    batchNormCure({ depth: 10, width: 32, epochs: 2, train: 1000, testPerClass: 30 }),
  );
  const pick = async (activation: string) => {
    const c = (await run()).data.cases.find((k) => k.activation === activation)!;
    return { without: c.runs[0], withBn: c.runs[1] };
  };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  it('logistic, N(0, 1): BN takes the units out of saturation (> 15% saturated without, < 1% with)', async () => {
    const { without, withBn } = await pick('sigmoid');
    expect(mean(without.atInit.saturated)).toBeGreaterThan(0.15);
    expect(mean(withBn.atInit.saturated)).toBeLessThan(0.01);
  });

  it("logistic, N(0, 1): without BN the first kernel gets < 20% of the last one's gradient, with BN > 50%", async () => {
    const { without, withBn } = await pick('sigmoid');
    const ratio = (g: number[]) => g[0]! / g.at(-1)!;
    expect(ratio(without.atInit.kernelGradNorm)).toBeLessThan(0.2);
    expect(ratio(withBn.atInit.kernelGradNorm)).toBeGreaterThan(0.5);
  });

  it('logistic, N(0, 1): with BN the train loss falls further in the same epochs', async () => {
    const { without, withBn } = await pick('sigmoid');
    expect(withBn.loss.at(-1)!).toBeLessThan(without.loss.at(-1)! - 0.1);
  });

  it('ReLU, N(0, 0.01): without BN the gradient is gone (< 1e-8) and the net stays at chance; with BN it trains', async () => {
    const { without, withBn } = await pick('relu');
    expect(Math.max(...without.atInit.kernelGradNorm)).toBeLessThan(1e-8);
    expect(without.testAccuracy.at(-1)).toBeLessThan(0.15);
    expect(withBn.atInit.kernelGradNorm[0]).toBeGreaterThan(1e-2);
    expect(withBn.testAccuracy.at(-1)).toBeGreaterThan(0.3);
  });

  it('reports per-block tables, the training curves and the charts', async () => {
    const e = await run();
    expect(e.id).toBe(7);
    expect(e.tables).toHaveLength(3);
    expect(e.tables[0]!.rows).toHaveLength(10);
    expect(e.tables[2]!.rows.map((r) => r[0])).toEqual([
      'logistic, N(0, 1), without',
      'logistic, N(0, 1), with BatchNormalization',
      'ReLU, N(0, 0.01), without',
      'ReLU, N(0, 0.01), with BatchNormalization',
    ]);
    expect(e.charts.map((c) => c.file)).toEqual([
      '7-batchnorm-sigmoid-loss',
      '7-batchnorm-sigmoid-gradients',
      '7-batchnorm-relu-loss',
      '7-batchnorm-relu-gradients',
    ]);
  });
});
