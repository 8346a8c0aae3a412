import type { Span } from './ast.js';
import { ExpressionError } from './errors.js';

export type TokenKind = 'number' | 'name' | 'op' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The text of the token ('' for end). */
  readonly text: string;
  readonly span: Span;
}

const OPERATORS = '+-*/^(),[]';
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const SPACE = /\s+/y;

/** A short, unambiguous description of a character for error messages. */
export function describeChar(ch: string): string {
  return /^[\x21-\x7e]$/.test(ch)
    ? `"${ch}"`
    : `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Splits an expression into tokens; an unknown character is an ExpressionError at its offset. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const match = (re: RegExp): string | null => {
    re.lastIndex = i;
    const m = re.exec(source);
    return m ? m[0] : null;
  };
  while (i < source.length) {
    const space = match(SPACE);
    if (space) {
      i += space.length;
      continue;
    }
    const number = match(NUMBER);
    const name = number === null ? match(NAME) : null;
    const ch = source[i]!;
    const text = number ?? name ?? (OPERATORS.includes(ch) ? ch : null);
    if (text === null) {
      const bad = String.fromCodePoint(source.codePointAt(i)!);
      throw new ExpressionError(
        'parse',
        `unexpected character ${describeChar(bad)}; expected a number, a name, an operator (+ - * / ^), a parenthesis, a bracket or a comma`,
        { start: i, end: i + bad.length },
        source,
      );
    }
    const kind: TokenKind = number !== null ? 'number' : name !== null ? 'name' : 'op';
    tokens.push({ kind, text, span: { start: i, end: i + text.length } });
    i += text.length;
  }
  tokens.push({ kind: 'end', text: '', span: { start: source.length, end: source.length } });
  return tokens;
}
