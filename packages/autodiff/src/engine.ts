import { type DType, type TypedArray, allocate } from './dtype.js';
import { GradflowError, fmtShape } from './errors.js';
import { sizeOf } from './shape.js';
import { ops } from './dispatch.js';
import type { Primitive } from './primitive.js';
import { Recorded, anyMarked, inputsOf, recordedOp } from './recorded.js';
import type { Recorder } from './recorder.js';
import { allRank0, ewDtype, ewValue } from './rank0.js';
import { Tensor } from './tensor.js';

/**
 * The recording engine. Ops always run eagerly; while a transform (grad, vjp, trace) is
 * active, every primitive application whose inputs are tracked makes its output a Recorded
 * tensor (its own node: primitive, inputs, attrs) and appends it to the tape, so the tape lists
 * recorded tensors in execution order, which is a topological order. The backward pass walks
 * the tape once forward to mark what leads to a target and once backward applying each
 * primitive's VJP, keeping cotangents on the nodes themselves. VJPs are written with the same recorded ops, so under an outer transform
 * the backward pass is itself recorded (appended to the tape): that is how gradients of
 * gradients work. The tape empties when the outermost transform ends.
 */

export type { Recorder };

export type Phase = 'forward' | 'backward';

const SCALAR_SHAPE: readonly number[] = Object.freeze([]);

/** Recorded tensors (op outputs and aliases) in execution order, while any transform runs. */
const tape: Tensor[] = [];
/** Stands in the tape for an entry an unrecorded backward pass is done with. */
const DROPPED = new Tensor(0, SCALAR_SHAPE, 'float32');
/** Tape length when each open transform began, innermost last. */
const starts: number[] = [];
/** Numbers backward passes, so stale scratch on a node is recognized without clearing it. */
let passes = 0;

const state = {
  /** Number of transforms currently running. Nothing is recorded at depth 0. */
  depth: 0,
  /** How many of them never differentiate what they record (see Recorder.differentiates). */
  silent: 0,
  /** False while a backward pass no one will differentiate runs under a recorder: no nodes. */
  nodes: true,
  scope: [] as readonly string[],
  recorder: null as Recorder | null,
  phase: 'forward' as Phase,
  /** Set while a backward pass runs: the forward node whose VJP is being applied. */
  vjpOf: null as Tensor | null,
};

export function currentPhase(): Phase {
  return state.phase;
}

export function currentVjpOf(): Tensor | null {
  return state.vjpOf;
}

/** Runs a primitive: validate, compute eagerly, and record provenance when a transform needs it. */
export function apply<A>(prim: Primitive<A>, inputs: readonly Tensor[], attrs: A): Tensor {
  if (prim.arity >= 0 && inputs.length !== prim.arity) {
    throw new GradflowError(prim.name, `expects ${prim.arity} tensor inputs, got ${inputs.length}`);
  }
  // recorded outputs carry their own node (Recorded): one object per recorded op
  const rec = state.depth > 0 && state.nodes && prim.differentiable && anyTracked(inputs);
  let out: Tensor;
  if (prim.ew >= 0 && allRank0(inputs)) {
    out = applyScalar(prim, inputs, attrs, rec);
  } else {
    const spec = prim.infer(inputs, attrs);
    const data = state.recorder?.skipForward?.(inputs)
      ? allocate(spec.dtype, sizeOf(spec.shape))
      : prim.forward(inputs, attrs, spec);
    // rank-0 results share one empty shape: a long scalar program keeps one array fewer per op
    const shape = spec.shape.length === 0 ? SCALAR_SHAPE : spec.shape;
    out = output(data, shape, spec.dtype, prim, inputs, attrs, rec);
  }
  if (rec) tape.push(out);
  if (state.depth > 0) state.recorder?.onApply(prim.name, inputs, attrs, out, state.scope);
  return out;
}

