import type { TypedArray } from '../dtype.js';
import { enterTransform, isRecording } from '../engine.js';
import { GradflowError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { GraphBuilder } from '../trace.js';
import { type Backend, type BackendChoice, checkBackend, resolveBackend } from './backends.js';
import { optimize } from './passes.js';
import { type Program, programOf } from './program.js';
import { schedule } from './schedule.js';
import type { Executable } from './tape.js';

export type { BackendChoice } from './backends.js';

export interface JitOptions {
  /**
   * 'auto' (the default): WebAssembly SIMD where the runtime allows it, else the tape.
   * 'tape': the interpreter only (bit-identical to eager). 'wasm': WebAssembly, an error where
   * it is unavailable.
   */
  backend?: BackendChoice;
  /** How many compiled signatures to keep (least recently used goes first); default 16. */
  cacheSize?: number;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyFn = (...args: any[]) => any;

/** A jitted function: called as f is, plus what its cache holds. */
export type Jitted<F extends AnyFn> = F & {
  /** Number of compiled signatures in the cache. */
  readonly cacheSize: number;
  /** The backend of the most recent compile: 'tape' or 'wasm' (null before the first call). */
  readonly backend: 'tape' | 'wasm' | null;
};

/** A compiled signature: the program and how to rebuild the output structure. */
interface Entry {
  readonly exe: Executable;
  readonly outputs: readonly { shape: readonly number[]; dtype: Tensor['dtype'] }[];
  readonly template: unknown;
}

/**
 * The signature of the arguments: tensors by shape and dtype, numbers, booleans, strings, null
 * and undefined by value (they are static: baked into the program), arrays and plain objects by
 * structure. Anything else is an error naming its path.
 */
function signature(x: unknown, path: string, leaves: Tensor[]): string {
  if (x instanceof Tensor) {
    leaves.push(x);
    return `T${x.dtype === 'float32' ? 'f' : 'd'}[${x.shape.join(',')}]`;
  }
  if (typeof x === 'number') return `n${Object.is(x, -0) ? '-0' : String(x)}`;
  if (x === null || x === undefined || typeof x === 'boolean') return String(x);
  if (typeof x === 'string') return JSON.stringify(x);
  if (Array.isArray(x))
    return `[${x.map((v, i) => signature(v, `${path}[${i}]`, leaves)).join(',')}]`;
  if (typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    const parts = Object.entries(x).map(
      ([k, v]) => `${JSON.stringify(k)}:${signature(v, `${path}.${k}`, leaves)}`,
    );
    return `{${parts.join(',')}}`;
  }
  throw new GradflowError(
    'jit',
    `${path} is ${typeof x === 'function' ? 'a function' : `a ${typeof x}`}; arguments must be Tensors, numbers, booleans, strings, null, or arrays / plain objects of them`,
  );
}

/** Replaces the tensors of x, in order, by `leaves`. */
function rebuild(x: unknown, leaves: readonly Tensor[], pos = { i: 0 }): unknown {
  if (x instanceof Tensor) return leaves[pos.i++];
  if (Array.isArray(x)) return x.map((v) => rebuild(v, leaves, pos));
  if (x !== null && typeof x === 'object') {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, rebuild(v, leaves, pos)]));
  }
  return x;
}

/** The output's tensors, in order; the output must be a tensor or arrays / plain objects of tensors. */
function outputLeaves(y: unknown, path: string, out: Tensor[]): Tensor[] {
  if (y instanceof Tensor) out.push(y);
  else if (Array.isArray(y)) y.forEach((v, i) => outputLeaves(v, `${path}[${i}]`, out));
  else if (y !== null && typeof y === 'object' && Object.getPrototypeOf(y) === Object.prototype) {
    for (const [k, v] of Object.entries(y)) outputLeaves(v, `${path}.${k}`, out);
  } else {
    throw new GradflowError(
      'jit',
      `the function must return a Tensor or arrays / plain objects of Tensors; ${path} is ${y === null ? 'null' : typeof y}`,
    );
  }
  return out;
}

/** Stands for an output tensor in the output structure kept per signature (keeps no traced data alive). */
const PLACEHOLDER = new Tensor(new Float32Array(0), [0], 'float32');

/**
 * The jit's recorder: trace's graph builder, except that values computed from the inputs are
 * never computed while tracing (the compiled program computes them), only their shapes. Values
 * of constants alone are computed, so they can be folded.
 */
class ShapeTracer extends GraphBuilder {
  /** The compiled program is the graph: no backward pass runs over it while tracing. */
  readonly differentiates = false;
  /** 1 for the ids whose values derive from an input (aliases share their source's id). */
  private readonly derived: number[] = [];
  /** skipForward's last answer: the node for the same inputs is recorded right after it. */
  private lastInputs: readonly Tensor[] | null = null;
  private lastSkip = false;
  private lastIds: number[] = [];

