import { Tensor, maximum, minimum, sqrt, sum, square, tensor, zeros } from '@gradflow/autodiff';
import { checkKeys, checkNumber, describe, fail, fmtShape, isPlainObject } from '../util.js';
import {
  LearningRateSchedule,
  type SerializedSchedule,
  get as getSchedule,
  serialize as serializeSchedule,
} from './schedules.js';

export interface OptimizerOptions {
  /**
   * Step size (each optimizer has Keras's default): a number, or a schedule of the step counter
   * such as `new ExponentialDecay({ ... })` (also in Keras's serialized form `{ class_name, config }`).
   */
  learningRate?: number | LearningRateSchedule | SerializedSchedule;
  /** If set, each gradient g is rescaled to norm at most clipnorm: g · clipnorm / max(‖g‖, clipnorm). */
  clipnorm?: number | null;
  /** If set, each gradient entry is clipped to [-clipvalue, clipvalue]. */
  clipvalue?: number | null;
  /** If set, all gradients are rescaled together so that their joint norm is at most globalClipnorm. */
  globalClipnorm?: number | null;
  /** Name (Keras's defaults: 'SGD', 'adam', 'rmsprop'). */
  name?: string;
}

/** `updateStep`'s arguments: the gradient, the parameter, its state and this step's scalars. */
export type UpdateStepArgs = [
  g: Tensor,
  w: Tensor,
  slots: readonly Tensor[],
  scalars: readonly Tensor[],
];

/** `updateStep`'s result: the new parameter and its new state. */
export interface UpdateStepResult {
  w: Tensor;
  slots: Tensor[];
}

/** Numbers as 0-d tensors of a dtype (rounded to it as a number operand would be). */
export function scalarTensors(values: readonly number[], dtype: Tensor['dtype']): Tensor[] {
  return values.map((v) => tensor(v, { dtype }));
}

const BASE_KEYS = ['learningRate', 'clipnorm', 'clipvalue', 'globalClipnorm', 'name'];

function optionalPositive(op: string, name: string, v: unknown): number | null {
  if (v === undefined || v === null) return null;
  return checkNumber(op, name, v, (x) => x > 0, 'a number > 0 (or null for no clipping)');
}

/**
 * Base class of the optimizers, with Keras 3 semantics: `apply(grads, params)` clips the
 * gradients (clipnorm per tensor, globalClipnorm jointly, or clipvalue per entry; at most one of
 * them), then applies one update step and returns the new parameters. Parameters are immutable
 * tensors: the optimizer returns replacements and keeps its own state (momenta, moment
 * estimates), created on the first call for those parameters' shapes.
 */
export abstract class Optimizer {
  abstract readonly className: string;
  readonly name: string;
  readonly clipnorm: number | null;
  readonly clipvalue: number | null;
  readonly globalClipnorm: number | null;
  private lr: number;
  private readonly schedule: LearningRateSchedule | null;
  private step = 0;
  /** Per parameter, its state tensors in `slotNames()` order. */
  private slots: Tensor[][] | null = null;
  private shapes: (readonly number[])[] | null = null;

  protected constructor(
    op: string,
    options: OptimizerOptions | undefined,
    extraKeys: readonly string[],
    defaults: { learningRate: number; name: string },
  ) {
    const o = options ?? {};
    if (!isPlainObject(o))
      fail(op, `options must be an object such as { learningRate: 0.01 }, got ${describe(o)}`);
    checkKeys(op, o, [...BASE_KEYS, ...extraKeys]);
    const rate = o.learningRate ?? defaults.learningRate;
    this.schedule =
      rate instanceof LearningRateSchedule || isPlainObject(rate)
        ? getSchedule(rate as never)
        : null;
    this.lr = this.schedule !== null ? NaN : Optimizer.checkLearningRate(op, rate);
    this.clipnorm = optionalPositive(op, 'clipnorm', o.clipnorm);
    this.clipvalue = optionalPositive(op, 'clipvalue', o.clipvalue);
    this.globalClipnorm = optionalPositive(op, 'globalClipnorm', o.globalClipnorm);
    const set = [
      ['clipnorm', this.clipnorm],
      ['clipvalue', this.clipvalue],
      ['globalClipnorm', this.globalClipnorm],
    ].filter(([, v]) => v !== null);
    if (set.length > 1)
      fail(
        op,
        `only one of clipnorm, clipvalue and globalClipnorm can be set; got ${set.map(([k, v]) => `${k}=${v}`).join(', ')}`,
      );
    if (o.name !== undefined && (typeof o.name !== 'string' || o.name === ''))
      fail(op, `name must be a non-empty string, got ${describe(o.name)}`);
    this.name = o.name ?? defaults.name;
  }

