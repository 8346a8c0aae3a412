import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ExpressionError,
  MAX_DEPTH,
  parseExpression,
  printExpression,
  type Expr,
} from '../../src/lib/expr/index.js';
import { exprTree, stripSpans } from './arbitraries.js';

/** The error an expression's parse throws (fails the test if it parses). */
function parseError(source: string): ExpressionError {
  try {
    parseExpression(source);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} not to parse`);
}

const tree = (s: string) => stripSpans(parseExpression(s));

describe('parseExpression', () => {
  it('print then parse gives the same tree, for random trees', () => {
    fc.assert(
      fc.property(exprTree, (e) => {
        expect(stripSpans(parseExpression(printExpression(e)))).toEqual(stripSpans(e));
      }),
    );
  });

  it('every node span covers text that parses to that node', () => {
    const check = (source: string, e: Expr): void => {
      const text = source.slice(e.span.start, e.span.end);
      expect(stripSpans(parseExpression(text))).toEqual(stripSpans(e));
      const children =
        e.kind === 'negate'
          ? [e.arg]
          : e.kind === 'binary'
            ? [e.left, e.right]
            : e.kind === 'vector'
              ? e.items
              : e.kind === 'call'
                ? e.args
                : [];
      for (const c of children) check(source, c);
    };
    fc.assert(
      fc.property(exprTree, (e) => {
        const source = printExpression(e);
        check(source, parseExpression(source));
      }),
      { numRuns: 50 },
    );
  });

  it('random text either parses or throws an ExpressionError with a position inside it', () => {
    const alphabet = fc.constantFrom(...'x y1.5e+-*/^()[],  \nsigmoid_relu$#é😀'.split(''));
    const text = fc.oneof(
      fc.string({ unit: alphabet, maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
    );
    fc.assert(
      fc.property(text, (source) => {
        try {
          parseExpression(source);
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionError);
          const e = error as ExpressionError;
          expect(e.op).toBe('parse');
          expect(e.offset).toBeGreaterThanOrEqual(0);
          expect(e.offset).toBeLessThanOrEqual(source.length);
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.message).toMatch(/\(at line \d+, column \d+\)$/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('binds ^ tighter than unary minus, unary minus tighter than * and /, those tighter than + and -', () => {
    expect(tree('-x^2')).toEqual(tree('-(x^2)'));
    expect(tree('2^3^2')).toEqual(tree('2^(3^2)'));
    expect(tree('1-2-3')).toEqual(tree('(1-2)-3'));
    expect(tree('8/4/2')).toEqual(tree('(8/4)/2'));
    expect(tree('a+b*c')).toEqual(tree('a+(b*c)'));
    expect(tree('-a*b')).toEqual(tree('(-a)*b'));
    expect(tree('2^-x')).toEqual(tree('2^(-x)'));
  });

  it('reads numbers with decimals and exponents, vectors and calls with camelCase aliases', () => {
    expect(tree('1.5e-3 + .5 + 2.')).toEqual({
      '+': [{ '+': [{ n: 0.0015 }, { n: 0.5 }] }, { n: 2 }],
    });
    expect(tree('[1, x, [2]]')).toEqual({ vec: [{ n: 1 }, { v: 'x' }, { vec: [{ n: 2 }] }] });
    expect(tree('leakyRelu(x)')).toEqual({ call: 'leakyRelu', args: [{ v: 'x' }] });
    expect(tree('leaky_relu(x)')).toEqual({ call: 'leaky_relu', args: [{ v: 'x' }] });
    expect(tree('max(a, b, c)')).toEqual({
      call: 'max',
      args: [{ v: 'a' }, { v: 'b' }, { v: 'c' }],
    });
  });

  it('says where the error is and what was expected', () => {
    const cases: [string, number, RegExp][] = [
      ['sigmoid(x', 9, /expected a "," or a closing "\)", found the end/],
      ['1 +', 3, /expected a number, a name, "\(", "\[" or "-", found the end/],
      ['x $ y', 2, /unexpected character "\$"/],
      ['foo(x)', 0, /unknown function "foo"; expected one of: .*sigmoid/],
      ['2 x', 2, /expected an operator .* found name "x"/],
      ['exp + 1', 0, /exp is a function: call it as exp\(\.\.\.\)/],
      ['pow(x)', 0, /pow takes 2 arguments, got 1/],
      ['sigmoid(x, y)', 0, /sigmoid takes 1 argument, got 2/],
      ['[]', 0, /a vector needs at least one element/],
      ['', 0, /the expression is empty/],
      ['(x', 2, /expected a closing "\)"/],
      ['1e999', 0, /too large/],
    ];
    for (const [source, offset, message] of cases) {
      const e = parseError(source);
      expect(e.offset, source).toBe(offset);
      expect(e.reason, source).toMatch(message);
    }
  });

  it('counts lines and columns from 1', () => {
    const e = parseError('x +\n  * 2');
    expect([e.line, e.col, e.offset]).toEqual([2, 3, 6]);
    expect(e.message).toMatch(/at line 2, column 3/);
  });

  it('refuses deep nesting with a clear error instead of overflowing the stack', () => {
    const deep = '('.repeat(MAX_DEPTH + 5) + 'x' + ')'.repeat(MAX_DEPTH + 5);
    expect(parseError(deep).reason).toMatch(/nested more than 200 deep/);
    expect(parseError('-'.repeat(5000) + 'x').reason).toMatch(/nested/);
    expect(parseError('x^'.repeat(4000) + 'x').reason).toMatch(/nested/);
  });
});
