import { type Tensor, tensor } from '@gradflow/autodiff';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Adam, Optimizer, RMSprop, SGD, optimizers } from '../src/index.js';
import { values } from './helpers.js';

const f64 = (v: number[]) => tensor(v, { dtype: 'float64' });

/** Runs an optimizer over a list of gradient steps for one parameter and returns every iterate. */
function run(opt: Optimizer, w0: number[], grads: number[][]): number[][] {
  let w = [f64(w0)];
  const out: number[][] = [];
  for (const g of grads) {
    w = opt.apply([f64(g)], w);
    out.push(values(w[0]!));
  }
  return out;
}

function expectClose(actual: number[][], expected: number[][], digits = 12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) =>
    row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, digits)),
  );
}

// Scalar transcriptions of Keras 3's update_step formulas (keras/src/optimizers/*.py), the oracle.
function kerasSGD(
  lr: number,
  m: number,
  nesterov: boolean,
  w0: number[],
  grads: number[][],
): number[][] {
  const w = w0.slice();
  const v = w0.map(() => 0);
  return grads.map((g) => {
    g.forEach((gi, i) => {
      if (m === 0) w[i]! -= lr * gi;
      else {
        v[i] = -gi * lr + v[i]! * m;
        w[i]! += nesterov ? -gi * lr + v[i]! * m : v[i]!;
      }
    });
    return w.slice();
  });
}

function kerasAdam(
  lr: number,
  b1: number,
  b2: number,
  eps: number,
  w0: number[],
  grads: number[][],
  amsgrad = false,
): number[][] {
  const w = w0.slice();
  const m = w0.map(() => 0);
  const v = w0.map(() => 0);
  const vhat = w0.map(() => 0);
  return grads.map((g, step) => {
    const t = step + 1;
    const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    g.forEach((gi, i) => {
      m[i]! += (gi - m[i]!) * (1 - b1);
      v[i]! += (gi * gi - v[i]!) * (1 - b2);
      let vi = v[i]!;
      if (amsgrad) vi = vhat[i] = Math.max(vhat[i]!, vi);
      w[i]! -= (m[i]! * alpha) / (Math.sqrt(vi) + eps);
    });
    return w.slice();
  });
}

function kerasRMSprop(
  lr: number,
  rho: number,
  momentum: number,
  eps: number,
  centered: boolean,
  w0: number[],
  grads: number[][],
): number[][] {
  const w = w0.slice();
  const s = w0.map(() => 0);
  const a = w0.map(() => 0);
  const u = w0.map(() => 0);
  return grads.map((g) => {
    g.forEach((gi, i) => {
      s[i] = rho * s[i]! + (1 - rho) * gi * gi;
      let denominator = s[i]! + eps;
      if (centered) {
        a[i] = rho * a[i]! + (1 - rho) * gi;
        denominator = s[i]! - a[i]! * a[i]! + eps;
      }
      const increment = (lr * gi) / Math.sqrt(denominator);
      if (momentum > 0) {
        u[i] = momentum * u[i]! + increment;
        w[i]! -= u[i]!;
      } else w[i]! -= increment;
    });
    return w.slice();
  });
}

const W0 = [1, -2];
const G = [
  [0.5, -1],
  [0.2, 0.4],
  [-0.3, 0.1],
];

const gradSteps = fc
  .integer({ min: 1, max: 4 })
  .chain((k) =>
    fc.array(
      fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: k, maxLength: k }),
      { minLength: 1, maxLength: 6 },
    ),
  );

