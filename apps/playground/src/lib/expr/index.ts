export type { BinaryOp, Expr, Span } from './ast.js';
export { freeVariables } from './ast.js';
export { ExpressionError, lineCol } from './errors.js';
export { FUNCTIONS, MATH_FUNCTIONS, camelCase, isFunctionName } from './functions.js';
export type { FunctionSpec } from './functions.js';
export { parseExpression, MAX_DEPTH, MAX_LENGTH } from './parser.js';
export { printExpression } from './print.js';
export { compileExpression, evaluate, formatValue, parseValue, valueTensor } from './evaluate.js';
export type { CompiledExpression, Value } from './evaluate.js';