/** The output tensor of an op: a Recorded one (its own node) when the op is recorded. */
function output<A>(
  data: TypedArray | number,
  shape: readonly number[],
  dtype: DType,
  prim: Primitive<A>,
  inputs: readonly Tensor[],
  attrs: A,
  rec: boolean,
): Tensor {
  return rec
    ? recordedOp(data, shape, dtype, prim as Primitive, inputs, attrs, state.scope)
    : new Tensor(data, shape, dtype);
}

/**
 * The rank-0 path of an elementwise primitive: no shape inference (rank-0 operands always
 * broadcast to rank 0), no run plan and no storage. The value comes from the same per-element
 * loop as the array kernel's (scalarRun), so it is bit for bit the general path's result.
 */
function applyScalar<A>(
  prim: Primitive<A>,
  inputs: readonly Tensor[],
  attrs: A,
  rec: boolean,
): Tensor {
  const n = inputs.length;
  const a = inputs[0]!;
  const b = n > 1 ? inputs[1]! : undefined;
  const c = n > 2 ? inputs[2]! : undefined;
  const dtype = ewDtype(a, b, c);
  if (state.recorder?.skipForward?.(inputs))
    return output(0, SCALAR_SHAPE, dtype, prim, inputs, attrs, rec);
  return output(ewValue(prim.ew, dtype, a, b, c), SCALAR_SHAPE, dtype, prim, inputs, attrs, rec);
}

/**
 * `apply` for a primitive of one to three operands, given one by one: when it is elementwise,
 * they are all rank 0 and no recorder watches (a grad, not a trace or a jit), no inputs array
 * is made at all (a long scalar program allocates one object fewer per op, forward and
 * backward). Otherwise it is `apply` with the array.
 */
export function applyOperands<A>(
  prim: Primitive<A>,
  attrs: A,
  a: Tensor,
  b?: Tensor,
  c?: Tensor,
): Tensor {
  if (
    prim.ew < 0 ||
    state.recorder !== null ||
    a.shape.length !== 0 ||
    (b !== undefined && b.shape.length !== 0) ||
    (c !== undefined && c.shape.length !== 0)
  )
    return apply(prim, b === undefined ? [a] : c === undefined ? [a, b] : [a, b, c], attrs);
  const dtype = ewDtype(a, b, c);
  const v = ewValue(prim.ew, dtype, a, b, c);
  const tracked =
    a._node !== null ||
    (b !== undefined && b._node !== null) ||
    (c !== undefined && c._node !== null);
  if (state.depth === 0 || !state.nodes || !prim.differentiable || !tracked)
    return new Tensor(v, SCALAR_SHAPE, dtype);
  const out = new Recorded(
    v,
    SCALAR_SHAPE,
    dtype,
    prim as Primitive,
    attrs,
    state.scope,
    a,
    b ?? null,
    c ?? null,
  );
  tape.push(out);
  return out;
}

function anyTracked(inputs: readonly Tensor[]): boolean {
  for (let i = 0; i < inputs.length; i++) if (inputs[i]!._node !== null) return true;
  return false;
}

/** How many tensors the tape holds (0 whenever no transform runs: nothing outlives a step). */
export function tapeLength(): number {
  return tape.length;
}

/** Recorded tensors so far, for a transform that runs its backward pass after it has closed (vjp). */
export function tapeSince(start: number): Tensor[] {
  return tape.slice(start);
}

/**
 * Runs fn inside a named composite scope (mean, softmax, an activation): every node it records,
 * forward or backward, carries the scope path, so a viewer can collapse it into one box.
 */
export function withScope<R>(name: string, fn: () => R): R {
  if (state.depth === 0) return fn();
  const saved = state.scope;
  state.scope = [...saved, name];
  try {
    return fn();
  } finally {
    state.scope = saved;
  }
}

/**
 * Opens a transform: recording is on until `restore`. `start` is where its part of the tape
 * begins (see tapeSince).
 */