describe('SGD', () => {
  it('plain: w ← w - lr g (hand-computed)', () => {
    // w1 = [1 - 0.1·0.5, -2 + 0.1·1] = [0.95, -1.9]; w2 = w1 - 0.1·[0.2, 0.4] = [0.93, -1.94]
    expectClose(run(new SGD({ learningRate: 0.1 }), W0, G.slice(0, 2)), [
      [0.95, -1.9],
      [0.93, -1.94],
    ]);
  });

  it('momentum: v ← m v - lr g, w ← w + v (hand-computed)', () => {
    // v1 = [-0.05, 0.1], w1 = [0.95, -1.9]; v2 = 0.9 v1 - 0.1 g2 = [-0.065, 0.05], w2 = [0.885, -1.85]
    expectClose(run(new SGD({ learningRate: 0.1, momentum: 0.9 }), W0, G.slice(0, 2)), [
      [0.95, -1.9],
      [0.885, -1.85],
    ]);
  });

  it('nesterov: w ← w + m v - lr g with the new v (hand-computed)', () => {
    // w1 = w0 + 0.9 v1 - 0.1 g1 = [0.905, -1.81]; w2 = w1 + 0.9 v2 - 0.1 g2 = [0.8265, -1.805]
    expectClose(
      run(new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }), W0, G.slice(0, 2)),
      [
        [0.905, -1.81],
        [0.8265, -1.805],
      ],
    );
  });

  it("matches Keras's formulas over several steps for any learning rate and momentum", () => {
    fc.assert(
      fc.property(
        gradSteps,
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (grads, lr, m, nesterov) => {
          const w0 = grads[0]!.map((_, i) => i - 1.5);
          expectClose(
            run(new SGD({ learningRate: lr, momentum: m, nesterov }), w0, grads),
            kerasSGD(lr, m, nesterov, w0, grads),
            10,
          );
        },
      ),
      { numRuns: numRuns(0.5) },
    );
  });

  it('has Keras defaults: learning rate 0.01, no momentum', () => {
    const sgd = new SGD();
    expect(sgd.getConfig()).toEqual({
      name: 'SGD',
      learning_rate: 0.01,
      clipnorm: null,
      global_clipnorm: null,
      clipvalue: null,
      momentum: 0,
      nesterov: false,
    });
  });
});

describe('Adam', () => {
  it('first step moves each weight by lr against the sign of its gradient (bias correction)', () => {
    // m̂1 = g, v̂1 = g², so the step is lr · g / (|g| + ε·sqrt(1-β2)/(1-β1)... ) ≈ lr · sign(g).
    const [w1] = run(new Adam({ learningRate: 0.1 }), W0, [G[0]!]);
    expect(w1![0]).toBeCloseTo(0.9, 5);
    expect(w1![1]).toBeCloseTo(-1.9, 5);
  });

  it('hand-computed first step with ε: α = lr sqrt(1-β2)/(1-β1), w1 = w0 - α m1 / (sqrt(v1) + ε)', () => {
    const alpha = (0.1 * Math.sqrt(1 - 0.999)) / (1 - 0.9);
    const m1 = [0.1 * 0.5, 0.1 * -1];
    const v1 = [0.001 * 0.25, 0.001 * 1];
    const expected = W0.map((w, i) => w - (alpha * m1[i]!) / (Math.sqrt(v1[i]!) + 1e-7));
    expectClose(run(new Adam({ learningRate: 0.1 }), W0, [G[0]!]), [expected], 14);
  });

  it("adds ε to the uncorrected sqrt(v) (Keras), not to the bias-corrected sqrt(v̂) (the paper's Algorithm 1)", () => {
    // With g = 1e-8 the two placements differ by ~30x: Keras gives α m1 / (sqrt(v1) + ε) ≈ 3.15e-4.
    const g = 1e-8;
    const alpha = (0.1 * Math.sqrt(1 - 0.999)) / 0.1;
    const keras = (alpha * 0.1 * g) / (Math.sqrt(0.001 * g * g) + 1e-7);
    const paper = (0.1 * g) / (g + 1e-7);
    const [w1] = run(new Adam({ learningRate: 0.1 }), [0], [[g]]);
    expect(-w1![0]!).toBeCloseTo(keras, 15);
    expect(Math.abs(-w1![0]! - paper)).toBeGreaterThan(1e-3);
  });

  it("matches Keras's formulas over several steps (also with amsgrad)", () => {
    fc.assert(
      fc.property(
        gradSteps,
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.double({ min: 0.5, max: 0.9999, noNaN: true }),
        fc.constantFrom(1e-7, 1e-3, 1e-12),
        fc.boolean(),
        (grads, lr, b1, b2, eps, amsgrad) => {
          const w0 = grads[0]!.map((_, i) => i - 1.5);
          const opt = new Adam({ learningRate: lr, beta1: b1, beta2: b2, epsilon: eps, amsgrad });
          expectClose(run(opt, w0, grads), kerasAdam(lr, b1, b2, eps, w0, grads, amsgrad), 10);
          expect(opt.iterations).toBe(grads.length);
        },
      ),
      { numRuns: numRuns(0.5) },
    );
  });

  it('has Keras defaults: lr 0.001, β1 0.9, β2 0.999, ε 1e-7', () => {
    expect(new Adam().getConfig()).toEqual({
      name: 'adam',
      learning_rate: 0.001,
      clipnorm: null,
      global_clipnorm: null,
      clipvalue: null,
      beta_1: 0.9,
      beta_2: 0.999,
      epsilon: 1e-7,
      amsgrad: false,
    });
  });

  it('keeps float32 parameters float32', () => {
    const [w] = new Adam().apply([tensor([1, 2])], [tensor([0.5, 0.5])]);
    expect(w!.dtype).toBe('float32');
  });
});

