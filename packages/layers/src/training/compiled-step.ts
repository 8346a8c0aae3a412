/*
 * Runs the training step compiled with `jit` (compile's `jitCompile`), or eagerly where it
 * cannot be compiled safely, with the reason kept. The step is a pure function of its arguments
 * (see step.ts), so the compiled program reads nothing frozen at trace time; as a guard against
 * a layer, activation or loss that reads tensor values in JavaScript (which a trace cannot
 * follow), the first two calls of every compiled signature also run eagerly and must agree.
 */
import { GradflowError, type Tensor, jit } from '@gradflow/autodiff';
import type { Layer } from '../layers/layer.js';
import type { Loss } from '../losses.js';
import { type Optimizer, scalarTensors } from '../optimizers/optimizer.js';
import { describe, fail } from '../util.js';
import {
  type StepModel,
  type StepResult,
  type TrainStep,
  type UpdateResult,
  type UpdateStep,
  trainStep,
  updateStep,
} from './step.js';
import { disagreement } from './step-check.js';

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

/** Signatures whose checks are remembered (one evicted is checked again, which costs two eager steps). */
const CHECKED_SIGNATURES = 64;

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

/** A pure step function compiled with jit, checked against itself run eagerly on the first calls of each signature. */
class CheckedJit<A extends unknown[], R> {
  private readonly jitted: (...args: A) => R;
  /** Calls left to check per signature. */
  private readonly checks = new Map<string, number>();

  constructor(
    readonly eager: (...args: A) => R,
    private readonly compare: (got: R, want: R, args: A) => string | null,
  ) {
    this.jitted = jit(eager, { cacheSize: CACHE_SIZE });
  }

  /** The compiled result, or the eager one and why the compiled one cannot be trusted. */
  call(key: string, args: A): { result: R; failure: string | null } {
    let got: R;
    try {
      got = this.jitted(...args);
    } catch (e) {
      // An error the eager step throws too is the data's or the model's: it propagates as it is.
      const result = this.eager(...args);
      return {
        result,
        failure: `compiling it failed: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
    const left = this.checks.get(key) ?? CHECKED_CALLS;
    if (left === 0) return { result: got, failure: null };
    const want = this.eager(...args);
    const bad = this.compare(got, want, args);
    if (bad !== null)
      return {
        result: want,
        failure: `${bad}; a layer, activation or loss probably reads tensor values in JavaScript (data, item, toArray), which a trace cannot follow`,
      };
    if (this.checks.size >= CHECKED_SIGNATURES)
      this.checks.delete(this.checks.keys().next().value!);
    this.checks.set(key, left - 1);
    return { result: got, failure: null };
  }
}

/** Where a compiled step's loss, predictions, gradients or state updates differ from the eager step's. */
function compareStep(got: StepResult, want: StepResult): string | null {
  return disagreement([
    ['the loss', [got.loss], [want.loss]],
    ['the predictions', [got.yPred], [want.yPred]],
    ['the gradients', got.grads.flat(), want.grads.flat()],
    ['the updated non-trainable weights', got.updates.flat(), want.updates.flat()],
  ]);
}

/** The one dtype of tensors, or null when they mix dtypes (or there are none). */
function oneDType(ts: readonly Tensor[]): Tensor['dtype'] | null {
  const d = ts[0]?.dtype ?? null;
  return ts.every((t) => t.dtype === d) ? d : null;
}

/** A step's loss, predictions and state updates, and the new trainable weights (flat). */
export type StepOutcome = Omit<UpdateResult, 'slots' | 'grads'>;

/**
 * The training step of a compiled model, the optimizer's update included: compiled as one
 * program where it can be (Keras's jit_compile compiles the whole train step), the gradient part
 * alone with an eager update where the optimizer reads values (globalClipnorm) or the weights mix
 * dtypes, and eagerly otherwise.
 */
export class StepRunner {
  private readonly step: TrainStep;
  private readonly compiled: {
    step: CheckedJit<Parameters<TrainStep>, StepResult>;
    update: CheckedJit<Parameters<UpdateStep>, UpdateResult>;
  } | null;
  private reason: string | null;

  constructor(
    private readonly model: StepModel & { readonly layers: readonly Layer[] },
    loss: Loss,
    private readonly optimizer: Optimizer,
    readonly jitCompile: JitCompile,
  ) {
    this.step = trainStep(model, loss);
    this.reason = jitCompile === false ? 'jitCompile is false' : null;
    this.compiled =
      jitCompile === false
        ? null
        : {
            step: new CheckedJit(this.step, compareStep),
            // The update itself is the optimizer's pure function of these gradients; comparing
            // its results would judge rounding noise that Adam and RMSprop amplify (a gradient of
            // 1e-12 and one of -1e-12 move a weight by +lr and -lr).
            update: new CheckedJit(updateStep(this.step, optimizer), compareStep),
          };
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
  }

  /** The eager optimizer's update of the trainable weights (none: nothing to update). */
  private apply(grads: Tensor[][], flat: Tensor[]): Tensor[] {
    return flat.length > 0 ? this.optimizer.apply(grads.flat(), flat) : [];
  }

  run(...args: Parameters<TrainStep>): StepOutcome {
    const [trainable, , x, y, , layout] = args;
    const flat = trainable.flat();
    if (this.compiled === null || !this.status.compiled) {
      const r = this.step(...args);
      return { ...r, params: this.apply(r.grads, flat) };
    }
    const dtype = oneDType(flat);
    // The jit compiles per shapes and dtypes; each program it makes is checked on its first calls.
    const key = `${x.dtype}[${x.shape.join(',')}]|${y.dtype}[${y.shape.join(',')}]|${dtype}|${JSON.stringify(layout)}`;
    if (dtype !== null && this.optimizer.pureUpdate) {
      const { slots, scalars } = this.optimizer.begin(`${this.optimizer.className}.apply`, flat);
      const { result, failure } = this.compiled.update.call(key, [
        ...args,
        slots,
        scalarTensors(scalars, dtype),
      ]);
      // Throws (jitCompile: true) before the optimizer counts a step whose weights are not stored.
      if (failure !== null) this.giveUp(failure);
      this.optimizer.end(result.slots);
      return result;
    }
    const { result, failure } = this.compiled.step.call(key, args);
    if (failure !== null) this.giveUp(failure);
    return { ...result, params: this.apply(result.grads, flat) };
  }
}
