/**
 * jit on the tape backend: the compiled program gives eager's results bit for bit, for random
 * programs, their gradients, and every activation with its first and second derivatives; it
 * recompiles per signature, keeps a bounded cache, composes with the transforms, and rejects
 * bad input with a GradflowError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numRuns } from '@gradflow/vitest-config/fast-check';
import {
  type Tensor,
  GradflowError,
  activationInfo,
  activations,
  add,
  exp,
  grad,
  jit,
  matmul,
  mul,
  randomNormal,
  sum,
  tanh,
  tensor,
  valueAndGrad,
  vjp,
} from '../src/index.js';
import { evaluate, programArb, show } from './programs.js';

/** Asserts two tensors (or arrays / objects of them) are equal to the last bit, NaN and -0 included. */
function expectSameBits(got: unknown, want: unknown, label: string): void {
  if (Array.isArray(want)) {
    (want as unknown[]).forEach((w, i) =>
      expectSameBits((got as unknown[])[i], w, `${label}[${i}]`),
    );
    return;
  }
  const g = got as Tensor;
  const w = want as Tensor;
  expect(g.shape, label).toEqual(w.shape);
  expect(g.dtype, label).toBe(w.dtype);
  const gd = g.data();
  const wd = w.data();
  for (let i = 0; i < wd.length; i++) {
    if (!Object.is(gd[i], wd[i]))
      expect.fail(`${label}: element ${i} is ${gd[i]}, eager gives ${wd[i]}`);
  }
}

const TAPE = { backend: 'tape' } as const;

describe('jit (tape backend) equals eager bit for bit', () => {
  it('random programs: the value and the vector-Jacobian product of jit(f) equal eager to the last bit', () => {
    fc.assert(
      fc.property(programArb, ({ n, expr, inputs, seed }) => {
        const xs = inputs.map(({ shape, values }) => tensor(values, { dtype: 'float64', shape }));
        const f = (...ts: Tensor[]) => evaluate(expr, ts, n);
        const y = f(...xs);
        const u = randomNormal(y.shape, { seed, dtype: 'float64' });
        const pullback = (...ts: Tensor[]) => {
          const r = vjp(f, ...ts);
          return [r.value, ...r.vjp(u)];
        };
        expectSameBits(jit(f, TAPE)(...xs), y, show(expr));
        expectSameBits(jit(pullback, TAPE)(...xs), pullback(...xs), `vjp of ${show(expr)}`);
      }),
      { numRuns: numRuns(0.5) },
    );
  });

  it('random programs in float32: jit(valueAndGrad(sum of P)) equals eager to the last bit', () => {
    fc.assert(
      fc.property(programArb, ({ n, expr, inputs }) => {
        const xs = inputs.map(({ shape, values }) => tensor(values, { shape }));
        const loss = (...ts: Tensor[]) => sum(evaluate(expr, ts, n));
        const step = valueAndGrad(
          loss,
          xs.map((_, i) => i),
        );
        const got = jit(step, TAPE)(...xs);
        const want = step(...xs);
        expectSameBits(got.value, want.value, `value of ${show(expr)}`);
        expectSameBits(got.grads, want.grads, `grads of ${show(expr)}`);
      }),
      { numRuns: numRuns(0.3) },
    );
  });

  const pinned = [0, -0, 1e-30, -1e-30, 0.5, -0.5, 1, -1, 3, -3, 6, 20, -20, 40, -40, 100, -100];

  for (const id of activations.list().filter((a) => activationInfo(a).elementwise)) {
    it(`${id}: f, f' and f'' through jit equal eager bit for bit (so the hidden-reference accuracy carries over), float32 and float64`, () => {
      const f = activations.get(id);
      const d1 = grad((y: Tensor) => f(y).sum());
      const d2 = grad((y: Tensor) => (d1(y) as Tensor).sum());
      const all = (x: Tensor) => [f(x), d1(x) as Tensor, d2(x) as Tensor];
      for (const dtype of ['float32', 'float64'] as const) {
        const x = tensor(pinned, { dtype });
        expectSameBits(jit(all, TAPE)(x), all(x), `${id} ${dtype}`);
      }
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: -60, max: 60, noNaN: true }), { minLength: 1, maxLength: 40 }),
          (xs) => {
            const x = tensor(xs, { dtype: 'float64' });
            expectSameBits(jit(all, TAPE)(x), all(x), `${id} at ${xs.join(', ')}`);
          },
        ),
        { numRuns: numRuns(0.1) },
      );
    });
  }

  it('jit(valueAndGrad(loss)) is a compiled training step: a small MLP with matmul, bias and tanh', () => {
    const params = {
      w1: randomNormal([4, 8], { seed: 1 }),
      b1: randomNormal([8], { seed: 2 }),
      w2: randomNormal([8, 1], { seed: 3 }),
    };
    const x = randomNormal([16, 4], { seed: 4 });
    const loss = (p: typeof params, xb: Tensor) =>
      matmul(tanh(add(matmul(xb, p.w1), p.b1)), p.w2)
        .square()
        .mean();
    const step = valueAndGrad(loss);
    const got = jit(step, TAPE)(params, x);
    const want = step(params, x);
    expectSameBits(got.value, want.value, 'loss');
    for (const k of ['w1', 'b1', 'w2'] as const)
      expectSameBits(got.grads[k], want.grads[k], `d/d${k}`);
  });
});

