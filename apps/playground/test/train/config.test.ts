import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  LEARNING_RATES,
  LIMITS,
  OPTIMIZERS,
  decodeConfig,
  encodeConfig,
  hiddenActivations,
  initializerIds,
  type TrainConfig,
} from '../../src/lib/train/config.js';
import { DATASETS } from '../../src/lib/train/data.js';
import { FEATURE_IDS } from '../../src/lib/train/features.js';
import { formatHash, parseHash } from '../../src/lib/routes.js';

const grid = (lo: number, hi: number, step: number) =>
  fc
    .integer({ min: Math.round(lo / step), max: Math.round(hi / step) })
    .map((k) => Number((k * step).toFixed(6)));

const configArb: fc.Arbitrary<TrainConfig> = fc.record({
  dataset: fc.constantFrom(...DATASETS),
  noise: grid(0, 0.5, LIMITS.noiseStep),
  split: grid(LIMITS.splitMin, LIMITS.splitMax, LIMITS.splitStep),
  seed: fc.integer({ min: 0, max: LIMITS.seedMax }),
  features: fc.subarray([...FEATURE_IDS], { minLength: 1 }),
  layers: fc.array(
    fc.record({
      units: fc.integer({ min: 1, max: LIMITS.maxUnits }),
      activation: fc.constantFrom(...hiddenActivations()),
    }),
    { maxLength: LIMITS.maxLayers },
  ),
  initializer: fc.constantFrom(...initializerIds()),
  optimizer: fc.constantFrom(...OPTIMIZERS.map((o) => o.id)),
  learningRate: fc.constantFrom(...LEARNING_RATES),
  momentum: grid(0, LIMITS.momentumMax, 0.01),
  batchSize: fc.integer({ min: LIMITS.batchMin, max: LIMITS.batchMax }),
  showTest: fc.boolean(),
});

describe('train URL state', () => {
  it('decode(encode(config)) is config, also through the URL hash', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const params = encodeConfig(config);
        expect(decodeConfig(params)).toEqual({ config, problems: [] });
        const back = parseHash(formatHash('train', params));
        expect(back.route).toBe('train');
        expect(decodeConfig(back.params).config).toEqual(config);
      }),
    );
  });

  it('no parameters give the defaults without problems', () => {
    expect(decodeConfig({})).toEqual({ config: DEFAULT_CONFIG, problems: [] });
  });

  it('a bad parameter falls back to its default and is reported', () => {
    const { config, problems } = decodeConfig({
      ...encodeConfig(DEFAULT_CONFIG),
      data: 'ring',
      lr: '0.5',
      batch: '0',
      feat: 'x1,x1',
    });
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/data="ring" is not one of circle, xor, gauss, spiral, moons/);
  });

  it('an empty layer list is a network without hidden layers', () => {
    const { config, problems } = decodeConfig({ layers: '', act: '' });
    expect(problems).toEqual([]);
    expect(config.layers).toEqual([]);
  });

  it('hidden layers may use every elementwise activation and nothing else', () => {
    const ids = hiddenActivations();
    for (const id of ['relu', 'tanh', 'sigmoid', 'gelu', 'exponential', 'linear'])
      expect(ids).toContain(id);
    for (const id of ['softmax', 'log_softmax', 'glu', 'sparsemax']) expect(ids).not.toContain(id);
  });
});
