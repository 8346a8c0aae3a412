/**
 * The training loop of the training view, as a plain class so that it runs (and is tested) the
 * same in Node, in the page and in the Web Worker. A Sequential model of Dense layers with one
 * logit output, binary cross-entropy from logits, and one of the layers package's optimizers.
 *
 * A step is written with the model's functional core (`parameters`, `computeLoss`,
 * `setParameters`) and `valueAndGrad`, rather than `trainOnBatch`, because the view shows each
 * layer's gradient norm and `trainOnBatch` does not return the gradients. The loss and its
 * gradient are compiled with `jit` (as `fit` compiles its step): the model has only Dense layers,
 * so the step is a pure function of the parameters and the batch, all passed as arguments.
 */
import { type Tensor, GradflowError, jit, tensor, valueAndGrad } from '@gradflow/autodiff';
import {
  Adam,
  BinaryCrossentropy,
  Dense,
  type Optimizer,
  RMSprop,
  SGD,
  Sequential,
  initializers,
} from '@gradflow/layers';
import type { TrainConfig } from './config.js';
import { DOMAIN, Rng, generate, permutation, split, type Points, type Split } from './data.js';
import { featurize } from './features.js';

/** Points in each data set (the TensorFlow Playground's 500). */
export const POINTS = 500;

/** Cells per side of the decision-boundary grid. */
export const GRID = 48;

export interface TrainFrame {
  /** Gradient steps taken. */
  step: number;
  /** Completed passes over the training set. */
  epoch: number;
  /** Mean loss over the whole training set. */
  trainLoss: number;
  /** Mean loss over the whole test set. */
  testLoss: number;
  /** Probability of class 1 on a GRID×GRID grid over [-DOMAIN, DOMAIN]², row-major, top row (x2 = +DOMAIN) first. */
  grid: Float32Array;
  /** Per layer (hidden layers, then the output), the L2 norm of its gradient (kernel and bias) at the last step; zeros before the first. */
  gradNorms: Float64Array;
}

function optimizerFor(c: TrainConfig): Optimizer {
  const learningRate = c.learningRate;
  if (c.optimizer === 'sgd') return new SGD({ learningRate, momentum: c.momentum });
  if (c.optimizer === 'adam') return new Adam({ learningRate });
  if (c.optimizer === 'rmsprop') return new RMSprop({ learningRate });
  throw new GradflowError(
    'Trainer',
    `unknown optimizer ${JSON.stringify(c.optimizer)}; valid: sgd, adam, rmsprop`,
  );
}

/** Cell centres of the grid as flat (x1, x2) pairs, row-major from the top-left corner. */
export function gridPoints(size: number = GRID): Float64Array {
  const xy = new Float64Array(2 * size * size);
  const cell = (2 * DOMAIN) / size;
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++) {
      const i = r * size + c;
      xy[2 * i] = -DOMAIN + (c + 0.5) * cell;
      xy[2 * i + 1] = DOMAIN - (r + 0.5) * cell;
    }
  return xy;
}

interface Inputs {
  x: Tensor;
  y: Tensor;
}

function inputs(points: Points, config: TrainConfig): Inputs {
  const n = points.y.length;
  const k = config.features.length;
  return {
    x: tensor(featurize(points.x, config.features), { shape: [n, k] }),
    y: tensor(Float32Array.from(points.y), { shape: [n, 1] }),
  };
}

/** Rows `idx` of a [n, k] tensor. */
function rows(t: Tensor, idx: ArrayLike<number>): Tensor {
  const k = t.shape[1]!;
  const src = t.data();
  const out = new Float32Array(idx.length * k);
  for (let r = 0; r < idx.length; r++) out.set(src.subarray(idx[r]! * k, idx[r]! * k + k), r * k);
  return tensor(out, { shape: [idx.length, k] });
}

export class Trainer {
  readonly config: TrainConfig;
  readonly data: Split;
  private readonly train: Inputs;
  private readonly test: Inputs;
  private readonly gridX: Tensor;
  private readonly loss = new BinaryCrossentropy({ fromLogits: true });
  private model!: Sequential;
  private optimizer!: Optimizer;
  private rng!: Rng;
  private order!: Int32Array;
  private cursor = 0;
  private norms!: Float64Array;
  private _step = 0;
  private _epoch = 0;
  /** The compiled loss and its gradient with respect to the parameters (rebuilt with the model). */
  private lossAndGrad!: (
    p: Tensor[][],
    x: Tensor,
    y: Tensor,
  ) => { value: Tensor; grads: Tensor[][] };
  /** The compiled mean loss (for the whole training and test sets). */
  private meanLoss!: (p: Tensor[][], x: Tensor, y: Tensor) => Tensor;