describe('jit: signatures, cache and composition', () => {
  it('traces once per signature: same shapes reuse the program, a new shape or dtype recompiles', () => {
    let traces = 0;
    const f = jit((x: Tensor) => {
      traces++;
      return exp(x).mul(2);
    }, TAPE);
    f(tensor([1, 2]));
    f(tensor([3, 4]));
    expect(traces).toBe(1);
    expectSameBits(f(tensor([5, 6])), exp(tensor([5, 6])).mul(2), 'reused program');
    f(tensor([1, 2, 3]));
    expect(traces).toBe(2);
    f(tensor([1, 2], { dtype: 'float64' }));
    expect(traces).toBe(3);
    expect(f.cacheSize).toBe(3);
  });

  it('the argument structure and static (non-tensor) values are part of the signature', () => {
    let traces = 0;
    const f = jit((p: { a: Tensor; b: Tensor }, k: number) => {
      traces++;
      return add(p.a, mul(p.b, k));
    });
    const a = tensor([1, 2]);
    expectSameBits(f({ a, b: a }, 3), add(a, mul(a, 3)), 'k = 3');
    expectSameBits(f({ a, b: a }, 4), add(a, mul(a, 4)), 'k = 4');
    f({ a, b: a }, 4);
    expect(traces).toBe(2);
  });

  it('the cache is bounded: the least recently used signature is dropped and traced again', () => {
    let traces = 0;
    const f = jit(
      (x: Tensor) => {
        traces++;
        return x.mul(x);
      },
      { cacheSize: 2 },
    );
    const [a, b, c] = [tensor([1]), tensor([1, 2]), tensor([1, 2, 3])];
    f(a);
    f(b);
    f(a); // a is now the most recent
    f(c); // drops b
    expect(f.cacheSize).toBe(2);
    expect(traces).toBe(3);
    f(a);
    expect(traces).toBe(3);
    f(b);
    expect(traces).toBe(4);
  });

  it('composes: grad(jit(f)), jit(grad(f)), jit(jit(f)) and a second derivative through jit all equal eager', () => {
    const f = (x: Tensor) => tanh(x).mul(x).sum();
    const x = tensor([-1.5, 0.25, 2], { dtype: 'float64' });
    const g = grad(f);
    expectSameBits(grad(jit(f, TAPE))(x), g(x), 'grad(jit(f))');
    expectSameBits(jit(g, TAPE)(x), g(x), 'jit(grad(f))');
    expectSameBits(jit(jit(f, TAPE), TAPE)(x), f(x), 'jit(jit(f))');
    const h = grad((y: Tensor) => (jit(g, TAPE)(y) as Tensor).sum());
    expectSameBits(jit(h, TAPE)(x), grad((y: Tensor) => (g(y) as Tensor).sum())(x), "f''");
  });

  it('outputs may be trees of tensors, inputs, captured constants or repeated values', () => {
    const c = tensor([10, 20]);
    const f = jit((x: Tensor) => ({ same: x, captured: c, pair: [x.add(c), x.add(c)] }), TAPE);
    const x = tensor([1, 2]);
    const r = f(x);
    expectSameBits(r.same, x, 'input as output');
    expectSameBits(r.captured, c, 'constant as output');
    expectSameBits(r.pair, [x.add(c), x.add(c)], 'repeated output');
    // outputs are fresh tensors: a later call does not change an earlier result
    const first = f(tensor([1, 1])).pair[0];
    f(tensor([5, 5]));
    expect(first.toArray()).toEqual([11, 21]);
  });
});

describe('jit: bad input is a GradflowError that says what is wrong', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['a non-function', () => jit(3 as never), /jit: expected a function, got number/],
    ['an output that is not a tensor', () => jit(() => 3 as never)(), /jit: .*output is number/],
    [
      'an output tree with a non-tensor leaf',
      () => jit((x: Tensor) => ({ y: x, n: 'no' }) as never)(tensor(1)),
      /jit: .*output\.n is string/,
    ],
    [
      'a function argument',
      () => jit((x: Tensor) => x)((() => 1) as never),
      /jit: argument\[0\] is a function/,
    ],
    [
      'a bad cache size',
      () => jit((x: Tensor) => x, { cacheSize: 0 }),
      /jit: cacheSize must be an integer >= 1, got 0/,
    ],
    [
      'an unknown backend',
      () => jit((x: Tensor) => x, { backend: 'gpu' as never }),
      /jit: unknown backend "gpu"; valid backends: auto, tape, wasm/,
    ],
  ];
  for (const [what, run, message] of cases) {
    it(what, () => {
      expect(run).toThrow(GradflowError);
      expect(run).toThrow(message);
    });
  }

  it('an op error inside the traced function keeps its own message', () => {
    const f = jit((a: Tensor, b: Tensor) => add(a, b), TAPE);
    expect(() => f(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/add: .*\[2\].*\[3\]/);
  });
});
