/**
 * Two-class 2-D data sets for the training view, as in the TensorFlow Playground: points in the
 * square [-6, 6]², labels 0 and 1, exactly half of each class. Every generator is a pure function
 * of its options: the same seed gives the same points. Noise moves points but never changes
 * their label, so a noisy set overlaps its classes instead of mislabelling them.
 */
import { GradflowError } from '@gradflow/autodiff';

export const DATASETS = ['circle', 'xor', 'gauss', 'spiral', 'moons'] as const;
export type DatasetId = (typeof DATASETS)[number];

/** Half-width of the square every point lies in (and the decision-boundary plot shows). */
export const DOMAIN = 6;

/** Largest noise level the generators accept (the TensorFlow Playground's 50%). */
export const MAX_NOISE = 0.5;

export interface DataOptions {
  /** Number of points (even, at least 2). */
  n: number;
  /** Noise level in [0, MAX_NOISE]. */
  noise: number;
  /** Seed of the generator (an integer). */
  seed: number;
}

/** Points as flat columns: `x[2i]`, `x[2i + 1]` are point i's coordinates, `y[i]` its class. */
export interface Points {
  readonly x: Float64Array;
  readonly y: Uint8Array;
}

export interface Split {
  readonly train: Points;
  readonly test: Points;
}

/** A small, fast, seeded generator (mulberry32): uniform numbers in [0, 1). */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Uniform in [a, b). */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.next();
  }
  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

type Point = [number, number];
/** Makes point i (of n) of class `label`; the class count is n / 2 each. */
type Maker = (rng: Rng, i: number, half: number, label: 0 | 1, noise: number) => Point;

const clamp = (v: number) => Math.max(-DOMAIN, Math.min(DOMAIN, v));

const RADIUS = 5;

const makers: Record<DatasetId, Maker> = {
  // Class 1 inside radius 2.5, class 0 in the ring from 3.5 to 5.
  circle(rng, _i, _half, label, noise) {
    const r = label === 1 ? rng.uniform(0, RADIUS * 0.5) : rng.uniform(RADIUS * 0.7, RADIUS);
    const a = rng.uniform(0, 2 * Math.PI);
    const nx = rng.uniform(-RADIUS, RADIUS) * noise;
    const ny = rng.uniform(-RADIUS, RADIUS) * noise;
    return [r * Math.sin(a) + nx, r * Math.cos(a) + ny];
  },
  // Class 1 where x1·x2 > 0; points keep 0.3 away from the axes. Each class fills its two
  // quadrants in turn.
  xor(rng, i, _half, label, noise) {
    const pad = 0.3;
    const sx = Math.floor(i / 2) % 2 === 0 ? 1 : -1;
    const sy = label === 1 ? sx : -sx;
    const x = sx * rng.uniform(pad, 5);
    const y = sy * rng.uniform(pad, 5);
    return [x + rng.uniform(-5, 5) * noise, y + rng.uniform(-5, 5) * noise];
  },
  // Two Gaussian blobs at (2, 2) (class 1) and (-2, -2); noise widens them.
  gauss(rng, _i, _half, label, noise) {
    const std = Math.sqrt(0.5 + (4 - 0.5) * (noise / MAX_NOISE));
    const c = label === 1 ? 2 : -2;
    return [c + rng.normal() * std, c + rng.normal() * std];
  },
  // Two interleaved arms of a spiral.
  spiral(rng, i, half, label, noise) {
    const k = Math.floor(i / 2);
    const r = (k / half) * RADIUS;
    const t = (1.75 * k * 2 * Math.PI) / half + (label === 1 ? 0 : Math.PI);
    return [
      r * Math.sin(t) + rng.uniform(-1, 1) * noise * 2,
      r * Math.cos(t) + rng.uniform(-1, 1) * noise * 2,
    ];
  },
  // Two interleaving half circles (scikit-learn's make_moons), scaled to the square.
  moons(rng, _i, _half, label, noise) {
    const t = rng.uniform(0, Math.PI);
    const [x, y] = label === 1 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    const scale = 3.2;
    return [
      (x - 0.5) * scale + rng.normal() * noise * 1.5,
      (y - 0.25) * scale + rng.normal() * noise * 1.5,
    ];
  },
};

function check(op: string, ok: boolean, message: string): void {
  if (!ok) throw new GradflowError(op, message);
}

/** Generates a data set: n points, half of each class, interleaved (class 1 first). */
export function generate(dataset: DatasetId, options: DataOptions): Points {
  const op = 'train.generate';
  check(
    op,
    (DATASETS as readonly string[]).includes(dataset),
    `unknown data set ${JSON.stringify(dataset)}; valid: ${DATASETS.join(', ')}`,
  );
  const { n, noise, seed } = options;
  check(
    op,
    Number.isInteger(n) && n >= 2 && n % 2 === 0,
    `n must be an even integer >= 2, got ${n}`,
  );
  check(
    op,
    Number.isFinite(noise) && noise >= 0 && noise <= MAX_NOISE,
    `noise must be in [0, ${MAX_NOISE}], got ${noise}`,
  );
  check(op, Number.isInteger(seed), `seed must be an integer, got ${seed}`);
  const rng = new Rng(seed);
  const make = makers[dataset];
  const half = n / 2;
  const x = new Float64Array(2 * n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2 === 0 ? 1 : 0;
    const [a, b] = make(rng, i, half, label, noise);
    x[2 * i] = clamp(a);
    x[2 * i + 1] = clamp(b);
    y[i] = label;
  }
  return { x, y };
}

/** Rows `idx` of a point set. */
export function take(points: Points, idx: ArrayLike<number>): Points {
  const x = new Float64Array(2 * idx.length);
  const y = new Uint8Array(idx.length);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    x[2 * k] = points.x[2 * i]!;
    x[2 * k + 1] = points.x[2 * i + 1]!;
    y[k] = points.y[i]!;
  }
  return { x, y };
}

/** A seeded permutation of 0..n-1 (Fisher-Yates). */
export function permutation(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n).map((_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/**
 * Splits points into train and test sets: a seeded shuffle, then the first `ratio` of the points
 * (rounded, at least one in each set) for training.
 */
export function split(points: Points, ratio: number, seed: number): Split {
  const n = points.y.length;
  check(
    'train.split',
    Number.isFinite(ratio) && ratio > 0 && ratio < 1,
    `ratio must be in (0, 1), got ${ratio}`,
  );
  check('train.split', n >= 2, `needs at least 2 points, got ${n}`);
  const order = permutation(n, new Rng(seed ^ 0x9e3779b9));
  const cut = Math.min(n - 1, Math.max(1, Math.round(ratio * n)));
  return { train: take(points, order.subarray(0, cut)), test: take(points, order.subarray(cut)) };
}
