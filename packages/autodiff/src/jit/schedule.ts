import { EW_NAMES, isEwName } from '../kernels/ewops.js';
import { type Program, type Value, sizeOfShape } from './program.js';

/*
 * Fusion, by one rule in the manner of tinygrad's scheduler: every intermediate that need not be
 * stored is inlined into its consumer. A value need not be stored when it is elementwise, has
 * exactly one consumer, is not an output, and that consumer is elementwise (or a sum over every
 * element) with a loop of the value's size. What remains is a list of steps: kernels (one loop
 * over the root's elements computing the inlined expression tree, one store, at most one
 * reduction), calls of the other primitives' kernels (matmul, transpose, reductions over some
 * axes, ...), and views (reshape shares storage).
 */

export type Step =
  /** One loop over `domain` elements computing `root`; with `reduce`, root is a sum of all elements. */
  | {
      readonly kind: 'kernel';
      readonly root: number;
      readonly domain: number;
      readonly reduce: boolean;
    }
  /** The primitive's own forward kernel on stored operands. */
  | { readonly kind: 'call'; readonly value: number }
  /** The value shares the storage of `source` (reshape). */
  | { readonly kind: 'view'; readonly value: number; readonly source: number };

export interface Schedule {
  readonly program: Program;
  readonly steps: readonly Step[];
  /** 1 where a value is computed inside its consumer's loop and never stored. */
  readonly inline: Uint8Array;
  /** 1 where a value's storage leaves the program (an output, or what an output is a view of). */
  readonly escapes: Uint8Array;
}

type Op = Extract<Value, { kind: 'op' }>;

/** Ops a kernel computes per element: the elementwise codes, cast, and broadcastTo (a load). */
const LOOP_OPS: ReadonlySet<string> = new Set([
  ...EW_NAMES.filter(isEwName),
  'cast',
  'broadcastTo',
]);

export function isLoopOp(v: Value): v is Op {
  return v.kind === 'op' && LOOP_OPS.has(v.op);
}

/** A sum of every element (one output element): the reduction a kernel may end with. */
export function isFullSum(v: Value): boolean {
  return v.kind === 'op' && v.op === 'sum' && sizeOfShape(v.shape) === 1;
}

/** The loop size of a kernel rooted at v. */
function domainOf(p: Program, v: Value): number {
  if (v.kind !== 'op') return sizeOfShape(v.shape);
  return isFullSum(v) ? sizeOfShape(p.values[v.inputs[0]!]!.shape) : sizeOfShape(v.shape);
}

export function schedule(p: Program): Schedule {
  const n = p.values.length;
  const { values } = p;
  const uses = new Int32Array(n);
  const consumer = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v.kind !== 'op') continue;
    for (const x of v.inputs) {
      uses[x]!++;
      consumer[x] = i;
    }
  }
  const escapes = new Uint8Array(n);
  for (const o of p.outputs) escapes[o] = 1;
  const inline = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!isLoopOp(v) || uses[i] !== 1 || escapes[i]) continue;
    const u = values[consumer[i]!]!;
    const fusable = (isLoopOp(u) && u.op !== 'broadcastTo') || isFullSum(u);
    if (fusable && domainOf(p, u) === sizeOfShape(v.shape)) inline[i] = 1;
  }
  const steps: Step[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const v = values[i]!;
    if (v.kind === 'op' && v.op === 'reshape' && escapes[i]) escapes[v.inputs[0]!] = 1;
  }
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v.kind !== 'op' || inline[i]) continue;
    if (v.op === 'reshape') steps.push({ kind: 'view', value: i, source: v.inputs[0]! });
    else if (isLoopOp(v) || isFullSum(v))
      steps.push({ kind: 'kernel', root: i, domain: domainOf(p, v), reduce: isFullSum(v) });
    else steps.push({ kind: 'call', value: i });
  }
  return { program: p, steps, inline, escapes };
}
