import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRESETS, presetById } from '../src/routes/flow/presets.js';
import {
  DEFAULT_SETTINGS,
  DISTRIBUTIONS,
  FAN_MODES,
  INITIALIZERS,
  LIMITS,
  OUTPUT_INITS,
  decodeFlow,
  encodeFlow,
  initLabel,
  sameSettings,
  type FlowState,
} from '../src/routes/flow/settings.js';

const acts = ['sigmoid', 'tanh', 'relu', 'selu'];
const presetIds = PRESETS.map((p) => p.id);
const presets = PRESETS;
const int = (b: { min: number; max: number }) => fc.integer({ min: b.min, max: b.max });
const real = (b: { min: number; max: number }) =>
  fc.double({ min: b.min, max: b.max, noNaN: true });

const stateArb: fc.Arbitrary<FlowState> = fc.record({
  settings: fc.record({
    depth: int(LIMITS.depth),
    width: int(LIMITS.width),
    activation: fc.constantFrom(...acts),
    init: fc.constantFrom(...INITIALIZERS),
    stddev: real(LIMITS.stddev),
    scale: real(LIMITS.scale),
    mode: fc.constantFrom(...FAN_MODES),
    distribution: fc.constantFrom(...DISTRIBUTIONS),
    output: fc.constantFrom(...OUTPUT_INITS),
    batch: int(LIMITS.batch),
    seed: int(LIMITS.seed),
    dataSeed: int(LIMITS.dataSeed),
    clipnorm: fc.option(real(LIMITS.clipnorm), { nil: null }),
  }),
  preset: fc.option(fc.constantFrom(...presetIds), { nil: null }),
});

describe('flow URL state', () => {
  it('round-trips every valid state without problems', () => {
    fc.assert(
      fc.property(stateArb, (s) => {
        const back = decodeFlow(encodeFlow(s), acts, presets);
        expect(back.problems).toEqual([]);
        expect(back.state).toEqual(s);
        expect(sameSettings(back.state.settings, s.settings)).toBe(true);
      }),
    );
  });

  it('opens the first preset for an empty URL, and the defaults without a preset', () => {
    expect(decodeFlow({}, acts, presets)).toEqual({
      state: { settings: PRESETS[0]!.settings, preset: 'logistic' },
      problems: [],
    });
    expect(decodeFlow({ depth: '10' }, acts, presets).state).toEqual({
      settings: DEFAULT_SETTINGS,
      preset: null,
    });
  });

  it('names each value it cannot use and keeps the default', () => {
    const { state, problems } = decodeFlow(
      { depth: '500', width: '3.5', act: 'softmax', init: 'zeros', clip: '-1', preset: 'x' },
      acts,
      presets,
    );
    expect(state.settings).toEqual(DEFAULT_SETTINGS);
    expect(problems).toEqual([
      'unknown preset "x"',
      'depth must be a whole number from 1 to 100, got "500"',
      'width must be a whole number from 2 to 256, got "3.5"',
      'clip must be a number from 0.001 to 1000, got "-1"',
      'act must be one of sigmoid, tanh, relu, selu, got "softmax"',
      `init must be one of ${INITIALIZERS.join(', ')}, got "zeros"`,
    ]);
  });

  it('starts from a preset, so a link with only the preset is complete', () => {
    const relu = decodeFlow({ preset: 'relu' }, acts, presets).state;
    expect(relu).toEqual({ settings: presetById('relu')!.settings, preset: 'relu' });
    const changed = decodeFlow({ preset: 'exploding', depth: '6', clip: 'off' }, acts, presets);
    expect(changed.state.settings).toEqual({
      ...presetById('exploding')!.settings,
      depth: 6,
      clipnorm: null,
    });
  });

  it('labels the initializer with its parameters', () => {
    expect(initLabel(DEFAULT_SETTINGS)).toBe('RandomNormal(0, 1)');
    expect(
      initLabel({
        ...DEFAULT_SETTINGS,
        init: 'variance_scaling',
        scale: 16,
        mode: 'fan_avg',
        distribution: 'uniform',
      }),
    ).toBe('VarianceScaling(16, fan_avg, uniform)');
    expect(initLabel({ ...DEFAULT_SETTINGS, init: 'he_normal' })).toBe('he_normal');
  });
});

describe('presets', () => {
  it('name their paper and use the settings of the five experiments', () => {
    const s = (id: string) => presetById(id)!.settings;
    expect(PRESETS.map((p) => p.paper)).toEqual([
      'Glorot & Bengio (2010)',
      'Glorot & Bengio (2010)',
      'He et al. (2015)',
      'Klambauer et al. (2017)',
      'Pascanu et al. (2013)',
    ]);
    expect(s('logistic')).toMatchObject({
      depth: 10,
      width: 100,
      batch: 256,
      activation: 'sigmoid',
      init: 'random_normal',
      stddev: 1,
      seed: 100,
      dataSeed: 1,
    });
    expect(s('tanh')).toMatchObject({
      depth: 10,
      width: 100,
      batch: 256,
      activation: 'tanh',
      init: 'glorot_uniform',
      seed: 200,
      dataSeed: 2,
    });
    expect(s('relu')).toMatchObject({
      depth: 32,
      width: 256,
      batch: 128,
      activation: 'relu',
      init: 'he_normal',
      seed: 300,
      dataSeed: 3,
    });
    expect(s('selu')).toMatchObject({
      depth: 64,
      width: 128,
      batch: 256,
      activation: 'selu',
      init: 'lecun_normal',
      seed: 400,
      dataSeed: 4,
    });
    expect(s('exploding')).toMatchObject({
      depth: 18,
      width: 32,
      batch: 128,
      activation: 'relu',
      init: 'random_normal',
      stddev: 0.3,
      output: 'glorot_normal',
      seed: 500,
      dataSeed: 5,
      clipnorm: 1,
    });
  });

  it('are valid URL states', () => {
    for (const p of PRESETS) {
      const back = decodeFlow(encodeFlow({ settings: p.settings, preset: p.id }), acts, presets);
      expect(back.problems).toEqual([]);
      expect(back.state.settings).toEqual(p.settings);
    }
  });
});
