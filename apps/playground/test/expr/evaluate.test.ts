import {
  activations,
  add,
  exp,
  grad,
  logsumexp,
  mean,
  mul,
  neg,
  pow,
  sin,
  cos,
  tan,
  sigmoid,
  softmax,
  sqrt,
  sub,
  sum,
  tensor,
  trace,
  type Tensor,
} from '@gradflow/autodiff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ExpressionError,
  camelCase,
  compileExpression,
  formatValue,
  parseValue,
} from '../../src/lib/expr/index.js';

const f64 = (v: number | number[]) => tensor(v, { dtype: 'float64' });
const values = (t: Tensor) => Array.from(t.data());
const finite = fc.double({ min: -5, max: 5, noNaN: true });

describe('compileExpression', () => {
  it('every activation id and its camelCase alias computes what activations.get(id) computes', () => {
    const x = f64([-2, -0.5, 0.25, 1.5, 3, 7]); // even size for glu
    for (const id of activations.list()) {
      const expected = values(activations.get(id)(x));
      expect(values(compileExpression(`${id}(x)`).fn(x)), id).toEqual(expected);
      expect(values(compileExpression(`${camelCase(id)}(x)`).fn(x)), id).toEqual(expected);
    }
  });

  it('arithmetic follows precedence: 2 + 3*x^2 - x/4 equals the same built from ops', () => {
    fc.assert(
      fc.property(finite, (v) => {
        const x = f64(v);
        const direct = sub(add(2, mul(3, mul(x, x))), mul(x, 0.25)).item();
        expect(compileExpression('2 + 3*x^2 - x/4').fn(x).item()).toBeCloseTo(direct, 12);
      }),
    );
  });

  it('math functions equal the direct autodiff calls, in float64', () => {
    const v = f64([0.5, 1, 2]);
    const cases: [string, Tensor][] = [
      ['exp(v)', exp(v)],
      ['sqrt(v)', sqrt(v)],
      ['sum(v)', sum(v)],
      ['mean(v)', mean(v)],
      ['softmax(v)', softmax(v)],
      ['logsumexp(v)', logsumexp(v)],
      ['max(v)', f64(2)],
      ['min(v)', f64(0.5)],
      ['max(v, 1)', f64([1, 1, 2])],
      ['min(v, 1, 0.75)', f64([0.5, 0.75, 0.75])],
      ['-v', neg(v)],
      ['sin(v)', sin(v)],
      ['cos(v)', cos(v)],
      ['tan(v)', tan(v)],
      ['pow(v, 3)', pow(v, 3)],
      ['v^-1.5', pow(v, -1.5)],
      ['2^v^2', pow(2, pow(v, 2))],
    ];
    for (const [source, expected] of cases) {
      const out = compileExpression(source).fn(v);
      expect(out.dtype, source).toBe('float64');
      expect(values(out), source).toEqual(values(expected));
    }
  });

  it('a literal exponent is exact: x^2 at 0 has derivative 0, (-2)^3 is -8', () => {
    const square = compileExpression('x^2').fn;
    expect(grad((x: Tensor) => square(x))(f64(0)).item()).toBe(0);
    expect(compileExpression('x^3').fn(f64(-2)).item()).toBe(-8);
    expect(compileExpression('pow(x, 3)').fn(f64(-2)).item()).toBe(-8);
  });

  it('vector literals build vectors, also from variables, with gradients flowing into them', () => {
    const ex = compileExpression('sum([x, 2*x, 3])');
    expect(ex.fn(f64(2)).item()).toBe(9);
    expect(grad((x: Tensor) => ex.fn(x))(f64(2)).item()).toBe(3);
    expect(compileExpression('[1, -2, 3]').fn().toArray()).toEqual([1, -2, 3]);
  });

  it('variables are the free names in order of first appearance', () => {
    expect(compileExpression('y * sigmoid(x) + y').variables).toEqual(['y', 'x']);
  });

  it('trace of a compiled expression equals trace of the same function written with ops', () => {
    const ex = compileExpression('sigmoid(x) * y');
    const x = f64([0.5, -1]);
    const y = f64([2, 3]);
    const g = trace(ex.fn, x, y);
    const direct = trace((a: Tensor, b: Tensor) => mul(sigmoid(a), b), x, y);
    expect(g.nodes.map((n) => [n.op, n.phase, n.scope])).toEqual(
      direct.nodes.map((n) => [n.op, n.phase, n.scope]),
    );
    const grads = g.outputs.grads.map((id) => values(g.value(id)!));
    expect(grads).toEqual(direct.outputs.grads.map((id) => values(direct.value(id)!)));
  });

  it('an op error becomes an ExpressionError pointing at the part that failed', () => {
    const ex = compileExpression('sigmoid(x) + [1, 2, 3]');
    try {
      ex.fn(f64([1, 2]));
      expect.unreachable('shapes [2] and [3] do not broadcast');
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionError);
      const e = error as ExpressionError;
      expect(e.op).toBe('evaluate');
      expect(e.span).toEqual({ start: 0, end: 22 });
      expect(e.reason).toMatch(/add.*\[2\].*\[3\]/);
    }
  });
});

describe('parseValue', () => {
  it('reads numbers and nested vectors and round-trips through formatValue', () => {
    const value = fc.oneof(finite, fc.array(finite, { minLength: 1, maxLength: 4 }));
    fc.assert(
      fc.property(value, (v) => {
        expect(parseValue(formatValue(v))).toEqual(v);
      }),
    );
    expect(parseValue('[-1, 2e3]')).toEqual([-1, 2000]);
  });

  it('rejects anything that is not a literal number or vector, with a position', () => {
    expect(() => parseValue('x + 1')).toThrow(/a value must be a number or a vector/);
    expect(() => parseValue('[[1, 2], [3]]')).toThrow(ExpressionError);
    expect(() => parseValue('1 +')).toThrow(/at line 1, column 4/);
  });
});
