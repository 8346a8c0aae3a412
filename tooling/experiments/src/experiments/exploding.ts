import { SGD } from '@gradflow/layers';
import { INITS, type InitSpec, mlp, normalInit, teacherData } from '../net.js';
import { num } from '../table.js';
import { type Experiment, flowAtInit } from './common.js';

export interface ExplodingOptions {
  /** Depths of the sweep at initialization. */
  depths?: number[];
  width?: number;
  batch?: number;
  /** Networks (weight seeds) per depth in the sweep; norms are their geometric mean. */
  seeds?: number;
  /** Standard deviation of the too-large RandomNormal initializer. */
  stddev?: number;
  /** Depth, samples, epochs, learning rate and clipnorm of the training runs. */
  trainDepth?: number;
  trainSamples?: number;
  epochs?: number;
  learningRate?: number;
  clipnorm?: number;
  seed?: number;
}

export interface SweepPoint {
  depth: number;
  /** Loss at initialization and gradient norm of the first layer's kernel, too-large init and He (geometric means over the seeds). */
  loss: number;
  firstKernelGradNorm: number;
  heLoss: number;
  heFirstKernelGradNorm: number;
}

export interface ClipRun {
  label: string;
  clipnorm: number | null;
  initialLoss: number;
  losses: number[];
}

/**
 * Result 5: exploding gradients. A ReLU network whose weights are too large (σ_w² above He's 2)
 * at several depths, against He; then SGD on it without and with `clipnorm`.
 */
export async function explodingGradients(options: ExplodingOptions = {}): Promise<
  Experiment<{
    sweep: SweepPoint[];
    growth: number;
    heGrowth: number;
    theoryGrowth: number;
    training: ClipRun[];
    variance: number;
    tooLarge: InitSpec;
  }>