describe('RMSprop', () => {
  it('hand-computed first step: s1 = (1-ρ) g², w1 = w0 - lr g / sqrt(s1 + ε)', () => {
    const s1 = [0.1 * 0.25, 0.1 * 1];
    const expected = W0.map((w, i) => w - (0.1 * G[0]![i]!) / Math.sqrt(s1[i]! + 1e-7));
    expectClose(run(new RMSprop({ learningRate: 0.1 }), W0, [G[0]!]), [expected], 14);
    // ≈ w0 - lr·sign(g)/sqrt(0.1) = [1 - 0.316, -2 + 0.316]
    expect(expected[0]).toBeCloseTo(1 - 0.1 / Math.sqrt(0.1), 5);
  });

  it('centered: the denominator is s - ḡ² + ε (hand-computed)', () => {
    // s1 = [0.025, 0.1], ḡ1 = [0.05, -0.1], s1 - ḡ1² = [0.0225, 0.09], sqrt = [0.15, 0.3]
    const expected = [
      1 - (0.1 * 0.5) / Math.sqrt(0.0225 + 1e-7),
      -2 + 0.1 / Math.sqrt(0.09 + 1e-7),
    ];
    expectClose(
      run(new RMSprop({ learningRate: 0.1, centered: true }), W0, [G[0]!]),
      [expected],
      14,
    );
  });

  it("matches Keras's formulas over several steps (momentum, centered)", () => {
    fc.assert(
      fc.property(
        gradSteps,
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.constantFrom(0, 0.5, 0.9),
        fc.boolean(),
        (grads, lr, rho, momentum, centered) => {
          const w0 = grads[0]!.map((_, i) => i - 1.5);
          const opt = new RMSprop({ learningRate: lr, rho, momentum, centered });
          expectClose(
            run(opt, w0, grads),
            kerasRMSprop(lr, rho, momentum, 1e-7, centered, w0, grads),
            9,
          );
        },
      ),
      { numRuns: numRuns(0.5) },
    );
  });

  it('has Keras defaults: lr 0.001, ρ 0.9, no momentum, ε 1e-7, not centered', () => {
    expect(new RMSprop().getConfig()).toEqual({
      name: 'rmsprop',
      learning_rate: 0.001,
      clipnorm: null,
      global_clipnorm: null,
      clipvalue: null,
      rho: 0.9,
      momentum: 0,
      epsilon: 1e-7,
      centered: false,
    });
  });
});

describe('gradient clipping', () => {
  it('clipnorm rescales each gradient to norm <= clipnorm, leaving short ones alone', () => {
    const sgd = new SGD({ learningRate: 1, clipnorm: 1 });
    const [a, b] = sgd.apply([f64([3, 4]), f64([0.3, 0.4])], [f64([0, 0]), f64([0, 0])]);
    expect(values(a!)).toEqual([-0.6, -0.8]);
    expect(values(b!)).toEqual([-0.3, -0.4]);
  });

  it('globalClipnorm rescales all gradients together by clipnorm / global norm', () => {
    const sgd = new SGD({ learningRate: 1, globalClipnorm: 1 });
    const [a, b] = sgd.apply([f64([3, 4]), f64([12])], [f64([0, 0]), f64([0])]);
    values(a!).forEach((v, i) => expect(v).toBeCloseTo([-3 / 13, -4 / 13][i]!, 15));
    expect(values(b!)[0]).toBeCloseTo(-12 / 13, 15);
    const [c] = new SGD({ learningRate: 1, globalClipnorm: 10 }).apply(
      [f64([3, 4])],
      [f64([0, 0])],
    );
    expect(values(c!)).toEqual([-3, -4]);
  });

  it('clipvalue clips every entry to [-clipvalue, clipvalue]', () => {
    const [w] = new SGD({ learningRate: 1, clipvalue: 0.5 }).apply(
      [f64([3, -4, 0.2])],
      [f64([0, 0, 0])],
    );
    expect(values(w!)).toEqual([-0.5, 0.5, -0.2]);
  });

  it('clips before the update rule, also for Adam and RMSprop', () => {
    const grads = [
      [30, -40],
      [0.1, 0.2],
    ];
    const clipped = [
      [0.6, -0.8],
      [0.1, 0.2],
    ];
    expectClose(
      run(new Adam({ learningRate: 0.01, clipnorm: 1 }), W0, grads),
      kerasAdam(0.01, 0.9, 0.999, 1e-7, W0, clipped),
    );
    expectClose(
      run(new RMSprop({ learningRate: 0.01, clipvalue: 0.5 }), W0, grads),
      kerasRMSprop(0.01, 0.9, 0, 1e-7, false, W0, [
        [0.5, -0.5],
        [0.1, 0.2],
      ]),
    );
  });

  it('allows only one of clipnorm, clipvalue and globalClipnorm', () => {
    expect(() => new Adam({ clipnorm: 1, clipvalue: 1 })).toThrow(
      /Adam: only one of clipnorm, clipvalue and globalClipnorm can be set; got clipnorm=1, clipvalue=1/,
    );
    expect(() => new SGD({ clipnorm: 0 })).toThrow(
      /SGD: clipnorm must be a number > 0 \(or null for no clipping\), got 0/,
    );
  });
});