export function enterTransform(recorder?: Recorder): { restore: () => void; start: number } {
  const saved = { recorder: state.recorder, phase: state.phase, scope: state.scope };
  const start = tape.length;
  const silent = recorder?.differentiates === false ? 1 : 0;
  starts.push(start);
  state.depth++;
  state.silent += silent;
  if (recorder) {
    state.recorder = recorder;
    state.phase = 'forward';
    state.scope = [];
  }
  return {
    start,
    restore: () => {
      starts.pop();
      state.depth--;
      state.silent -= silent;
      if (state.depth === 0) tape.length = 0;
      state.recorder = saved.recorder;
      state.phase = saved.phase;
      state.scope = saved.scope;
    },
  };
}

/**
 * True inside exactly one transform that differentiates (besides a jit's trace, which does not):
 * its backward pass need not be recorded.
 */
export function isOutermost(): boolean {
  return state.depth - state.silent === 1;
}

export function isRecording(): boolean {
  return state.depth > 0;
}

/**
 * A fresh variable standing for x in a new transform. It shares x's storage. If x is itself
 * tracked by an outer transform, the variable is an alias: this transform's backward pass stops
 * at it, an outer one passes through it to x. (A fresh variable per transform is what keeps
 * nested derivatives free of perturbation confusion.)
 */
export function variable(x: Tensor): Tensor {
  const alias = x._node !== null;
  const v = new Recorded(x._data, x.shape, x.dtype, null, null, state.scope, alias ? x : null);
  if (alias) tape.push(v);
  state.recorder?.onAlias(v, x);
  return v;
}

/** A tensor with the same values and no provenance: gradients do not flow through it. */
export function detach(x: Tensor): Tensor {
  return x._node === null ? x : new Tensor(x._data, x.shape, x.dtype);
}

/**
 * Reverse pass: cotangents of `targets` given output y with cotangent ct. It reads the tape of
 * the innermost open transform, or `recorded` (what a closed transform recorded, see tapeSince).
 * A forward sweep marks the tensors that lead to a target; the backward sweep applies the VJP of
 * each marked tensor that holds a cotangent, stopping at targets. Each VJP's cotangents are
 * checked for count, summed back over broadcast axes, cast to the input's dtype and accumulated
 * with add. With `record` false the pass records nothing (for the outermost grad, whose backward
 * pass no one will differentiate: no nodes are built and each consumed cotangent can be freed).
 * `phase` is what a trace records for the nodes made here: `trace` passes 'backward' for its own
 * backward pass; a grad or vjp taken inside a traced function keeps the current phase, because
 * it is part of that function's forward computation.
 */
