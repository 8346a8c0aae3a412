import { type Tensor, mul, randomNormal, slice, tanh } from '@gradflow/autodiff';
import {
  Dense,
  type InitializerIdentifier,
  type SerializedInitializer,
  Sequential,
  initializers,
} from '@gradflow/layers';

/** An initializer of the experiments: a label for tables and charts, and its Keras form. */
export interface InitSpec {
  label: string;
  /** A Keras id ('glorot_uniform') or serialized initializer ({ class_name, config }). */
  initializer: string | SerializedInitializer;
  /** σ_w² = fan_in · Var(W) for a square kernel of this width (for the mean-field prediction). */
  sigmaW2: (width: number) => number;
}

export const INITS = {
  normal1: {
    label: 'RandomNormal(0, 1)',
    initializer: { class_name: 'RandomNormal', config: { mean: 0, stddev: 1 } },
    sigmaW2: (n) => n,
  },
  normal001: {
    label: 'RandomNormal(0, 0.01)',
    initializer: { class_name: 'RandomNormal', config: { mean: 0, stddev: 0.01 } },
    sigmaW2: (n) => n * 1e-4,
  },
  glorotUniform: { label: 'GlorotUniform', initializer: 'glorot_uniform', sigmaW2: () => 1 },
  glorotNormal: { label: 'GlorotNormal', initializer: 'glorot_normal', sigmaW2: () => 1 },
  heNormal: { label: 'HeNormal', initializer: 'he_normal', sigmaW2: () => 2 },
  lecunNormal: { label: 'LecunNormal', initializer: 'lecun_normal', sigmaW2: () => 1 },
} satisfies Record<string, InitSpec>;

/** RandomNormal(0, stddev) as an InitSpec. */
export function normalInit(stddev: number): InitSpec {
  return {
    label: `RandomNormal(0, ${stddev})`,
    initializer: { class_name: 'RandomNormal', config: { mean: 0, stddev } },
    sigmaW2: (n) => n * stddev * stddev,
  };
}

/** VarianceScaling(scale, fan_avg, uniform): Glorot uniform times √scale in standard deviation. */
export function glorotScaled(scale: number, label: string): InitSpec {
  return {
    label,
    initializer: {
      class_name: 'VarianceScaling',
      config: { scale, mode: 'fan_avg', distribution: 'uniform' },
    },
    sigmaW2: () => scale,
  };
}

export interface MlpSpec {
  /** Number of hidden Dense layers with `activation`. */
  depth: number;
  /** Units of each hidden layer (and the input dimension unless `inputDim` is given). */
  width: number;
  inputDim?: number;
  activation: string;
  init: InitSpec;
  /** Units and activation of the output Dense layer (default 1, linear). */
  outputUnits?: number;
  outputActivation?: string;
  /** Initializer of the output layer (default: `init`). */
  outputInit?: InitSpec;
  /** Seed of the weights: layer i uses seed + i. */
  seed: number;
}

/**
 * `depth` Dense layers of `width` units with `activation` and the initializer `init` (zero
 * biases), then a Dense output layer: hidden_1 ... hidden_depth, output.
 */
export function mlp(spec: MlpSpec): Sequential {
  const init = (s: InitSpec, seed: number) =>
    initializers.get(s.initializer as InitializerIdentifier, { seed });
  const layers: Dense[] = [];
  for (let i = 0; i < spec.depth; i++) {
    layers.push(
      new Dense({
        units: spec.width,
        activation: spec.activation,
        kernelInitializer: init(spec.init, spec.seed + i),
        name: `hidden_${i + 1}`,
        ...(i === 0 ? { inputShape: [spec.inputDim ?? spec.width] } : {}),
      }),
    );
  }
  layers.push(
    new Dense({
      units: spec.outputUnits ?? 1,
      activation: spec.outputActivation ?? 'linear',
      kernelInitializer: init(spec.outputInit ?? spec.init, spec.seed + spec.depth),
      name: 'output',
    }),
  );
  return new Sequential({ layers, name: `${spec.activation}_${spec.depth}x${spec.width}` });
}

/** Standard-normal inputs and targets [samples, features], seeded: what a pass at initialization sees. */
export function gaussianBatch(
  samples: number,
  features: number,
  seed: number,
  outputs = 1,
): { x: Tensor; y: Tensor } {
  return {
    x: randomNormal([samples, features], { seed }),
    y: randomNormal([samples, outputs], { seed: seed + 1 }),
  };
}

/**
 * A seeded regression task: x ~ N(0, I) in `features` dimensions (at least 4) and
 * y = tanh(1.5 x₀ − x₁) + x₂ x₃ / 2, a smooth non-linear target with variance ≈ 0.6.
 */
export function teacherData(
  samples: number,
  features: number,
  seed: number,
): { x: Tensor; y: Tensor } {
  if (features < 4) throw new Error(`teacherData: features must be at least 4, got ${features}`);
  const x = randomNormal([samples, features], { seed });
  const col = (j: number) => slice(x, [0, j], [samples, 1]);
  const y = tanh(col(0).mul(1.5).sub(col(1))).add(mul(col(2), col(3)).mul(0.5));
  return { x, y };
}