describe('optimizer state and ids', () => {
  it('builds its state for the first parameters and refuses others', () => {
    const adam = new Adam();
    adam.apply([f64([1, 2])], [f64([0, 0])]);
    expect(adam.getSlots().m![0]!.shape).toEqual([2]);
    expect(() => adam.apply([f64([1, 2, 3])], [f64([0, 0, 0])])).toThrow(
      /Adam.apply: this optimizer was built for 1 parameters of shapes \[2\] but got 1 of shapes \[3\]; use a new optimizer \(or reset\(\)\)/,
    );
    adam.reset();
    expect(adam.iterations).toBe(0);
    expect(values(adam.apply([f64([1, 2, 3])], [f64([0, 0, 0])])[0]!)).toHaveLength(3);
  });

  it('checks gradients against parameters', () => {
    const sgd = new SGD();
    expect(() => sgd.apply([f64([1])], [f64([1]), f64([2])])).toThrow(
      /SGD.apply: got 1 gradients for 2 parameters/,
    );
    expect(() => sgd.apply([f64([1, 2])], [f64([1])])).toThrow(
      /SGD.apply: gradient 0 has shape \[2\] but its parameter has shape \[1\]/,
    );
    expect(() => sgd.apply([[1]] as unknown as Tensor[], [f64([1])])).toThrow(
      /gradient and parameter 0 must be Tensors/,
    );
  });

  it('validates hyperparameters with the valid range', () => {
    expect(() => new SGD({ momentum: 1.5 })).toThrow(
      /SGD: momentum must be a number in \[0, 1\], got 1.5/,
    );
    expect(() => new Adam({ beta1: 1 })).toThrow(/Adam: beta1 must be a number in \[0, 1\), got 1/);
    expect(() => new Adam({ learningRate: -0.1 })).toThrow(
      /Adam: learningRate must be a finite number >= 0, got -0.1/,
    );
    expect(() => new RMSprop({ rho: -0.1 })).toThrow(/RMSprop: rho must be a number in \[0, 1\)/);
    expect(() => new Adam({ learning_rate: 0.1 } as never)).toThrow(
      /Adam: unknown option "learning_rate"; valid options: learningRate, clipnorm, clipvalue, globalClipnorm, name, beta1, beta2, epsilon, amsgrad/,
    );
    const adam = new Adam();
    adam.learningRate = 0.5;
    expect(adam.learningRate).toBe(0.5);
    expect(() => (adam.learningRate = NaN)).toThrow(
      /Adam: learningRate must be a finite number >= 0, got NaN/,
    );
  });

  it("resolves 'sgd', 'adam', 'rmsprop' (any case) and round-trips Keras configs", () => {
    expect(optimizers.get('sgd')).toBeInstanceOf(SGD);
    expect(optimizers.get('Adam')).toBeInstanceOf(Adam);
    expect(optimizers.get('RMSprop')).toBeInstanceOf(RMSprop);
    expect(optimizers.list()).toEqual(['sgd', 'adam', 'rmsprop']);
    for (const opt of [
      new Adam({ learningRate: 0.01, beta1: 0.8, clipnorm: 2 }),
      new SGD({ momentum: 0.9, nesterov: true, clipvalue: 1 }),
      new RMSprop({ centered: true, globalClipnorm: 3 }),
    ]) {
      const again = optimizers.get(optimizers.serialize(opt));
      expect(again.constructor).toBe(opt.constructor);
      expect(again.getConfig()).toEqual(opt.getConfig());
    }
    expect(() => optimizers.get('adagrad')).toThrow(
      /optimizers.get: unknown optimizer "adagrad"; valid ids: sgd, adam, rmsprop/,
    );
  });
});