export function backward(
  y: Tensor,
  targets: readonly Tensor[],
  ct: Tensor,
  phase: Phase = state.phase,
  record = true,
  recorded?: readonly Tensor[],
): Tensor[] {
  const o = ops();
  const pass = ++passes;
  const seg = recorded ?? tape;
  const from = recorded ? 0 : (starts[starts.length - 1] ?? 0);
  const to = seg.length;
  const drop = !record && recorded === undefined;
  const isTarget = new Set(targets);
  const opTarget = targets.some((t) => t._node!.kind === 'op');
  // one needs array per arity (up to 3 operands), reused by every rule of this pass
  const needsOf = [[], [false], [false, false], [false, false, false]] as boolean[][];
  // and one inputs array per arity, refilled from each node's in0..in2 (rules read it at once)
  const inputsOf3 = [[], [DROPPED], [DROPPED, DROPPED], [DROPPED, DROPPED, DROPPED]];
  const scratch = { inputs: targets, output: y, attrs: null as unknown, needs: needsOf[0]! };
  for (const t of targets) t._node!.mark = pass;
  for (let i = from; i < to; i++) {
    const n = seg[i]!._node!;
    if (n.mark !== pass && anyMarked(n, pass)) n.mark = pass;
  }
  if (y._node !== null && y._node.mark === pass) accumulate(y._node, ct, pass);
  const saved = {
    phase: state.phase,
    scope: state.scope,
    vjpOf: state.vjpOf,
    depth: state.depth,
    nodes: state.nodes,
  };
  state.phase = phase;
  // unrecorded: nothing at all, or under a recorder (jit) its ops without nodes
  if (!record) {
    if (state.recorder === null) state.depth = 0;
    else state.nodes = false;
  }
  try {
    for (let i = to - 1; i >= from; i--) {
      const t = seg[i]!;
      // an unrecorded pass over the live tape drops each entry as it goes: later entries never
      // read it, so the collector need not keep (and copy) what is already done
      if (drop) tape[i] = DROPPED;
      const node = t._node!;
      const g = node.ct;
      // targets are variables (leaves, never on the tape, or aliases): ops need no lookup
      if (node.pass !== pass || g === null || ((node.kind !== 'op' || opTarget) && isTarget.has(t)))
        continue;
      node.ct = null;
      state.scope = node.scope;
      state.vjpOf = t;
      if (node.kind === 'alias') {
        accumulate(node.in0!._node!, g, pass);
        continue;
      }
      const prim = node.prim!;
      const inputs = inputsOf(node, inputsOf3);
      // one Saved record per pass, refilled for each rule (rules read it before they return)
      const needs =
        inputs.length < needsOf.length
          ? needsOf[inputs.length]!
          : new Array<boolean>(inputs.length);
      for (let k = 0; k < inputs.length; k++) {
        const n = inputs[k]!._node;
        needs[k] = n !== null && n.mark === pass;
      }
      scratch.needs = needs;
      scratch.inputs = inputs;
      scratch.output = t;
      scratch.attrs = node.attrs;
      const gs = prim.vjp(g, scratch, o);
      if (gs.length !== inputs.length) {
        throw new GradflowError(
          prim.name,
          `VJP returned ${gs.length} cotangents for ${inputs.length} inputs`,
        );
      }
      for (let k = 0; k < gs.length; k++) {
        const x = inputs[k]!;
        let gk = gs[k];
        if (gk === null || gk === undefined || !needs[k]) continue;
        gk = o.sumTo(gk, x.shape);
        if (gk.dtype !== x.dtype) gk = o.cast(gk, x.dtype);
        accumulate(x._node!, gk, pass);
      }
    }
  } finally {
    state.phase = saved.phase;
    state.scope = saved.scope;
    state.vjpOf = saved.vjpOf;
    state.depth = saved.depth;
    state.nodes = saved.nodes;
  }
  const grads = targets.map((t) => {
    const n = t._node!;
    return n.pass === pass && n.ct !== null ? n.ct : o.zerosLike(t);
  });
  for (const t of targets) t._node!.ct = null;
  return grads;
}

function accumulate(n: Recorded, g: Tensor, pass: number): void {
  if (n.pass === pass && n.ct !== null) {
    n.ct = ops().add(n.ct, g);
  } else {
    n.pass = pass;
    n.ct = g;
  }
}

export function assertScalarOutput(op: string, y: unknown): Tensor {
  if (!(y instanceof Tensor)) {
    throw new GradflowError(
      op,
      `the function must return a Tensor, got ${y === null ? 'null' : typeof y}`,
    );
  }
  if (y.size !== 1) {
    throw new GradflowError(
      op,
      `the function must return a size-1 tensor (a scalar loss), got shape ${fmtShape(y.shape)}; reduce it first, e.g. with sum() or mean(), or use vjp for non-scalar outputs`,
    );
  }
  return y;
}

/** The same values as a constant: no gradient flows back through it (a trace still shows where it came from). */
export function stopGradient(x: Tensor): Tensor {
  if (state.depth === 0) return x;
  const c = new Tensor(x._data, x.shape, x.dtype);
  state.recorder?.onAlias(c, x);
  return c;
}
