import {
  GradflowError,
  add,
  concat,
  div,
  mul,
  neg,
  pow,
  reshape,
  sub,
  tensor,
  type Tensor,
} from '@gradflow/autodiff';
import { freeVariables, type Expr } from './ast.js';
import { ExpressionError } from './errors.js';
import { FUNCTIONS } from './functions.js';
import { parseExpression } from './parser.js';

/** Nested arrays of numbers, as a variable's value is written. */
export type Value = number | Value[];

const f64 = (data: Value) => tensor(data, { dtype: 'float64' });
const BINARY = { '+': add, '-': sub, '*': mul, '/': div, '^': pow } as const;

/** A literal vector of numbers (possibly nested, possibly negated) as plain data, else null. */
function constant(e: Expr): Value | null {
  if (e.kind === 'number') return e.value;
  if (e.kind === 'negate') {
    const v = constant(e.arg);
    return typeof v === 'number' ? -v : null;
  }
  if (e.kind !== 'vector') return null;
  const items = e.items.map(constant);
  return items.every((v) => v !== null) ? (items as Value[]) : null;
}

/**
 * Evaluates a tree with @gradflow/autodiff ops in float64, reading variables from `env`.
 * An error from an op (e.g. mismatched shapes) becomes an ExpressionError ('evaluate') at the
 * part of the text that caused it.
 */
export function evaluate(
  e: Expr,
  env: ReadonlyMap<string, Tensor>,
  source: string,
  onCall?: (call: Expr & { kind: 'call' }, out: Tensor) => void,
): Tensor {
  const at = <T>(compute: () => T): T => {
    try {
      return compute();
    } catch (error) {
      if (error instanceof ExpressionError || !(error instanceof GradflowError)) throw error;
      throw new ExpressionError('evaluate', error.message, e.span, source);
    }
  };
  const sub = (x: Expr) => evaluate(x, env, source, onCall);
  // A literal exponent goes to pow as a number, which pow computes exactly for integers (x^2 at
  // x = 0 is 0 with derivative 0, negative bases work); any other exponent is a tensor.
  const power = (base: Expr, exponent: Expr) => {
    const x = sub(base);
    const literal = constant(exponent);
    const y = typeof literal === 'number' ? literal : sub(exponent);
    return at(() => pow(x, y));
  };
  switch (e.kind) {
    case 'number':
      return f64(e.value);
    case 'variable': {
      const v = env.get(e.name);
      if (!v)
        throw new ExpressionError(
          'evaluate',
          `the variable ${e.name} has no value`,
          e.span,
          source,
        );
      return v;
    }
    case 'negate': {
      const x = sub(e.arg);
      return at(() => neg(x));
    }
    case 'binary': {
      if (e.op === '^') return power(e.left, e.right);
      const [l, r] = [sub(e.left), sub(e.right)];
      return at(() => BINARY[e.op](l, r));
    }
    case 'vector': {
      const data = constant(e);
      if (data !== null) return at(() => f64(data));
      const items = e.items.map(sub);
      return at(() => concat(items.map((t) => reshape(t, [1, ...t.shape]))));
    }
    case 'call': {
      const args = e.name === 'pow' ? [] : e.args.map(sub);
      const out =
        e.name === 'pow' ? power(e.args[0]!, e.args[1]!) : at(() => FUNCTIONS[e.name]!.apply(args));
      onCall?.(e, out);
      return out;
    }
  }
}

/**
 * A parsed expression as a function of its free variables (in order of first appearance), ready
 * for trace(), grad() or a direct call.
 */
export interface CompiledExpression {
  readonly source: string;
  readonly expr: Expr;
  readonly variables: readonly string[];
  readonly fn: (...xs: Tensor[]) => Tensor;
}

export function compileExpression(source: string): CompiledExpression {
  const expr = parseExpression(source);
  const variables = freeVariables(expr);
  const fn = (...xs: Tensor[]) =>
    evaluate(expr, new Map(variables.map((v, i) => [v, xs[i]!])), source);
  return { source, expr, variables, fn };
}

/**
 * Reads a variable's value: a number or a (nested) vector of numbers, optionally negated, e.g.
 * `0.5`, `-2`, `[1, -2, 3]`. Anything else is an ExpressionError with its position.
 */
export function parseValue(text: string): Value {
  const e = parseExpression(text);
  const v = constant(e);
  if (v === null) {
    throw new ExpressionError(
      'parse',
      'a value must be a number or a vector of numbers, e.g. 0.5 or [1, -2, 3]',
      e.span,
      text,
    );
  }
  try {
    f64(v);
  } catch (error) {
    if (error instanceof GradflowError)
      throw new ExpressionError('parse', error.message, e.span, text);
    throw error;
  }
  return v;
}

/** A value as text that parseValue reads back. */
export function formatValue(v: Value): string {
  return typeof v === 'number' ? String(v) : `[${v.map(formatValue).join(', ')}]`;
}

/** The float64 tensor for a value. */
export const valueTensor = (v: Value): Tensor => f64(v);
