import fc from 'fast-check';
import type { Expr } from '../../src/lib/expr/index.js';
import { FUNCTIONS, isFunctionName } from '../../src/lib/expr/index.js';

const at = { start: 0, end: 0 };

/** Variable names that are not function names. */
export const variableName = fc
  .stringMatching(/^[a-z_][a-z0-9_]{0,5}$/)
  .filter((n) => !isFunctionName(n));

const number = fc.oneof(
  fc.nat({ max: 1000 }),
  fc.double({ min: 0, max: 1e300, noNaN: true, noDefaultInfinity: true }),
);

/** Random syntax trees of every node kind (spans zeroed; compare with stripSpans). */
export const exprTree: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => {
  const expr = tie('expr');
  const call = fc.constantFrom(...Object.keys(FUNCTIONS)).chain((name) => {
    const spec = FUNCTIONS[name]!;
    const most = Math.min(spec.maxArgs, spec.minArgs + 2);
    return fc
      .array(expr, { minLength: spec.minArgs, maxLength: most })
      .map((args): Expr => ({ kind: 'call', name, args, span: at }));
  });
  return {
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      number.map((value): Expr => ({ kind: 'number', value, span: at })),
      variableName.map((name): Expr => ({ kind: 'variable', name, span: at })),
      expr.map((arg): Expr => ({ kind: 'negate', arg, span: at })),
      fc
        .tuple(fc.constantFrom('+', '-', '*', '/', '^' as const), expr, expr)
        .map(([op, left, right]): Expr => ({ kind: 'binary', op, left, right, span: at })),
      fc
        .array(expr, { minLength: 1, maxLength: 3 })
        .map((items): Expr => ({ kind: 'vector', items, span: at })),
      call,
    ),
  };
}).expr;

/** The tree without its source positions. */
export function stripSpans(e: Expr): unknown {
  switch (e.kind) {
    case 'number':
      return { n: e.value };
    case 'variable':
      return { v: e.name };
    case 'negate':
      return { neg: stripSpans(e.arg) };
    case 'binary':
      return { [e.op]: [stripSpans(e.left), stripSpans(e.right)] };
    case 'vector':
      return { vec: e.items.map(stripSpans) };
    case 'call':
      return { call: e.name, args: e.args.map(stripSpans) };
  }
}
