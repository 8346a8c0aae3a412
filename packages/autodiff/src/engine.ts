import { GradflowError, fmtShape } from './errors.js';
import { ops } from './dispatch.js';
import type { Primitive, PrimitiveName } from './primitive.js';
import { type Node, Tensor } from './tensor.js';

/**
 * The recording engine. Ops always run eagerly; while a transform (grad, vjp, trace) is
 * active, every primitive application whose inputs are tracked records a Node on its output,
 * and the backward pass walks those nodes applying each primitive's VJP. VJPs are written with
 * the same recorded ops, so under an outer transform the backward pass is itself recorded:
 * that is how gradients of gradients work.
 */

/** Receives every primitive application and leaf while `trace` runs. */
export interface Recorder {
  onApply(
    prim: PrimitiveName,
    inputs: readonly Tensor[],
    attrs: unknown,
    output: Tensor,
    scope: readonly string[],
  ): void;
  onAlias(alias: Tensor, source: Tensor): void;
}

export type Phase = 'forward' | 'backward';

const state = {
  /** Number of transforms currently running. Nothing is recorded at depth 0. */
  depth: 0,
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
  const spec = prim.infer(inputs, attrs);
  const data = prim.forward(inputs, attrs, spec);
  const out = new Tensor(data, spec.shape, spec.dtype);
  if (state.depth > 0) {
    if (prim.differentiable && inputs.some((t) => t._node !== null)) {
      out._node = { kind: 'op', prim: prim as Primitive, inputs, attrs, scope: state.scope };
    }
    state.recorder?.onApply(prim.name, inputs, attrs, out, state.scope);
  }
  return out;
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

/** Opens a transform: recording is on until the matching `exitTransform`. */
export function enterTransform(recorder?: Recorder): { restore: () => void } {
  const saved = { recorder: state.recorder, phase: state.phase, scope: state.scope };
  state.depth++;
  if (recorder) {
    state.recorder = recorder;
    state.phase = 'forward';
    state.scope = [];
  }
  return {
    restore: () => {
      state.depth--;
      state.recorder = saved.recorder;
      state.phase = saved.phase;
      state.scope = saved.scope;
    },
  };
}

/** True inside exactly one transform and no trace: its backward pass need not be recorded. */
export function isOutermost(): boolean {
  return state.depth === 1 && state.recorder === null;
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
  const v = new Tensor(x._data, x.shape, x.dtype);
  const node: Node =
    x._node !== null
      ? { kind: 'alias', prim: null, inputs: [x], attrs: null, scope: state.scope }
      : { kind: 'leaf', prim: null, inputs: [], attrs: null, scope: state.scope };
  v._node = node;
  state.recorder?.onAlias(v, x);
  return v;
}

/** A tensor with the same values and no provenance: gradients do not flow through it. */
export function detach(x: Tensor): Tensor {
  return x._node === null ? x : new Tensor(x._data, x.shape, x.dtype);
}

/**
 * Reverse pass: cotangents of `targets` given output y with cotangent ct. Only the nodes on a
 * path from y to a target are visited; targets stop the walk. Each VJP's cotangents are checked
 * for count, summed back over broadcast axes, cast to the input's dtype and accumulated with add.
 * With `record` false the pass records nothing (for the outermost grad, whose backward pass no
 * one will differentiate: no nodes are built and each consumed cotangent can be freed).
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
): Tensor[] {
  const o = ops();
  const targetSet = new Set(targets);
  const { order, relevant } = relevantOrder(y, targetSet);
  const cts = new Map<Tensor, Tensor>();
  cts.set(y, ct);
  const saved = { phase: state.phase, scope: state.scope, vjpOf: state.vjpOf, depth: state.depth };
  state.phase = phase;
  if (!record) state.depth = 0;
  try {
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i]!;
      const g = cts.get(t);
      const node = t._node;
      if (g === undefined || node === null || targetSet.has(t)) continue;
      cts.delete(t);
      if (node.kind === 'alias') {
        state.scope = node.scope;
        state.vjpOf = t;
        accumulate(cts, node.inputs[0]!, g);
        continue;
      }
      if (node.kind !== 'op') continue;
      const prim = node.prim!;
      state.scope = node.scope;
      state.vjpOf = t;
      const needs = node.inputs.map((x) => relevant.has(x));
      const gs = prim.vjp(g, { inputs: node.inputs, output: t, attrs: node.attrs, needs }, o);
      if (gs.length !== node.inputs.length) {
        throw new GradflowError(
          prim.name,
          `VJP returned ${gs.length} cotangents for ${node.inputs.length} inputs`,
        );
      }
      for (let k = 0; k < gs.length; k++) {
        const x = node.inputs[k]!;
        let gk = gs[k];
        if (gk === null || gk === undefined || !relevant.has(x)) continue;
        gk = o.sumTo(gk, x.shape);
        if (gk.dtype !== x.dtype) gk = o.cast(gk, x.dtype);
        accumulate(cts, x, gk);
      }
    }
  } finally {
    state.phase = saved.phase;
    state.scope = saved.scope;
    state.vjpOf = saved.vjpOf;
    state.depth = saved.depth;
  }
  return targets.map((t) => cts.get(t) ?? o.zerosLike(t));
}

function accumulate(cts: Map<Tensor, Tensor>, x: Tensor, g: Tensor): void {
  const prev = cts.get(x);
  cts.set(x, prev === undefined ? g : ops().add(prev, g));
}

/**
 * Topological order (inputs before outputs) of the tensors between y and the targets, found
 * with an explicit stack so that graphs thousands of nodes deep do not overflow the call stack.
 */
function relevantOrder(
  y: Tensor,
  targets: Set<Tensor>,
): { order: Tensor[]; relevant: Set<Tensor> } {
  const reaches = new Map<Tensor, boolean>();
  const order: Tensor[] = [];
  const stack: [Tensor, number][] = [[y, 0]];
  const onStack = new Set<Tensor>([y]);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [t, i] = top;
    const node = t._node;
    const inputs = node === null || targets.has(t) ? [] : node.inputs;
    if (i < inputs.length) {
      top[1]++;
      const x = inputs[i]!;
      if (!reaches.has(x) && !onStack.has(x)) {
        onStack.add(x);
        stack.push([x, 0]);
      }
      continue;
    }
    stack.pop();
    onStack.delete(t);
    let r = targets.has(t);
    for (const x of inputs) if (reaches.get(x)) r = true;
    reaches.set(t, r);
    if (r) order.push(t);
  }
  return { order, relevant: new Set(order) };
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