  /** `compiled: false` runs the step eagerly (the tests compare the two). */
  constructor(
    config: TrainConfig,
    private readonly options: { compiled?: boolean } = {},
  ) {
    this.config = structuredClone(config);
    const points = generate(config.dataset, { n: POINTS, noise: config.noise, seed: config.seed });
    this.data = split(points, config.split, config.seed);
    this.train = inputs(this.data.train, config);
    this.test = inputs(this.data.test, config);
    const g = gridPoints();
    this.gridX = tensor(featurize(g, config.features), {
      shape: [GRID * GRID, config.features.length],
    });
    this.reset();
  }

  get step(): number {
    return this._step;
  }

  get epoch(): number {
    return this._epoch;
  }

  /** Batch shapes the training step is compiled for (0 when it runs eagerly). */
  get compiledSteps(): number {
    return (this.lossAndGrad as { cacheSize?: number }).cacheSize ?? 0;
  }

  /** Number of layers with weights (hidden layers and the output layer). */
  get layerCount(): number {
    return this.config.layers.length + 1;
  }

  /** New weights from the seed, a fresh optimizer, step and epoch back to 0. */
  reset(): void {
    const c = this.config;
    const seed = c.seed;
    const kernel = (i: number) => initializers.get(c.initializer, { seed: seed * 31 + i });
    const hidden = c.layers.map(
      (l, i) =>
        new Dense({
          units: l.units,
          activation: l.activation,
          kernelInitializer: kernel(i),
          name: `hidden_${i + 1}`,
          ...(i === 0 ? { inputShape: [c.features.length] } : {}),
        }),
    );
    const output = new Dense({
      units: 1,
      kernelInitializer: kernel(c.layers.length),
      name: 'output',
      ...(hidden.length === 0 ? { inputShape: [c.features.length] } : {}),
    });
    this.model = new Sequential({ layers: [...hidden, output], name: 'playground' });
    this.optimizer = optimizerFor(c);
    this.model.compile({ optimizer: this.optimizer, loss: this.loss });
    const model = this.model;
    const loss = (p: Tensor[][], x: Tensor, y: Tensor) => model.computeLoss(p, x, y);
    const lossAndGrad = valueAndGrad(loss) as typeof this.lossAndGrad;
    const eager = this.options.compiled === false;
    this.lossAndGrad = eager ? lossAndGrad : jit(lossAndGrad);
    this.meanLoss = eager ? loss : jit(loss);
    this.rng = new Rng(seed ^ 0x5bd1e995);
    this.order = permutation(this.data.train.y.length, this.rng);
    this.cursor = 0;
    this.norms = new Float64Array(this.layerCount);
    this._step = 0;
    this._epoch = 0;
  }

  /** Takes `count` gradient steps, each on the next batch of the shuffled training set; returns the last batch's loss. */
  run(count = 1): number {
    if (!Number.isInteger(count) || count < 1)
      throw new GradflowError('Trainer.run', `count must be a whole number >= 1, got ${count}`);
    let last = NaN;
    for (let s = 0; s < count; s++) last = this.once();
    return last;
  }

  private once(): number {
    const n = this.order.length;
    const end = Math.min(n, this.cursor + this.config.batchSize);
    const idx = this.order.subarray(this.cursor, end);
    const xb = rows(this.train.x, idx);
    const yb = rows(this.train.y, idx);
    const model = this.model;
    const params = model.parameters() as Tensor[][];
    const { value, grads } = this.lossAndGrad(params, xb, yb);
    grads.forEach((layer, i) => {
      let ss = 0;
      for (const g of layer) for (const v of g.data()) ss += v * v;
      this.norms[i] = Math.sqrt(ss);
    });
    const updated = this.optimizer.apply(grads.flat(), params.flat());
    let k = 0;
    model.setParameters(params.map((layer) => updated.slice(k, (k += layer.length))));
    this._step++;
    this.cursor = end;
    if (this.cursor >= n) {
      this._epoch++;
      this.cursor = 0;
      this.order = permutation(n, this.rng);
    }
    return value.item();
  }

  /** Mean loss over the whole training and test sets. */
  losses(): { train: number; test: number } {
    const params = this.model.parameters();
    const mean = (d: Inputs) => this.meanLoss(params, d.x, d.y).item();
    return { train: mean(this.train), test: mean(this.test) };
  }

  /** The model's probability of class 1 at each grid cell (see TrainFrame.grid). */
  grid(): Float32Array {
    const logits = this.model.predict(this.gridX, { batchSize: GRID * GRID }).data();
    const out = new Float32Array(logits.length);
    for (let i = 0; i < logits.length; i++) out[i] = 1 / (1 + Math.exp(-logits[i]!));
    return out;
  }

  /** Everything a viewer draws, as fresh arrays it may keep (or transfer). */
  frame(): TrainFrame {
    const { train, test } = this.losses();
    return {
      step: this._step,
      epoch: this._epoch,
      trainLoss: train,
      testLoss: test,
      grid: this.grid(),
      gradNorms: this.norms.slice(),
    };
  }
}