  /** An input: a leaf whose value the compiled program receives. */
  input(t: Tensor, label: string): number {
    const id = this.leaf(t, 'input', label);
    this.derived[id] = 1;
    return id;
  }

  skipForward(inputs: readonly Tensor[]): boolean {
    const ids = super.operandIds(inputs);
    let skip = false;
    for (let k = 0; k < ids.length; k++) if (this.derived[ids[k]!] === 1) skip = true;
    this.lastInputs = inputs;
    this.lastIds = ids;
    this.lastSkip = skip;
    return skip;
  }

  /** The node recorded right after skipForward reuses its operand ids. */
  protected override operandIds(inputs: readonly Tensor[]): number[] {
    return inputs === this.lastInputs ? this.lastIds : super.operandIds(inputs);
  }

  protected override added(inputs: readonly Tensor[], id: number): void {
    const skip = inputs === this.lastInputs ? this.lastSkip : this.skipForward(inputs);
    this.lastInputs = null;
    if (skip) this.derived[id] = 1;
  }
}

/** What one trace gives: the program before optimization and the output structure. */
export interface Traced {
  readonly program: Program;
  readonly outputs: readonly Tensor[];
  readonly y: unknown;
}

/**
 * @internal Runs f on the arguments with fresh tensors standing for `leaves` (the tensors of
 * args, in order) while recording every primitive application, and returns the program.
 */
export function traceProgram(f: AnyFn, args: unknown[], leaves: readonly Tensor[]): Traced {
  const b = new ShapeTracer();
  const stand = leaves.map((t) => new Tensor(t._data, t.shape, t.dtype));
  const inputIds = stand.map((t, i) => b.input(t, `x${i}`));
  const { restore } = enterTransform(b);
  let outputs: Tensor[];
  let y: unknown;
  try {
    y = f(...(rebuild(args, stand) as unknown[]));
    outputs = outputLeaves(y, 'output', []);
  } finally {
    restore();
  }
  const program = programOf(
    b,
    inputIds,
    outputs.map((t) => b.idOf(t)),
  );
  return { program, outputs, y };
}

/** Traces f, optimizes, schedules and compiles it. */
function compile(f: AnyFn, args: unknown[], leaves: readonly Tensor[], backend: Backend): Entry {
  const { program, outputs, y } = traceProgram(f, args, leaves);
  return {
    exe: backend.compile(schedule(optimize(program))),
    outputs: outputs.map((t) => ({ shape: t.shape, dtype: t.dtype })),
    template: rebuild(
      y,
      outputs.map(() => PLACEHOLDER),
    ),
  };
}

/**
 * jit(f): the same function, compiled. The first call with a new signature (tensor shapes and
 * dtypes, the argument structure, the values of non-tensor arguments) runs f once while
 * recording every primitive it applies, forward and backward, into the graph `trace` draws;
 * the graph is optimized (constant folding, algebraic simplification that keeps every bit,
 * common subexpressions, dead code), fused into loops and compiled. Later calls with that
 * signature run the compiled program only. Results equal eager results (bit for bit on the tape
 * backend).
 *
 * f must be a pure function of its tensor arguments: a tensor it captures is a constant of the
 * program, and reading values (item, toArray) to choose a branch fixes that branch. Non-tensor
 * arguments are static: each distinct value compiles once. `jit(valueAndGrad(loss))` compiles a
 * whole training step; under an outer grad / vjp / trace, or inside another jit, the function
 * runs as plain eager code, so jit composes with every transform.
 */
export function jit<F extends AnyFn>(f: F, options: JitOptions = {}): Jitted<F> {
  if (typeof f !== 'function')
    throw new GradflowError('jit', `expected a function, got ${f === null ? 'null' : typeof f}`);
  const limit = options.cacheSize ?? 16;
  if (!Number.isInteger(limit) || limit < 1)
    throw new GradflowError('jit', `cacheSize must be an integer >= 1, got ${String(limit)}`);
  const choice = checkBackend(options.backend ?? 'auto');
  const cache = new Map<string, Entry>();
  let last: 'tape' | 'wasm' | null = null;
  const jitted = (...args: unknown[]): unknown => {
    if (isRecording()) return f(...args);
    const leaves: Tensor[] = [];
    const key = signature(args, 'argument', leaves);
    let entry = cache.get(key);
    if (entry === undefined) {
      entry = compile(f, args, leaves, resolveBackend(choice));
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
      last = entry.exe.backend;
    } else cache.delete(key); // re-inserted below: most recently used last
    cache.set(key, entry);
    const data = entry.exe.run(leaves.map((t) => t._data as TypedArray));
    const outs = entry.outputs.map(({ shape, dtype }, i) => new Tensor(data[i]!, shape, dtype));
    return rebuild(entry.template, outs);
  };
  Object.defineProperties(jitted, {
    cacheSize: { get: () => cache.size },
    backend: { get: () => last },
  });
  return jitted as Jitted<F>;
}
