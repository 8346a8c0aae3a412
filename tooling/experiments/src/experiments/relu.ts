import { SGD, type GradientFlow } from '@gradflow/layers';
import { INITS, type InitSpec, mlp, teacherData } from '../net.js';
import { num, pct } from '../table.js';
import {
  type Experiment,
  flowAtInit,
  hidden,
  mean,
  secondMomentFactor,
  shownLayers,
} from './common.js';

export interface ReluOptions {
  /** Depth, width and batch of the pass at initialization. */
  depth?: number;
  width?: number;
  batch?: number;
  /** Depth, width, samples and epochs of the training run. */
  trainDepth?: number;
  trainWidth?: number;
  trainSamples?: number;
  epochs?: number;
  learningRate?: number;
  seed?: number;
}

export interface ReluRun {
  label: string;
  flow: GradientFlow;
  /** E[a²] of each hidden layer. */
  secondMoments: number[];
  /** Geometric mean of E[a²_l] / E[a²_{l-1}]; the mean-field value is σ_w²/2. */
  factor: number;
  theoryFactor: number;
  deadFraction: number;
}

export interface ReluTraining {
  label: string;
  /** Training loss (MSE) after each epoch, and before training. */
  losses: number[];
  initialLoss: number;
}

/** Initializers of the pass at initialization and of the training comparison. */
export const RELU_INITS: InitSpec[] = [INITS.heNormal, INITS.glorotNormal];
export const RELU_TRAIN_INITS: InitSpec[] = [INITS.heNormal, INITS.glorotNormal, INITS.normal001];

/**
 * Result 3 (He et al. 2015): the second moment E[a²] of ReLU activations across a deep network
 * with He and Glorot initialization, and a deep ReLU network trained with He, Glorot and the
 * naive RandomNormal(0, 0.01) (SGD with momentum, the same data and steps).
 */
export async function reluSecondMoment(options: ReluOptions = {}): Promise<
  Experiment<{
    runs: ReluRun[];
    training: ReluTraining[];
    depth: number;
    width: number;
    trainDepth: number;
    variance: number;
  }>