  private static checkLearningRate(op: string, v: unknown): number {
    return checkNumber(
      op,
      'learningRate',
      v,
      (x) => Number.isFinite(x) && x >= 0,
      'a finite number >= 0',
    );
  }

  /**
   * The step size of the next update: the schedule's value at `iterations` if the optimizer has a
   * schedule. A plain rate may be changed between steps (e.g. by ReduceLROnPlateau); a schedule's
   * cannot, as in Keras.
   */
  get learningRate(): number {
    return this.schedule !== null ? this.schedule.call(this.step) : this.lr;
  }
  set learningRate(v: number) {
    if (this.schedule !== null)
      fail(
        this.className,
        `the learning rate is the schedule ${this.schedule.className}, so it cannot be set; create the optimizer with a number as learningRate to change it during training`,
      );
    this.lr = Optimizer.checkLearningRate(this.className, v);
  }

  /** The learning-rate schedule, or null for a fixed rate. */
  get learningRateSchedule(): LearningRateSchedule | null {
    return this.schedule;
  }

  /** Number of update steps applied so far (Keras's `optimizer.iterations`). */
  get iterations(): number {
    return this.step;
  }

  /** Names of the per-parameter state tensors this optimizer keeps (all zeros at first). */
  protected abstract slotNames(): string[];

  /**
   * This step's scalars, from the learning rate and the 1-based step t, computed in float64 in
   * JavaScript: the learning rate by default (Adam folds its bias corrections in). `updateStep`
   * gets them as 0-d tensors of the parameter's dtype, so a compiled step takes them as arguments
   * instead of baking one step's values in.
   */
  protected stepScalars(lr: number, _t: number): number[] {
    return [lr];
  }

  /**
   * One update of a parameter with its (clipped) gradient, its state (`slotNames()` order) and
   * this step's scalars: the new parameter and state. A pure function of its arguments.
   */
  protected abstract updateStep(...args: UpdateStepArgs): UpdateStepResult;

  /** The state tensors by slot name, one per parameter (empty before the first step). */
  getSlots(): Record<string, Tensor[]> {
    const slots = this.slots;
    if (slots === null) return {};
    return Object.fromEntries(this.slotNames().map((n, k) => [n, slots.map((s) => s[k]!)]));
  }

  /** Forgets the state (momenta, moments, step count), so the optimizer can be used for new parameters. */
  reset(): void {
    this.slots = null;
    this.shapes = null;
    this.step = 0;
  }

  /** Applies clipnorm / globalClipnorm / clipvalue as Keras's `_clip_gradients` does. */
  clipGradients(grads: readonly Tensor[]): Tensor[] {
    if (this.clipnorm !== null) {
      const c = this.clipnorm;
      return grads.map((g) => g.mul(c).div(maximum(sqrt(sum(square(g))), c)));
    }
    if (this.globalClipnorm !== null) {
      const c = this.globalClipnorm;
      let total = 0;
      for (const g of grads) total += sum(square(g.cast('float64'))).item();
      const norm = Math.sqrt(total);
      if (norm <= c) return grads.slice();
      return grads.map((g) => g.mul(c / norm));
    }
    if (this.clipvalue !== null) {
      const c = this.clipvalue;
      return grads.map((g) => minimum(maximum(g, -c), c));
    }
    return grads.slice();
  }

