/**
 * A hand-written Pratt parser for the playground's expression language:
 *
 *   expr   := number | name | name '(' args ')' | '[' args ']' | '(' expr ')' | '-' expr
 *           | expr ('+' | '-' | '*' | '/' | '^') expr
 *   args   := (expr (',' expr)*)?
 *
 * `^` is right-associative and binds tighter than unary minus (-x^2 = -(x^2)); `*` and `/` bind
 * tighter than `+` and `-`. A name followed by `(` must be a function of the whitelist in
 * functions.ts; any other name is a variable. Nothing here evaluates text: the result is a tree.
 */
import { NEGATE_PRECEDENCE, PRECEDENCE, type BinaryOp, type Expr, type Span } from './ast.js';
import { ExpressionError } from './errors.js';
import { FUNCTIONS, isFunctionName } from './functions.js';
import { describeChar, tokenize, type Token } from './lexer.js';

/** Deeper nesting than this is refused (a clear error instead of a stack overflow). */
export const MAX_DEPTH = 200;
/** Longer input than this is refused. */
export const MAX_LENGTH = 10_000;

const span = (a: Span, b: Span): Span => ({ start: a.start, end: b.end });

function describe(t: Token): string {
  if (t.kind === 'end') return 'the end of the expression';
  if (t.kind === 'op') return describeChar(t.text);
  return `${t.kind} "${t.text}"`;
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    return this.tokens[this.pos++]!;
  }

  fail(reason: string, at: Span): never {
    throw new ExpressionError('parse', reason, at, this.source);
  }

  private expect(text: string, what: string): Token {
    const t = this.peek();
    if (t.text !== text || t.kind !== 'op')
      this.fail(`expected ${what}, found ${describe(t)}`, t.span);
    return this.next();
  }

  parseAll(): Expr {
    if (this.peek().kind === 'end')
      this.fail('the expression is empty; type one, e.g. sigmoid(x)', this.peek().span);
    const e = this.expression(0);
    const t = this.peek();
    if (t.kind !== 'end') {
      this.fail(
        `expected an operator (+ - * / ^) or the end of the expression, found ${describe(t)}`,
        t.span,
      );
    }
    return e;
  }

  /** Parses operators that bind tighter than `minPower`. */
  expression(minPower: number): Expr {
    if (++this.depth > MAX_DEPTH)
      this.fail(`the expression is nested more than ${MAX_DEPTH} deep`, this.peek().span);
    let left = this.prefix();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !Object.hasOwn(PRECEDENCE, t.text)) break;
      const op = t.text as BinaryOp;
      const power = PRECEDENCE[op];
      if (power <= minPower) break;
      this.next();
      // right-associative ^ parses its right side at a slightly lower power
      const right = this.expression(op === '^' ? power - 1 : power);
      left = { kind: 'binary', op, left, right, span: span(left.span, right.span) };
    }
    this.depth--;
    return left;
  }

  private prefix(): Expr {
    const t = this.next();
    if (t.kind === 'number') {
      const value = Number(t.text);
      if (!Number.isFinite(value)) this.fail(`the number ${t.text} is too large`, t.span);
      return { kind: 'number', value, span: t.span };
    }
    if (t.kind === 'name') return this.name(t);
    if (t.kind === 'op' && t.text === '-') {
      const arg = this.expression(NEGATE_PRECEDENCE);
      return { kind: 'negate', arg, span: span(t.span, arg.span) };
    }
    if (t.kind === 'op' && t.text === '(') {
      const inner = this.expression(0);
      const close = this.expect(')', 'a closing ")" or an operator');
      // the span includes the parentheses, so a parent's span is always parseable text
      return { ...inner, span: span(t.span, close.span) };
    }
    if (t.kind === 'op' && t.text === '[') {
      const items = this.list(']');
      const close = this.expect(']', 'a "," or a closing "]"');
      if (items.length === 0)
        this.fail('a vector needs at least one element, e.g. [1, 2, 3]', span(t.span, close.span));
      return { kind: 'vector', items, span: span(t.span, close.span) };
    }
    this.pos--;
    return this.fail(`expected a number, a name, "(", "[" or "-", found ${describe(t)}`, t.span);
  }

  private name(t: Token): Expr {
    const isCall = this.peek().kind === 'op' && this.peek().text === '(';
    if (!isCall) {
      if (isFunctionName(t.text))
        this.fail(`${t.text} is a function: call it as ${t.text}(...)`, t.span);
      return { kind: 'variable', name: t.text, span: t.span };
    }
    if (!isFunctionName(t.text)) {
      this.fail(
        `unknown function "${t.text}"; expected one of: ${Object.keys(FUNCTIONS).join(', ')}`,
        t.span,
      );
    }
    this.next();
    const args = this.list(')');
    const close = this.expect(')', 'a "," or a closing ")"');
    const spec = FUNCTIONS[t.text]!;
    const whole = span(t.span, close.span);
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      const wanted =
        spec.minArgs === spec.maxArgs
          ? `${spec.minArgs} argument${spec.minArgs === 1 ? '' : 's'}`
          : `at least ${spec.minArgs} argument${spec.minArgs === 1 ? '' : 's'}`;
      this.fail(`${t.text} takes ${wanted}, got ${args.length}`, whole);
    }
    return { kind: 'call', name: t.text, args, span: whole };
  }

  /** Comma-separated expressions up to (not including) `close`. */
  private list(close: string): Expr[] {
    const items: Expr[] = [];
    if (this.peek().kind === 'op' && this.peek().text === close) return items;
    items.push(this.expression(0));
    while (this.peek().kind === 'op' && this.peek().text === ',') {
      this.next();
      items.push(this.expression(0));
    }
    return items;
  }
}

/** Parses an expression; any problem is an ExpressionError ('parse') with its position. */
export function parseExpression(source: string): Expr {
  if (source.length > MAX_LENGTH) {
    throw new ExpressionError(
      'parse',
      `the expression is ${source.length} characters long; at most ${MAX_LENGTH} are allowed`,
      { start: MAX_LENGTH, end: source.length },
      source,
    );
  }
  return new Parser(source, tokenize(source)).parseAll();
}
