import { NEGATE_PRECEDENCE, PRECEDENCE, type Expr } from './ast.js';

const ATOM = 100;

function precedence(e: Expr): number {
  if (e.kind === 'binary') return PRECEDENCE[e.op];
  if (e.kind === 'negate') return NEGATE_PRECEDENCE;
  return ATOM;
}

/**
 * Prints a tree as expression text with only the parentheses the grammar needs, so that
 * parsing the text gives the same tree back (spans aside).
 */
export function printExpression(e: Expr): string {
  const wrap = (child: Expr, needs: boolean) =>
    needs ? `(${printExpression(child)})` : printExpression(child);
  switch (e.kind) {
    case 'number':
      return String(e.value);
    case 'variable':
      return e.name;
    case 'negate':
      return `-${wrap(e.arg, precedence(e.arg) < NEGATE_PRECEDENCE)}`;
    case 'binary': {
      const p = PRECEDENCE[e.op];
      const rightAssoc = e.op === '^';
      const left = wrap(e.left, rightAssoc ? precedence(e.left) <= p : precedence(e.left) < p);
      const right = wrap(e.right, rightAssoc ? precedence(e.right) < p : precedence(e.right) <= p);
      return `${left} ${e.op} ${right}`;
    }
    case 'vector':
      return `[${e.items.map(printExpression).join(', ')}]`;
    case 'call':
      return `${e.name}(${e.args.map(printExpression).join(', ')})`;
  }
}
