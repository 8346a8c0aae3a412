import { describe, expect, expectTypeOf, it } from 'vitest';
import { type GradsOf, type Tensor, grad, tensor, valueAndGrad, vjp } from '../src/index.js';
import { expectError, f64, valuesOf } from './core-helpers.js';

const loss = (w: Tensor, x: Tensor) => w.mul(x).sum();

describe('hasAux (JAX has_aux)', () => {
  it('valueAndGrad returns { value, grads, aux } with aux passed through, not differentiated', () => {
    const f = (w: Tensor, x: Tensor): [Tensor, { pred: Tensor; note: string }] => {
      const pred = w.mul(x);
      return [pred.square().sum(), { pred, note: 'ok' }];
    };
    const w = f64([1, 2]);
    const x = f64([3, 4]);
    const { value, grads, aux } = valueAndGrad(f, 0, { hasAux: true })(w, x);
    expect(value.item()).toBe(9 + 64);
    expect(valuesOf(grads)).toEqual([2 * 3 * 3, 2 * 8 * 4]);
    expect(valuesOf(aux.pred)).toEqual([3, 8]);
    expect(aux.note).toBe('ok');
    // aux leaves the transform like the value: nothing recorded stays attached
    expect(aux.pred._node).toBeNull();
  });

  it('grad with hasAux returns [grads, aux]; argnums defaults to 0 and may be an array', () => {
    const f = (w: Tensor, x: Tensor): [Tensor, number] => [loss(w, x), 42];
    const [g, aux] = grad(f, undefined, { hasAux: true })(f64([1, 2]), f64([3, 4]));
    expect(valuesOf(g)).toEqual([3, 4]);
    expect(aux).toBe(42);
    const [[gw, gx], aux2] = grad(f, [0, 1], { hasAux: true })(f64([1, 2]), f64([3, 4]));
    expect([valuesOf(gw), valuesOf(gx), aux2]).toEqual([[3, 4], [1, 2], 42]);
  });

  it('nests: the gradient of a hasAux gradient', () => {
    const inner = (x: Tensor): [Tensor, Tensor] => [x.mul(x).mul(x).sum(), x.mul(2)];
    const d2 = grad((x: Tensor) => grad(inner, 0, { hasAux: true })(x)[0].sum())(f64([2]));
    expect(valuesOf(d2)).toEqual([12]);
  });

  it('a function that does not return [loss, aux] gets a clear error', () => {
    expectError(
      () => valueAndGrad((x: Tensor) => x.sum() as never, 0, { hasAux: true })(f64([1])),
      'valueAndGrad',
      '[loss, aux]',
    );
    expectError(
      () => grad((x: Tensor) => [x.sum()] as never, 0, { hasAux: true })(f64([1])),
      'grad',
      'length 1',
    );
    expectError(
      () => grad((x: Tensor) => x.sum(), 0, { hasAux: 'yes' as never })(f64([1])),
      'grad',
      'hasAux',
    );
  });
});

describe('the types of grad, valueAndGrad and vjp follow argnums and the argument structure', () => {
  it('one argnum gives its gradient; an array of argnums gives a tuple', () => {
    const w = f64([1]);
    const x = f64([2]);
    expectTypeOf(grad(loss)(w, x)).toEqualTypeOf<Tensor>();
    expectTypeOf(grad(loss, 1)(w, x)).toEqualTypeOf<Tensor>();
    expectTypeOf(grad(loss, [0, 1])(w, x)).toEqualTypeOf<[Tensor, Tensor]>();
    expectTypeOf(valueAndGrad(loss, [1])(w, x).grads).toEqualTypeOf<[Tensor]>();
    expectTypeOf(valueAndGrad(loss)(w, x).value).toEqualTypeOf<Tensor>();
    const [gw, gx] = grad(loss, [0, 1])(w, x);
    expect(valuesOf(gw)).toEqual([2]);
    expect(valuesOf(gx)).toEqual([1]);
  });

  it('arrays and objects of tensors give gradients of the same structure', () => {
    const model = (p: { w: Tensor; b: Tensor[] }, x: Tensor) => p.w.mul(x).add(p.b[0]!).sum();
    const p = { w: f64([1]), b: [f64([0])] };
    const g = grad(model)(p, f64([3]));
    expectTypeOf(g).toEqualTypeOf<{ w: Tensor; b: Tensor[] }>();
    expect([valuesOf(g.w), valuesOf(g.b[0]!)]).toEqual([[3], [1]]);
    expectTypeOf<GradsOf<[{ a: Tensor }, number], [1, 0]>>().toEqualTypeOf<
      [Tensor, { a: Tensor }]
    >();
  });

  it('hasAux types: aux keeps its type', () => {
    const f = (x: Tensor): [Tensor, { n: number }] => [x.sum(), { n: 1 }];
    const r = valueAndGrad(f, 0, { hasAux: true })(f64([1]));
    expectTypeOf(r.aux).toEqualTypeOf<{ n: number }>();
    expectTypeOf(r.grads).toEqualTypeOf<Tensor>();
    expectTypeOf(grad(f, undefined, { hasAux: true })(f64([1]))).toEqualTypeOf<
      [Tensor, { n: number }]
    >();
  });

  it('vjp gives one cotangent per input, as a tuple', () => {
    const { value, vjp: back } = vjp((a, b) => a.mul(b), f64([2]), tensor(3));
    const cts = back(f64([1]));
    expectTypeOf(cts).toEqualTypeOf<[Tensor, Tensor]>();
    expect(valuesOf(value)).toEqual([6]);
    expect(cts.map((c) => c.item())).toEqual([3, 2]);
  });
});