> {
  const {
    depth = 32,
    width = 256,
    batch = 128,
    trainDepth = 30,
    trainWidth = 32,
    trainSamples = 256,
    epochs = 20,
    learningRate = 0.005,
    seed = 3,
  } = options;
  const runs = RELU_INITS.map((init): ReluRun => {
    const flow = flowAtInit({ depth, width, activation: 'relu', init, seed: 300 }, batch, seed);
    const secondMoments = hidden(flow).map((l) => l.activationSecondMoment);
    return {
      label: init.label,
      flow,
      secondMoments,
      factor: secondMomentFactor(flow),
      theoryFactor: init.sigmaW2(width) / 2,
      deadFraction: mean(hidden(flow).map((l) => l.deadFraction!)),
    };
  });

  const features = 8;
  const data = teacherData(trainSamples, features, seed + 10);
  const yd = data.y.data();
  const yMean = mean(Array.from(yd));
  const variance = mean(Array.from(yd, (v) => (v - yMean) ** 2));
  const training: ReluTraining[] = [];
  for (const init of RELU_TRAIN_INITS) {
    const model = mlp({
      depth: trainDepth,
      width: trainWidth,
      inputDim: features,
      activation: 'relu',
      init,
      seed: 310,
    });
    model.compile({
      optimizer: new SGD({ learningRate, momentum: 0.9 }),
      loss: 'mean_squared_error',
    });
    const initialLoss = model.evaluate(data.x, data.y, { batchSize: trainSamples }) as number;
    const history = await model.fit(data.x, data.y, { epochs, batchSize: 32, seed: seed + 20 });
    training.push({ label: init.label, initialLoss, losses: history.history.loss! });
  }

  const shown = shownLayers(depth);
  return {
    id: 3,
    title: `ReLU network: ${depth} layers of ${width} at initialization (batch ${batch}); ${trainDepth} layers of ${trainWidth} trained for ${epochs} epochs`,
    claim:
      'He et al. (2015): with ReLU, He initialization keeps the second moment of the activations steady through 30+ layers while Glorot halves it at every layer, and a deep ReLU network trains with He initialization where it stalls otherwise.',
    tables: [
      {
        title: `3a. ReLU, ${depth} layers × ${width}: E[a²] per layer`,
        columns: ['layer', ...runs.flatMap((r) => [`${r.label}: E[a²]`, 'mean-field'])],
        rows: shown.map((i) => [
          `hidden_${i + 1}`,
          ...runs.flatMap((r) => [
            num(r.secondMoments[i]),
            num(r.secondMoments[0]! * r.theoryFactor ** i),
          ]),
        ]),
      },
      {
        title: `3b. ReLU, ${depth} layers × ${width}: summary`,
        columns: [
          'initializer',
          'E[a²] factor per layer',
          'mean-field σ_w²/2',
          `E[a²] layer ${depth} / layer 1`,
          "dead units (relu' = 0)",
        ],
        rows: runs.map((r) => [
          r.label,
          num(r.factor),
          num(r.theoryFactor),
          num(r.secondMoments[depth - 1]! / r.secondMoments[0]!),
          pct(r.deadFraction),
        ]),
        notes: [
          "Factor per layer: (E[a²_L] / E[a²_1])^(1/(L-1)), a geometric mean. Mean-field column of 3a: layer 1's value times (σ_w²/2)^(l-1).",
          'He keeps E[a²] at the same scale (finite width adds a small drift, ≈ exp(-2.5/width) per layer, and a random walk);',
          "Glorot halves it at every layer. Half of the units are dead (relu'(z) = 0 for z ≤ 0) with either initializer.",
        ],
      },
      {
        title: `3c. Training a ${trainDepth}-layer ReLU network (width ${trainWidth}, SGD lr ${learningRate}, momentum 0.9, batch 32): training MSE`,
        columns: [
          'initializer',
          'before',
          ...[1, 5, 10, 15, 20].filter((e) => e <= epochs).map((e) => `epoch ${e}`),
          'final / Var[y]',
        ],
        rows: training.map((t) => [
          t.label,
          num(t.initialLoss),
          ...[1, 5, 10, 15, 20].filter((e) => e <= epochs).map((e) => num(t.losses[e - 1])),
          num(t.losses[t.losses.length - 1]! / variance),
        ]),
        notes: [
          `Target y = tanh(1.5 x₀ − x₁) + x₂x₃/2 on ${trainSamples} samples of N(0, I₈); Var[y] = ${num(variance)} is the loss of predicting the mean.`,
          'With He the loss falls well below Var[y]; Glorot and RandomNormal(0, 0.01) stall at Var[y]: their signal has faded',
          'before the output, and so have the gradients of the first layers.',
        ],
      },
    ],
    charts: [
      {
        file: '3-relu-second-moment',
        title: `ReLU, ${depth} layers: second moment of the activations`,
        xLabel: 'layer',
        yLabel: 'E[a²]',
        yScale: 'log',
        series: runs.flatMap((r) => [
          { name: r.label, points: r.secondMoments.map((v, i) => [i + 1, v] as [number, number]) },
          {
            name: `${r.label} (theory)`,
            dashed: true,
            points: r.secondMoments.map(
              (_, i) => [i + 1, r.secondMoments[0]! * r.theoryFactor ** i] as [number, number],
            ),
          },
        ]),
      },
      {
        file: '3-relu-training',
        title: `Training a ${trainDepth}-layer ReLU network`,
        xLabel: 'epoch',
        yLabel: 'training MSE',
        series: [
          ...training.map((t) => ({
            name: t.label,
            points: [t.initialLoss, ...t.losses].map((v, e) => [e, v] as [number, number]),
          })),
          {
            name: 'Var[y]',
            dashed: true,
            points: [
              [0, variance],
              [epochs, variance],
            ] as [number, number][],
          },
        ],
      },
    ],
    data: { runs, training, depth, width, trainDepth, variance },
  };
}
