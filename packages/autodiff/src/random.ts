import { type DType, DTYPES, allocate, isDType } from './dtype.js';
import { GradflowError } from './errors.js';
import { checkShape, sizeOf } from './shape.js';
import { Tensor } from './tensor.js';

/*
 * Reproducible randomness: the same seed gives the same numbers on every platform. The
 * generator (xoshiro128**) uses only 32-bit integer arithmetic, and normals use the polar
 * method with a logarithm computed from + - * / alone (fdlibm's algorithm), never Math.log,
 * whose last bit may differ between JavaScript engines.
 */

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const LG = [
  6.66666666666673513e-1, 3.999999999940941908e-1, 2.857142874366239149e-1, 2.222219843214978396e-1,
  1.818357216161805012e-1, 1.531383769920937332e-1, 1.479819860511658591e-1,
];

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Natural log with results identical on every engine (fdlibm e_log.c, for finite x > 0). */
export function portableLog(x: number): number {
  if (!(x > 0) || x === Infinity) return x === 0 ? -Infinity : x === Infinity ? x : NaN;
  let k = 0;
  f64[0] = x;
  let hx = u32[HI]! | 0;
  if (hx < 0x00100000) {
    k -= 54;
    f64[0] = x * 18014398509481984;
    hx = u32[HI]! | 0;
  }
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  u32[HI] = hx | (i ^ 0x3ff00000);
  k += i >> 20;
  const f = f64[0] - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const R = f * f * (0.5 - (1 / 3) * f);
    return k === 0 ? f - R : dk * LN2_HI - (R - dk * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG[1]! + w * (LG[3]! + w * LG[5]!));
  const t2 = z * (LG[0]! + w * (LG[2]! + w * (LG[4]! + w * LG[6]!)));
  const R = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0
      ? f - (hfsq - s * (hfsq + R))
      : dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function checkSeed(op: string, seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new GradflowError(op, `seed must be a safe integer, got ${String(seed)}`);
  }
  return seed;
}

/** A seeded stream of uniform and normal numbers (xoshiro128**). */
export class RandomGenerator {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  constructor(seed: number) {
    checkSeed('RandomGenerator', seed);
    const st = { s: (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) >>> 0, 0x27d4eb2d) };
    this.s0 = splitmix32(st);
    this.s1 = splitmix32(st);
    this.s2 = splitmix32(st);
    this.s3 = splitmix32(st);
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** An integer uniform in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Marsaglia's polar method, portable log). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * portableLog(s)) / s);
    this.spare = v * m;
    return u * m;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

let globalGen: RandomGenerator | null = null;

function generator(op: string, seed: number | undefined): RandomGenerator {
  if (seed !== undefined) return new RandomGenerator(checkSeed(op, seed));
  // Unseeded draws are meant to differ between runs, as in Keras; everything seeded replays.
  // eslint-disable-next-line no-restricted-syntax
  globalGen ??= new RandomGenerator(Math.floor(Math.random() * 2 ** 32));
  return globalGen;
}

/** Seeds the stream that unseeded calls draw from. */
export function setGlobalSeed(seed: number): void {
  globalGen = new RandomGenerator(checkSeed('setGlobalSeed', seed));
}

function draw(
  op: string,
  shape: readonly number[],
  dtype: DType | undefined,
  seed: number | undefined,
  sample: (g: RandomGenerator) => number,
): Tensor {
  const s = checkShape(op, shape);
  const dt = dtype ?? 'float32';
  if (!isDType(dt))
    throw new GradflowError(
      op,
      `unknown dtype ${JSON.stringify(dt)}; valid dtypes: ${DTYPES.join(', ')}`,
    );
  const g = generator(op, seed);
  const d = allocate(dt, sizeOf(s));
  for (let i = 0; i < d.length; i++) d[i] = sample(g);
  return new Tensor(d, s, dt);
}

function finite(op: string, name: string, v: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new GradflowError(op, `${name} must be a finite number, got ${String(v)}`);
  return v;
}

export interface NormalOptions {
  mean?: number;
  stddev?: number;
  seed?: number;
  dtype?: DType;
}

export interface UniformOptions {
  minval?: number;
  maxval?: number;
  seed?: number;
  dtype?: DType;
}

function normalParams(op: string, o: NormalOptions): [number, number] {
  const mean = finite(op, 'mean', o.mean ?? 0);
  const stddev = finite(op, 'stddev', o.stddev ?? 1);
  if (stddev < 0) throw new GradflowError(op, `stddev must be >= 0, got ${stddev}`);
  return [mean, stddev];
}

/** Normal samples with the given mean and stddev (defaults 0 and 1). */
export function randomNormal(shape: readonly number[], options: NormalOptions = {}): Tensor {
  const [mean, stddev] = normalParams('randomNormal', options);
  return draw(
    'randomNormal',
    shape,
    options.dtype,
    options.seed,
    (g) => mean + stddev * g.normal(),
  );
}

/** Normal samples redrawn until within 2 stddev of the mean (as Keras and TensorFlow do). */
export function truncatedNormal(shape: readonly number[], options: NormalOptions = {}): Tensor {
  const [mean, stddev] = normalParams('truncatedNormal', options);
  return draw('truncatedNormal', shape, options.dtype, options.seed, (g) => {
    let z: number;
    do z = g.normal();
    while (z < -2 || z > 2);
    return mean + stddev * z;
  });
}

/** Uniform samples in [minval, maxval) (defaults 0 and 1). */
export function randomUniform(shape: readonly number[], options: UniformOptions = {}): Tensor {
  const lo = finite('randomUniform', 'minval', options.minval ?? 0);
  const hi = finite('randomUniform', 'maxval', options.maxval ?? 1);
  if (hi < lo) throw new GradflowError('randomUniform', `maxval (${hi}) must be >= minval (${lo})`);
  const round = options.dtype === 'float64' ? (v: number) => v : Math.fround;
  // A draw just below maxval can round up to it (in float32 about once in 2^25 draws): redraw it,
  // so that the range stays [minval, maxval). Not when no value of the dtype lies in the range.
  const redraw = hi > lo && round(lo) < hi;
  return draw('randomUniform', shape, options.dtype, options.seed, (g) => {
    let v: number;
    do v = lo + (hi - lo) * g.uniform();
    while (redraw && round(v) >= hi);
    return v;
  });
}