> {
  const {
    depths = [3, 6, 9, 12, 15, 18],
    width = 32,
    batch = 128,
    seeds = 4,
    stddev = 0.3,
    trainDepth = 12,
    trainSamples = 256,
    epochs = 15,
    learningRate = 0.01,
    clipnorm = 1,
    seed = 5,
  } = options;
  const tooLarge = normalInit(stddev);
  const he = INITS.heNormal;
  const geomean = (xs: number[]) => Math.exp(xs.reduce((a, b) => a + Math.log(b), 0) / xs.length);
  const sweep = depths.map((depth): SweepPoint => {
    const flows = (init: InitSpec) =>
      Array.from({ length: seeds }, (_, k) =>
        flowAtInit(
          {
            depth,
            width,
            activation: 'relu',
            init,
            outputInit: INITS.glorotNormal,
            seed: 500 + 100 * k,
          },
          batch,
          seed,
        ),
      );
    const big = flows(tooLarge);
    const ref = flows(he);
    return {
      depth,
      loss: geomean(big.map((f) => f.loss)),
      firstKernelGradNorm: geomean(big.map((f) => f.layers[0]!.kernelGradNorm!)),
      heLoss: geomean(ref.map((f) => f.loss)),
      heFirstKernelGradNorm: geomean(ref.map((f) => f.layers[0]!.kernelGradNorm!)),
    };
  });
  // Growth per added layer: the slope of log ‖∂W₁‖ against depth (least squares), exponentiated.
  const slope = (ys: number[]) => {
    const xs = sweep.map((p) => p.depth);
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const ly = ys.map(Math.log);
    const my = ly.reduce((a, b) => a + b, 0) / ly.length;
    const sxy = xs.reduce((s, x, i) => s + (x - mx) * (ly[i]! - my), 0);
    const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    return Math.exp(sxy / sxx);
  };
  const growth = slope(sweep.map((p) => p.firstKernelGradNorm));
  const heGrowth = slope(sweep.map((p) => p.heFirstKernelGradNorm));
  const theoryGrowth = tooLarge.sigmaW2(width) / 2;

  const features = 8;
  const data = teacherData(trainSamples, features, seed + 10);
  const yd = Array.from(data.y.data());
  const yMean = yd.reduce((a, b) => a + b, 0) / yd.length;
  const variance = yd.reduce((a, b) => a + (b - yMean) ** 2, 0) / yd.length;
  const configs: { label: string; init: InitSpec; clipnorm: number | null }[] = [
    { label: `${tooLarge.label}, no clipping`, init: tooLarge, clipnorm: null },
    { label: `${tooLarge.label}, clipnorm ${clipnorm}`, init: tooLarge, clipnorm },
    { label: `${he.label}, no clipping`, init: he, clipnorm: null },
  ];
  const training: ClipRun[] = [];
  for (const c of configs) {
    const model = mlp({
      depth: trainDepth,
      width,
      inputDim: features,
      activation: 'relu',
      init: c.init,
      outputInit: INITS.glorotNormal,
      seed: 510,
    });
    model.compile({
      optimizer: new SGD({
        learningRate,
        ...(c.clipnorm === null ? {} : { clipnorm: c.clipnorm }),
      }),
      loss: 'mean_squared_error',
    });
    const initialLoss = model.evaluate(data.x, data.y, { batchSize: trainSamples }) as number;
    const history = await model.fit(data.x, data.y, { epochs, batchSize: 32, seed: seed + 20 });
    training.push({
      label: c.label,
      clipnorm: c.clipnorm,
      initialLoss,
      losses: history.history.loss!,
    });
  }
  const shownEpochs = [1, 2, 5, 10, 15, 20].filter((e) => e <= epochs);
  return {
    id: 5,
    title: `Exploding gradients: ReLU networks of width ${width} with ${tooLarge.label} (σ_w² = ${num(tooLarge.sigmaW2(width))}, He's is 2)`,
    claim:
      'A too-large initialization makes the gradients grow with depth (exploding gradients); clipping the gradient norm (clipnorm) keeps training stable.',
    tables: [
      {
        title: `5a. Gradient of the first layer's kernel at initialization, by depth (width ${width}, batch ${batch}, geometric mean of ${seeds} networks)`,
        columns: ['depth', `${tooLarge.label}: loss`, '‖∂W₁‖', `${he.label}: loss`, '‖∂W₁‖'],
        rows: sweep.map((p) => [
          String(p.depth),
          num(p.loss),
          num(p.firstKernelGradNorm),
          num(p.heLoss),
          num(p.heFirstKernelGradNorm),
        ]),
        notes: [
          `‖∂W₁‖ grows ×${num(growth)} per added layer with ${tooLarge.label} (least-squares slope of log ‖∂W₁‖; mean-field σ_w²/2 = ${num(theoryGrowth)}`,
          `at infinite width, where the output and the backpropagated gradient each grow by √(σ_w²/2) per layer; finite width lowers it`,
          `a little), against ×${num(heGrowth)} with ${he.label}.`,
        ],
      },
      {
        title: `5b. SGD (lr ${learningRate}, batch 32) on a ${trainDepth}-layer ReLU network: training MSE`,
        columns: ['run', 'before', ...shownEpochs.map((e) => `epoch ${e}`)],
        rows: training.map((t) => [
          t.label,
          num(t.initialLoss),
          ...shownEpochs.map((e) => num(t.losses[e - 1])),
        ]),
        notes: [
          `Target as in result 3 (here Var[y] = ${num(variance)}). Without clipping each step makes the output, and so the next`,
          'gradient, larger: the loss overflows to NaN within the first epoch. With clipnorm ' +
            `${clipnorm} (each gradient tensor rescaled to norm ≤ ${clipnorm}, as Keras)`,
          'the same network trains, as the He-initialized one does without clipping.',
        ],
      },
    ],
    charts: [
      {
        file: '5-exploding-depth',
        title: 'Gradient norm of the first kernel at initialization, by depth',
        xLabel: 'depth (hidden layers)',
        yLabel: '‖∂loss/∂W₁‖',
        yScale: 'log',
        series: [
          {
            name: tooLarge.label,
            points: sweep.map((p) => [p.depth, p.firstKernelGradNorm] as [number, number]),
          },
          {
            name: he.label,
            points: sweep.map((p) => [p.depth, p.heFirstKernelGradNorm] as [number, number]),
          },
        ],
      },
      {
        file: '5-exploding-clipnorm',
        title: `SGD on a ${trainDepth}-layer ReLU network, with and without clipnorm (gaps: NaN/∞)`,
        xLabel: 'epoch',
        yLabel: 'training MSE',
        yScale: 'log',
        series: training.map((t) => ({
          name: t.label,
          points: [t.initialLoss, ...t.losses].map((v, e) => [e, v] as [number, number]),
        })),
      },
    ],
    data: { sweep, growth, heGrowth, theoryGrowth, training, variance, tooLarge },
  };
}
