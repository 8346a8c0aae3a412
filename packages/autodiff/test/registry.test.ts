import { describe, expect, it } from 'vitest';
import {
  GradflowError,
  Registry,
  activations,
  configToOptions,
  leakyRelu,
  relu,
  silu,
  softmax,
  tanh,
  tensor,
  toCamelCase,
  toSnakeCase,
  type Tensor,
} from '../src/index.js';

describe('Registry', () => {
  const make = () =>
    new Registry<number>({ kind: 'thing', module: 'keras.things', hint: '(or ask)' })
      .add('one_thing', 1, { aliases: ['oneThing', 'OneThing'], equivalents: ['uno'] })
      .add('two', 2);

  it('resolves ids and aliases to the entry and its canonical id', () => {
    const r = make();
    expect(r.get('one_thing', 'op')).toBe(1);
    expect(r.get('OneThing', 'op')).toBe(1);
    expect(r.id('oneThing', 'op')).toBe('one_thing');
    expect(r.list()).toEqual(['one_thing', 'two']);
    expect(r.has('oneThing')).toBe(true);
    expect(r.has('ONE_THING')).toBe(false);
  });

  it('names the op, the unknown id and every valid id', () => {
    expect(() => make().get('three', 'things.get')).toThrow(GradflowError);
    expect(() => make().get('three', 'things.get')).toThrow(
      'things.get: unknown thing "three"; valid ids: one_thing, two (or ask)',
    );
    expect(() => make().get(3, 'things.get')).toThrow('unknown thing 3');
  });

  it('finds the id of a value or of a registered equivalent', () => {
    const r = make();
    expect(r.idOf(1)).toBe('one_thing');
    expect(r.idOf('uno')).toBe('one_thing');
    expect(r.idOf(7)).toBeUndefined();
  });

  it('refuses to replace a built-in, and replaces a user entry', () => {
    const r = make();
    expect(() => r.add('two', 5)).toThrow('"two" is already the thing "two"');
    expect(() => r.add('mine', 5, { aliases: ['oneThing'] })).toThrow(
      '"oneThing" is already the thing "one_thing"',
    );
    r.add('mine', 5, { builtin: false });
    r.add('mine', 6, { builtin: false });
    expect(r.get('mine', 'op')).toBe(6);
    expect(r.idOf(5)).toBeUndefined();
    expect(r.idOf(6)).toBe('mine');
  });

  it('matches any case when asked to', () => {
    const r = new Registry<number>({ kind: 'optimizer', caseInsensitive: true }).add('adam', 1);
    expect(r.get('ADAM', 'op')).toBe(1);
    expect(r.id('Adam', 'op')).toBe('adam');
  });

  it("serializes as Keras's { module, class_name, config, registered_name }", () => {
    expect(make().serialize('OneThing', { a: 1 })).toEqual({
      module: 'keras.things',
      class_name: 'OneThing',
      config: { a: 1 },
      registered_name: null,
    });
  });

  it('converts names and config keys one way everywhere', () => {
    expect(toSnakeCase('HeNormal')).toBe('he_normal');
    expect(toSnakeCase('RMSprop')).toBe('rm_sprop');
    expect(toCamelCase('he_normal')).toBe('heNormal');
    expect(toCamelCase('beta_1')).toBe('beta1');
    expect(configToOptions({ learning_rate: 0.1, clipnorm: null, beta_2: 0.9 })).toEqual({
      learningRate: 0.1,
      beta2: 0.9,
    });
    expect(configToOptions({ clipnorm: null }, ['clipnorm'])).toEqual({ clipnorm: null });
  });
});

describe('activations registry', () => {
  it('names a built-in passed as a function by its Keras id', () => {
    expect(activations.idOf(relu)).toBe('relu');
    expect(activations.idOf(leakyRelu)).toBe('leaky_relu');
    expect(activations.idOf(silu)).toBe('silu');
    expect(activations.idOf(softmax)).toBe('softmax');
    expect(activations.idOf(activations.get('hardSigmoid'))).toBe('hard_sigmoid');
    expect(activations.idOf('leakyRelu')).toBe('leaky_relu');
    expect(activations.idOf((x: Tensor) => x)).toBeUndefined();
    expect(activations.idOf('nope')).toBeUndefined();
  });

  it('register(id, fn) names your own activation: get, list and idOf know it', () => {
    const scaledTanh = (x: Tensor) => tanh(x).mul(2);
    activations.register('scaled_tanh', scaledTanh);
    expect(activations.get('scaled_tanh')).toBe(scaledTanh);
    expect(activations.list()).toContain('scaled_tanh');
    expect(activations.idOf(scaledTanh)).toBe('scaled_tanh');
    expect(
      activations
        .get('scaled_tanh')(tensor([0.5]))
        .item(),
    ).toBeCloseTo(2 * Math.tanh(0.5), 6);
  });

  it('register refuses built-in ids and aliases, bad ids and non-functions', () => {
    expect(() => activations.register('relu', (x) => x)).toThrow(
      'activations.register: "relu" is already the activation "relu"',
    );
    expect(() => activations.register('leakyRelu', (x) => x)).toThrow(
      '"leakyRelu" is already the activation "leaky_relu"',
    );
    expect(() => activations.register('', (x) => x)).toThrow('activations.register: id must be');
    expect(() => activations.register('ok', 'relu' as never)).toThrow(
      'activations.register: expects a function',
    );
  });

  it('an unknown id says how to register one', () => {
    expect(() => activations.get('my_act')).toThrow(
      /activations.get: unknown activation "my_act"; valid ids: relu, .*activations.register\(id, fn\)/,
    );
  });
});
