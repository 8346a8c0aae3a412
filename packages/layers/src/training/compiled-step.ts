/*
 * Runs the training step compiled with `jit` (compile's `jitCompile`), or eagerly where it
 * cannot be compiled safely, with the reason kept. The step is a pure function of its arguments
 * (see step.ts), so the compiled program reads nothing frozen at trace time; as a guard against
 * a layer, activation or loss that reads tensor values in JavaScript (which a trace cannot
 * follow), the first two calls of every compiled signature also run eagerly and must agree.
 */
import { GradflowError, type Jitted, type Tensor, jit } from '@gradflow/autodiff';
import type { Layer } from '../layers/layer.js';
import type { Loss } from '../losses.js';
import { describe, fail } from '../util.js';
import {
  type StepLayout,
  type StepModel,
  type StepResult,
  type TrainStep,
  trainStep,
} from './step.js';

/** compile's `jitCompile`: 'auto' (default) compiles where safe, true insists, false never compiles. */
export type JitCompile = 'auto' | boolean;

/** Whether fit's training step runs compiled, and if not, why. */
export interface JitStatus {
  /** What compile was given. */
  readonly jitCompile: JitCompile;
  /** True while the training step runs compiled (also before the first step, when it is expected to). */
  readonly compiled: boolean;
  /** Why it runs eagerly (null when compiled). */
  readonly reason: string | null;
}

/** Layer kinds whose training pass the trainer knows to be a pure function of the step's arguments. */
const COMPILABLE = new Set([
  'Dense',
  'Activation',
  'BatchNormalization',
  'Dropout',
  'Flatten',
  'InputLayer',
]);

/** How many calls of a new signature are checked against the eager step. */
const CHECKED_CALLS = 2;

/** Compiled signatures kept per model (a full batch, a smaller last batch, and a few more). */
const CACHE_SIZE = 8;

export function checkJitCompile(op: string, v: unknown): JitCompile {
  if (v === 'auto' || v === true || v === false) return v;
  fail(op, `jitCompile must be 'auto', true or false, got ${describe(v)}`);
}

/** Why layers cannot be compiled by 'auto' (null when they can). */
function staticReason(layers: readonly Layer[]): string | null {
  const odd = layers.find((l) => !COMPILABLE.has(l.className));
  if (odd !== undefined)
    return `layer ${JSON.stringify(odd.name)} is a ${odd.className}, which the trainer does not know to be safe to compile (give jitCompile: true to compile it anyway)`;
  return null;
}

/** The largest |x| over tensors' finite elements. */
function largest(ts: readonly Tensor[]): number {
  let m = 0;
  for (const t of ts)
    for (const v of t.data()) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}

/** The largest |a - b| over two tensors' elements (0 when equal, NaNs and infinities alike). */
function difference(a: Tensor, b: Tensor): number {
  if (a.size !== b.size) return Infinity;
  const x = a.data();
  const y = b.data();
  let worst = 0;
  for (let i = 0; i < y.length; i++) {
    const u = x[i]!;
    const v = y[i]!;
    if (u === v || (Number.isNaN(u) && Number.isNaN(v))) continue;
    worst = Math.max(worst, Math.abs(u - v));
  }
  return Number.isNaN(worst) ? Infinity : worst;
}

/**
 * Relative tolerance of the check against eager: the WebAssembly backend's float32 exp, log and
 * erf are within a few ulps of the eager kernels, which a step can amplify a little; a value
 * read while tracing is wrong by far more.
 */
const TOLERANCE = { float32: 1e-3, float64: 1e-9 };

/**
 * Where a compiled step's results differ from the eager step's, or null. Each group (the loss,
 * the predictions, all gradients, all updates) is compared relative to its largest value: a
 * gradient that is rounding noise (a bias before BatchNormalization) is judged against the
 * others, not against itself.
 */
function disagreement(got: StepResult, want: StepResult): string | null {
  const groups: [string, Tensor[], Tensor[]][] = [
    ['the loss', [got.loss], [want.loss]],
    ['the predictions', [got.yPred], [want.yPred]],
    ['the gradients', got.grads.flat(), want.grads.flat()],
    ['the updated non-trainable weights', got.updates.flat(), want.updates.flat()],
  ];
  for (const [what, a, b] of groups) {
    if (a.length !== b.length) return `${what} differ in number from the eager step's`;
    const scale = largest(b) || 1;
    for (let i = 0; i < b.length; i++) {
      const d = difference(a[i]!, b[i]!) / scale;
      if (d > TOLERANCE[b[i]!.dtype])
        return `${what} differ from the eager step's by ${d.toPrecision(3)} (relative to the largest)`;
    }
  }
  return null;
}

/** The training step of a compiled model: jitted where it can be, eager otherwise. */
export class StepRunner {
  private readonly eager: TrainStep;
  private compiled: Jitted<TrainStep> | null = null;
  private reason: string | null;
  /** Calls left to check per signature. */
  private readonly checks = new Map<string, number>();

  constructor(
    private readonly model: StepModel & { readonly layers: readonly Layer[] },
    loss: Loss,
    readonly jitCompile: JitCompile,
  ) {
    this.eager = trainStep(model, loss);
    this.reason = jitCompile === false ? 'jitCompile is false' : null;
    if (jitCompile !== false) this.compiled = jit(this.eager, { cacheSize: CACHE_SIZE });
  }

  get status(): JitStatus {
    const reason =
      this.reason ?? (this.jitCompile === 'auto' ? staticReason(this.model.layers) : null);
    return { jitCompile: this.jitCompile, compiled: reason === null, reason };
  }

  /** Falls back to eager for good ('auto'), or throws (true). */
  private giveUp(reason: string): void {
    if (this.jitCompile === true)
      throw new GradflowError(
        'fit',
        `the training step cannot be compiled (jitCompile: true): ${reason}; use jitCompile: 'auto' to train eagerly instead`,
      );
    this.reason = reason;
    this.compiled = null;
  }

  run(
    trainable: Tensor[][],
    fixed: Tensor[][],
    x: Tensor,
    y: Tensor,
    noise: (Tensor | null)[],
    layout: StepLayout,
  ): StepResult {
    const args = [trainable, fixed, x, y, noise, layout] as const;
    if (this.compiled === null || !this.status.compiled) return this.eager(...args);
    const key = `${x.shape.join(',')}|${y.shape.join(',')}|${JSON.stringify(layout)}`;
    const left = this.checks.get(key) ?? CHECKED_CALLS;
    let got: StepResult;
    try {
      got = this.compiled(...args);
    } catch (e) {
      // An error the eager step throws too is the data's or the model's: it propagates as it is.
      const want = this.eager(...args);
      this.giveUp(`compiling it failed: ${e instanceof Error ? e.message : String(e)}`);
      return want;
    }
    if (left === 0) return got;
    const want = this.eager(...args);
    const bad = disagreement(got, want);
    if (bad !== null) {
      this.giveUp(
        `${bad}; a layer, activation or loss probably reads tensor values in JavaScript (data, item, toArray), which a trace cannot follow`,
      );
      return want;
    }
    this.checks.set(key, left - 1);
    return got;
  }
}
