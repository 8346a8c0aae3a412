import { GradflowError } from '@gradflow/autodiff';
import type { Span } from './ast.js';

/** Line and column (both from 1) of an offset in a text. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

/**
 * A problem with an expression, at a place in its text: a syntax error found by the parser
 * (`op` 'parse') or an error from evaluating part of it (`op` 'evaluate', e.g. mismatched shapes).
 * `reason` is the message without position; `message` also says where.
 */
export class ExpressionError extends GradflowError {
  readonly line: number;
  readonly col: number;

  constructor(
    op: 'parse' | 'evaluate',
    readonly reason: string,
    readonly span: Span,
    readonly source: string,
  ) {
    const { line, col } = lineCol(source, span.start);
    super(op, `${reason} (at line ${line}, column ${col})`);
    this.name = 'ExpressionError';
    this.line = line;
    this.col = col;
  }

  /** Offset of the first character the error points at. */
  get offset(): number {
    return this.span.start;
  }
}