  /**
   * One optimization step: returns the updated parameters (new tensors, same order). `grads[i]`
   * must have the shape of `params[i]`; the parameters must be the same (count and shapes) on
   * every call.
   */
  apply(grads: readonly Tensor[], params: readonly Tensor[]): Tensor[] {
    const op = `${this.className}.apply`;
    if (!Array.isArray(grads) || !Array.isArray(params))
      fail(
        op,
        `expects arrays of gradients and parameters, got ${describe(grads)} and ${describe(params)}`,
      );
    if (grads.length !== params.length)
      fail(op, `got ${grads.length} gradients for ${params.length} parameters`);
    params.forEach((w, i) => {
      const g = grads[i]!;
      if (!(w instanceof Tensor) || !(g instanceof Tensor))
        fail(
          op,
          `gradient and parameter ${i} must be Tensors, got ${describe(g)} and ${describe(w)}`,
        );
      if (g.shape.length !== w.shape.length || g.shape.some((d, j) => d !== w.shape[j])) {
        fail(
          op,
          `gradient ${i} has shape ${fmtShape(g.shape)} but its parameter has shape ${fmtShape(w.shape)}`,
        );
      }
    });
    const { slots, scalars } = this.begin(op, params);
    const next = this.update(grads, params, slots, (dtype) => scalarTensors(scalars, dtype));
    this.end(next.slots);
    return next.params;
  }

  /**
   * @internal The eager part of a step, for a trainer that runs the update compiled: checks the
   * parameters against the state (building it on the first step) and returns the state and the
   * next step's scalars (the learning rate read before the step, as Keras). Changes nothing until
   * `end`, so a step that fails in between leaves `iterations` as it was.
   */
  begin(op: string, params: readonly Tensor[]): { slots: Tensor[][]; scalars: number[] } {
    this.build(op, params);
    const lr = this.learningRate; // schedule(iterations): the first update uses schedule(0)
    return { slots: this.slots!, scalars: this.stepScalars(lr, this.step + 1) };
  }

  /**
   * @internal The update as a pure function of tensors: clips the gradients and updates each
   * parameter and its state. `scalars(dtype)` gives this step's scalars as 0-d tensors.
   */
  update(
    grads: readonly Tensor[],
    params: readonly Tensor[],
    slots: readonly (readonly Tensor[])[],
    scalars: (dtype: Tensor['dtype']) => readonly Tensor[],
  ): { params: Tensor[]; slots: Tensor[][] } {
    const clipped = this.clipGradients(grads);
    const out = params.map((w, i) =>
      this.updateStep(clipped[i]!.cast(w.dtype), w, slots[i]!, scalars(w.dtype)),
    );
    return { params: out.map((o) => o.w), slots: out.map((o) => o.slots) };
  }

  /** @internal Ends a step: stores the state it computed and counts it in `iterations`. */
  end(slots: Tensor[][]): void {
    this.slots = slots;
    this.step++;
  }

  /** @internal Whether `update` is a pure function of tensors (globalClipnorm reads values: no). */
  get pureUpdate(): boolean {
    return this.globalClipnorm === null;
  }

  private build(op: string, params: readonly Tensor[]): void {
    if (this.shapes !== null) {
      const shapes = this.shapes;
      const same =
        shapes.length === params.length &&
        params.every(
          (w, i) =>
            w.shape.length === shapes[i]!.length && w.shape.every((d, j) => d === shapes[i]![j]),
        );
      if (!same) {
        fail(
          op,
          `this optimizer was built for ${shapes.length} parameters of shapes ${shapes.map(fmtShape).join(', ')} but got ${params.length} of shapes ${params.map((w) => fmtShape(w.shape)).join(', ')}; use a new optimizer (or reset()) for other parameters`,
        );
      }
      return;
    }
    this.shapes = params.map((w) => w.shape.slice());
    this.slots = params.map((w) => this.slotNames().map(() => zeros(w.shape as number[], w.dtype)));
  }

  /** Keras's get_config (snake_case keys). */
  getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      learning_rate: this.schedule !== null ? serializeSchedule(this.schedule) : this.lr,
      clipnorm: this.clipnorm,
      global_clipnorm: this.globalClipnorm,
      clipvalue: this.clipvalue,
    };
  }
}
