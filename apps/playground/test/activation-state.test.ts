import { type Tensor, activationInfo, activations, elu, tensor } from '@gradflow/autodiff';
import { Dense, Sequential } from '@gradflow/layers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RANGE,
  decodeGallery,
  encodeGallery,
  type GalleryState,
} from '../src/routes/activations/state.js';
import {
  changedParams,
  gradflowSnippet,
  kerasSnippet,
  snakeCase,
} from '../src/routes/activations/snippets.js';

const ids = activations.list();
const ctx = { ids, paramsOf: (id: string) => activationInfo(id).params };

/** Valid states: an id, a value on each of its parameters' ranges, a compared id, a range. */
const stateArb: fc.Arbitrary<GalleryState> = fc.constantFrom(...ids).chain((id) =>
  fc.record({
    id: fc.constant(id),
    params: fc.record(
      Object.fromEntries(
        activationInfo(id).params.map((p) => [
          p.name,
          fc.double({ min: p.min, max: p.max, noNaN: true, noDefaultInfinity: true }),
        ]),
      ),
    ),
    compare: fc.option(fc.constantFrom(...ids), { nil: null }),
    x0: fc.double({ min: -50, max: -0.5, noNaN: true }),
    x1: fc.double({ min: 0.5, max: 50, noNaN: true }),
  }),
);

describe('gallery URL state', () => {
  it('round-trips every valid state without problems', () => {
    fc.assert(
      fc.property(stateArb, (s) => {
        const back = decodeGallery(encodeGallery(s), ctx);
        expect(back.problems).toEqual([]);
        expect(back.state).toEqual(s);
      }),
    );
  });

  it('reads an empty URL as sigmoid with its defaults', () => {
    expect(decodeGallery({}, ctx)).toEqual({
      state: {
        id: 'sigmoid',
        params: {},
        compare: null,
        x0: DEFAULT_RANGE[0],
        x1: DEFAULT_RANGE[1],
      },
      problems: [],
    });
  });

  it('falls back with a message for what it cannot read', () => {
    const { state, problems } = decodeGallery(
      { a: 'elu', 'p.alpha': '99', c: 'nope', x0: '3', x1: '1' },
      ctx,
    );
    expect(state).toEqual({ id: 'elu', params: { alpha: 1 }, compare: null, x0: -6, x1: 6 });
    expect(problems).toEqual([
      'alpha must be a number from 0 to 3, got "99"',
      'unknown activation to compare "nope"',
      'the x-range must satisfy -50 ≤ x0 < x1 ≤ 50, got "3" to "1"',
    ]);
    expect(decodeGallery({ a: 'bogus' }, ctx).problems).toEqual([
      'unknown activation "bogus", showing sigmoid',
    ]);
  });
});

describe('snippets', () => {
  it('use the id alone when the parameters are the defaults', () => {
    const input = { id: 'selu', changed: {}, initializer: 'lecun_normal' };
    expect(gradflowSnippet(input)).toBe(
      "import { Dense } from '@gradflow/layers';\n\nconst layer = new Dense({ units: 64, activation: 'selu', kernelInitializer: 'lecun_normal' });",
    );
    expect(kerasSnippet(input)).toBe(
      'import keras\n\nlayer = keras.layers.Dense(64, activation="selu", kernel_initializer="lecun_normal")',
    );
  });

  it('pass changed parameters through the named function, in each language’s spelling', () => {
    const changed = changedParams({ negativeSlope: 0.1 }, activationInfo('leaky_relu').params);
    const input = { id: 'leaky_relu', changed, initializer: 'he_normal' };
    expect(gradflowSnippet(input)).toContain(
      'activation: (x) => leakyRelu(x, { negativeSlope: 0.1 }),',
    );
    expect(gradflowSnippet(input)).toContain("import { leakyRelu } from '@gradflow/autodiff';");
    expect(kerasSnippet(input)).toContain(
      'activation=lambda x: keras.activations.leaky_relu(x, negative_slope=0.1),',
    );
    const gelu = { id: 'gelu', changed: { approximate: 1 }, initializer: 'he_normal' };
    expect(gradflowSnippet(gelu)).toContain('gelu(x, { approximate: true })');
    expect(kerasSnippet(gelu)).toContain('gelu(x, approximate=True)');
  });

  it('print code that runs: the elu snippet builds a Dense layer with that activation', () => {
    expect(gradflowSnippet({ id: 'elu', changed: { alpha: 1.5 }, initializer: 'he_normal' })).toBe(
      [
        "import { elu } from '@gradflow/autodiff';",
        "import { Dense } from '@gradflow/layers';",
        '',
        'const layer = new Dense({',
        '  units: 64,',
        '  activation: (x) => elu(x, { alpha: 1.5 }),',
        "  kernelInitializer: 'he_normal',",
        '});',
      ].join('\n'),
    );
    // The same code, run:
    const layer = new Dense({
      units: 64,
      activation: (x) => elu(x, { alpha: 1.5 }),
      kernelInitializer: 'he_normal',
    });
    const model = new Sequential([layer]);
    model.build([null, 3]);
    const out = model.predict(tensor([[-40, 0, 1]])) as Tensor;
    expect(out.shape).toEqual([1, 64]);
    expect(Math.min(...Array.from(out.data()))).toBeGreaterThanOrEqual(-1.5);
  });

  it('list only the parameters that differ from the defaults', () => {
    expect(changedParams({ alpha: 1 }, activationInfo('elu').params)).toEqual({});
    expect(snakeCase('defaultValue')).toBe('default_value');
  });
});
