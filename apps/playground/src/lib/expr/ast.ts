/** Where a piece of the source text starts and ends (offsets, end exclusive). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '^';

/** The syntax tree of an expression. Every node carries the span of text it was parsed from. */
export type Expr =
  | { readonly kind: 'number'; readonly value: number; readonly span: Span }
  | { readonly kind: 'variable'; readonly name: string; readonly span: Span }
  | { readonly kind: 'negate'; readonly arg: Expr; readonly span: Span }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly span: Span;
    }
  | { readonly kind: 'vector'; readonly items: readonly Expr[]; readonly span: Span }
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly args: readonly Expr[];
      readonly span: Span;
    };

/** Binding power of each binary operator: higher binds tighter. `^` is right-associative. */
export const PRECEDENCE: Record<BinaryOp, number> = { '+': 10, '-': 10, '*': 20, '/': 20, '^': 40 };
/** Unary minus binds tighter than `*` and looser than `^`: -x^2 is -(x^2), as in mathematics. */
export const NEGATE_PRECEDENCE = 30;

/** The free variables of an expression, in order of first appearance. */
export function freeVariables(e: Expr, out: string[] = []): string[] {
  switch (e.kind) {
    case 'variable':
      if (!out.includes(e.name)) out.push(e.name);
      break;
    case 'negate':
      freeVariables(e.arg, out);
      break;
    case 'binary':
      freeVariables(e.left, out);
      freeVariables(e.right, out);
      break;
    case 'vector':
    case 'call':
      for (const item of e.kind === 'vector' ? e.items : e.args) freeVariables(item, out);
      break;
  }
  return out;
}
