import { type Tensor, activations, leakyRelu, relu, tanh, tensor } from '@gradflow/autodiff';
import { describe, expect, it } from 'vitest';
import {
  Activation,
  Dense,
  Sequential,
  type ModelArtifacts,
  initializers,
  layers,
  loadModel,
  losses,
  optimizers,
} from '../src/index.js';

const roundTrip = (model: Sequential) =>
  Sequential.fromConfig(JSON.parse(JSON.stringify(model.getConfig())) as Record<string, unknown>);

describe('activations passed as functions', () => {
  it('a built-in passed as itself is saved by its Keras id and loads again', () => {
    const model = new Sequential([
      new Dense({ units: 3, activation: relu, inputShape: [2] }),
      new Dense({ units: 2, activation: leakyRelu }),
      new Activation(activations.get('hardSigmoid')),
    ]);
    const config = model.getConfig() as { layers: { config: { activation: string } }[] };
    expect(config.layers.map((l) => l.config.activation)).toEqual([
      'relu',
      'leaky_relu',
      'hard_sigmoid',
    ]);
    const again = roundTrip(model);
    again.setWeights(model.getWeights());
    const x = tensor([[1, -2]]);
    expect(again.predict(x).toArray()).toEqual(model.predict(x).toArray());
  });

  it('a function named with activations.register saves and loads by that name', () => {
    const scaledTanh = (x: Tensor) => tanh(x).mul(1.7159);
    const unnamed = new Dense({ units: 1, activation: scaledTanh });
    expect(unnamed.activationId).toBe('scaledTanh');
    expect(() => layers.deserialize(unnamed.serialize())).toThrow(
      /unknown activation "scaledTanh".*activations.register/,
    );
    activations.register('scaled_tanh', scaledTanh);
    const model = new Sequential([
      new Dense({ units: 2, activation: scaledTanh, inputShape: [1] }),
    ]);
    const again = roundTrip(model);
    expect(again.layers[0]!.activationId).toBe('scaled_tanh');
    expect(again.layers[0]!.activation).toBe(scaledTanh);
  });
});

describe('activations in saved models', () => {
  it('model.save / loadModel keep a built-in passed as a function and a registered one', async () => {
    const cube = (x: Tensor) => x.mul(x).mul(x);
    activations.register('cube', cube);
    const model = new Sequential([
      new Dense({ units: 3, activation: relu, inputShape: [2] }),
      new Dense({ units: 2, activation: cube }),
    ]);
    let saved: ModelArtifacts | undefined;
    await model.save({
      save: async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      },
    });
    const again = await loadModel({ load: async () => saved! });
    expect(again.layers.map((l) => l.activationId)).toEqual(['relu', 'cube']);
    const x = tensor([[0.5, -1]]);
    expect(again.predict(x).toArray()).toEqual(model.predict(x).toArray());
  });
});

describe('one registry behind every lookup', () => {
  it('every kind lists its ids and names the valid ones for an unknown id', () => {
    expect(initializers.list()).toContain('he_normal');
    expect(losses.list()).toContain('mean_squared_error');
    expect(optimizers.list()).toEqual(['sgd', 'adam', 'rmsprop']);
    expect(layers.list()).toEqual(expect.arrayContaining(['Dense', 'Activation']));
    expect(() => initializers.get('he_norml')).toThrow(
      /initializers.get: unknown initializer "he_norml"; valid ids: zeros, ones, .*he_normal/,
    );
    expect(() => losses.get('msee')).toThrow(
      /losses.get: unknown loss "msee"; valid ids: mean_squared_error/,
    );
    expect(() => losses.get({ class_name: 'Huber' })).toThrow(/losses.get: unknown loss "Huber"/);
  });

  it('aliases: camelCase, class names and Keras short names resolve to the same class', () => {
    expect(initializers.get('heNormal').className).toBe('HeNormal');
    expect(initializers.get('HeNormal').className).toBe('HeNormal');
    expect(initializers.get('normal').className).toBe('RandomNormal');
    expect(losses.get('MSE').className).toBe('MeanSquaredError');
    expect(losses.get('sparseCategoricalCrossentropy').className).toBe(
      'SparseCategoricalCrossentropy',
    );
    expect(optimizers.get('ADAM').className).toBe('Adam');
  });

  it('serialized forms share one shape and round-trip', () => {
    const init = initializers.get('glorot_uniform', { seed: 3 });
    const loss = losses.get('binary_crossentropy');
    const opt = optimizers.get('adam');
    for (const [s, module] of [
      [initializers.serialize(init), 'keras.initializers'],
      [losses.serialize(loss), 'keras.losses'],
      [optimizers.serialize(opt), 'keras.optimizers'],
    ] as const) {
      expect(Object.keys(s).sort()).toEqual(['class_name', 'config', 'module', 'registered_name']);
      expect(s.module).toBe(module);
    }
    expect(initializers.get(initializers.serialize(init)).getConfig()).toEqual(init.getConfig());
    expect(losses.get(losses.serialize(loss)).getConfig()).toEqual(loss.getConfig());
    expect(optimizers.get(optimizers.serialize(opt)).getConfig()).toEqual(opt.getConfig());
  });
});
