/**
 * The whitelist of functions an expression may call. Nothing outside this table can be called:
 * the parser rejects any other name, and evaluation only ever looks names up here.
 */
import {
  abs,
  cos,
  pow,
  sin,
  tan,
  activations,
  exp,
  log,
  logsumexp,
  max,
  maximum,
  mean,
  minimum,
  neg,
  softmax,
  sqrt,
  sum,
  type Tensor,
} from '@gradflow/autodiff';

export interface FunctionSpec {
  /** Fewest and most arguments. */
  readonly minArgs: number;
  readonly maxArgs: number;
  /** What the function computes, for the UI's list and error messages. */
  readonly summary: string;
  readonly apply: (args: readonly Tensor[]) => Tensor;
}

type Unary = (x: Tensor) => Tensor;

const unary = (summary: string, f: Unary): FunctionSpec => ({
  minArgs: 1,
  maxArgs: 1,
  summary,
  apply: ([x]) => f(x!),
});

/** min/max: one argument reduces over all its elements; more compare elementwise. */
const extremum = (which: 'min' | 'max'): FunctionSpec => ({
  minArgs: 1,
  maxArgs: Infinity,
  summary: `${which}(v) is the ${which}imum element; ${which}(a, b, ...) is elementwise`,
  apply: (args) => {
    if (args.length === 1) return which === 'max' ? max(args[0]!) : neg(max(neg(args[0]!)));
    const pair = which === 'max' ? maximum : minimum;
    return args.slice(1).reduce<Tensor>((acc, t) => pair(acc, t), args[0]!);
  },
});

const MATH: Record<string, FunctionSpec> = {
  exp: unary('e^x', exp),
  log: unary('natural logarithm', log),
  sqrt: unary('square root', sqrt),
  abs: unary('absolute value', abs),
  sin: unary('sine', sin),
  cos: unary('cosine', cos),
  tan: unary('tangent', tan),
  pow: {
    minArgs: 2,
    maxArgs: 2,
    summary: 'pow(x, y) = x^y',
    apply: ([x, y]) => pow(x!, y!),
  },
  min: extremum('min'),
  max: extremum('max'),
  sum: unary('sum of all elements', (x) => sum(x)),
  mean: unary('mean of all elements', (x) => mean(x)),
  softmax: unary('softmax over the last axis', (x) => softmax(x)),
  logsumexp: unary('log(sum(exp(x))) over all elements', (x) => logsumexp(x)),
};

/** snake_case to camelCase: leaky_relu -> leakyRelu. */
export function camelCase(id: string): string {
  return id.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function activationTable(): Record<string, FunctionSpec> {
  const table: Record<string, FunctionSpec> = {};
  for (const id of activations.list()) {
    const spec = unary(`the ${id} activation (Keras defaults)`, activations.get(id));
    table[id] = spec;
    table[camelCase(id)] = spec;
  }
  return table;
}

/** Every callable name: the math functions, then each activation id and its camelCase alias. */
export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = { ...activationTable(), ...MATH };

export function isFunctionName(name: string): boolean {
  return Object.hasOwn(FUNCTIONS, name);
}

/** The math functions' names (activations are listed by activations.list()). */
export const MATH_FUNCTIONS = Object.keys(MATH);
