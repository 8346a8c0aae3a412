/** compile's, fit's and evaluate's options, checked and with Keras's defaults. */
import { type Loss, type LossIdentifier, get as getLoss } from '../losses.js';
import { type MetricIdentifier, validateIdentifier } from '../metrics.js';
import {
  type Optimizer,
  type OptimizerIdentifier,
  get as getOptimizer,
} from '../optimizers/index.js';
import type { Callback } from './callbacks.js';
import { type JitCompile, checkJitCompile } from './compiled-step.js';
import {
  checkBoolean,
  checkKeys,
  checkNumber,
  describe,
  fail,
  isPlainObject,
  positiveInt,
  type TensorInput,
} from '../util.js';

export interface CompileOptions {
  /** An id ('sgd', 'adam', 'rmsprop') or an Optimizer (default 'rmsprop', as Keras). */
  optimizer?: OptimizerIdentifier;
  /** A loss id ('mean_squared_error', 'binary_crossentropy', ...), a Loss, or a function (yTrue, yPred) => Tensor. */
  loss: LossIdentifier;
  /** Metric ids ('accuracy', 'mse', ...) or functions (yTrue, yPred) => per-sample values. */
  metrics?: MetricIdentifier[];
  /**
   * Whether fit and trainOnBatch run the training step compiled with `jit` (Keras's
   * `jit_compile`): 'auto' (the default) compiles unless the model has a layer the trainer does
   * not know to be safe to compile, or the compiled step disagrees with the eager one on its
   * first calls, and then trains eagerly (`model.jitStatus` says why); true compiles or throws;
   * false always trains eagerly.
   */
  jitCompile?: JitCompile;
}

/** Checks compile's options (errors name `op`) and resolves the optimizer, loss and metrics. */
export function compileSettings(
  op: string,
  options: CompileOptions,
): { optimizer: Optimizer; loss: Loss; metrics: MetricIdentifier[]; jitCompile: JitCompile } {
  if (!isPlainObject(options))
    fail(op, `expects { optimizer, loss, metrics? }, got ${describe(options)}`);
  checkKeys(op, options, ['optimizer', 'loss', 'metrics', 'jitCompile']);
  if (options.loss === undefined || options.loss === null)
    fail(op, `a loss is required, e.g. compile({ optimizer: 'adam', loss: 'mean_squared_error' })`);
  const optimizer = getOptimizer(options.optimizer ?? 'rmsprop');
  const loss = getLoss(options.loss);
  const metrics = options.metrics ?? [];
  if (!Array.isArray(metrics))
    fail(op, `metrics must be an array such as ['accuracy'], got ${describe(metrics)}`);
  metrics.forEach(validateIdentifier);
  const names = metrics.map((m) => (typeof m === 'string' ? m : m.name || 'metric'));
  const dup = names.find((n, i) => names.indexOf(n) !== i || n === 'loss');
  if (dup !== undefined)
    fail(op, `metric names must be unique and not 'loss'; ${JSON.stringify(dup)} is repeated`);
  const jitCompile = checkJitCompile(op, options.jitCompile ?? 'auto');
  return { optimizer, loss, metrics: metrics.slice(), jitCompile };
}

export interface FitOptions {
  /** Number of passes over the data (default 1). */
  epochs?: number;
  /** Samples per gradient step (default 32). */
  batchSize?: number;
  /** Shuffle the training samples before each epoch (default true). */
  shuffle?: boolean;
  /** Seed of the shuffling; without one it draws from the global random stream (setGlobalSeed). */
  seed?: number;
  /** Fraction in [0, 1) of the samples, taken from the end before shuffling, held out for validation. */
  validationSplit?: number;
  /** Validation data [x, y] (takes precedence over validationSplit). */
  validationData?: [TensorInput, TensorInput];
  /** Called at the start and end of training, epochs and batches; awaited. */
  callbacks?: Callback | Callback[];
  /** 0: silent (default), 1: a line per epoch ending with a progress bar, 2: a plain line per epoch. */
  verbose?: 0 | 1 | 2;
  /** Where verbose output goes (default console.log). */
  printFn?: (line: string) => void;
  /** Give the event loop a turn after every 'batch' or 'epoch' so a page can redraw (default 'never'). */
  yieldEvery?: 'never' | 'epoch' | 'batch';
}

export interface EvaluateOptions {
  batchSize?: number;
  /** Return `{ loss, ...metrics }` instead of a number or list (default false). */
  returnDict?: boolean;
}

const FIT_KEYS = [
  'epochs',
  'batchSize',
  'shuffle',
  'seed',
  'validationSplit',
  'validationData',
  'callbacks',
  'verbose',
  'printFn',
  'yieldEvery',
];

export interface FitSettings {
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  seed: number | undefined;
  validationSplit: number;
  validationData: [TensorInput, TensorInput] | undefined;
  callbacks: Callback[];
  verbose: 0 | 1 | 2;
  print: (line: string) => void;
  yieldEvery: 'never' | 'epoch' | 'batch';
}

/** Checks fit's options (every error names `op`) and fills in the defaults. */
export function fitSettings(op: string, given: FitOptions): FitSettings {
  if (!isPlainObject(given))
    fail(
      op,
      `options must be an object such as { epochs: 10, batchSize: 32 }, got ${describe(given)}`,
    );
  checkKeys(op, given, FIT_KEYS);
  const options = given as FitOptions;
  const epochs = checkNumber(
    op,
    'epochs',
    options.epochs ?? 1,
    (v) => Number.isSafeInteger(v) && v >= 0,
    'an integer >= 0',
  );
  const verbose = checkNumber(
    op,
    'verbose',
    options.verbose ?? 0,
    (v) => v === 0 || v === 1 || v === 2,
    '0, 1 or 2',
  ) as 0 | 1 | 2;
  const print = options.printFn ?? ((line: string) => console.log(line));
  if (typeof print !== 'function') fail(op, `printFn must be a function, got ${describe(print)}`);
  const yieldEvery = options.yieldEvery ?? 'never';
  if (!['never', 'epoch', 'batch'].includes(yieldEvery))
    fail(op, `yieldEvery must be 'never', 'epoch' or 'batch', got ${describe(yieldEvery)}`);
  const validationSplit = checkNumber(
    op,
    'validationSplit',
    options.validationSplit ?? 0,
    (v) => v >= 0 && v < 1,
    'a number in [0, 1)',
  );
  const cbs = options.callbacks;
  const callbacks = cbs === undefined ? [] : Array.isArray(cbs) ? cbs : [cbs];
  callbacks.forEach((c, i) => {
    if (c === null || typeof c !== 'object')
      fail(
        op,
        `callbacks[${i}] must be an object with methods such as onEpochEnd, got ${describe(c)}`,
      );
  });
  const seed = options.seed;
  if (seed !== undefined && !Number.isSafeInteger(seed))
    fail(op, `seed must be an integer, got ${describe(seed)}`);
  const vd = options.validationData;
  if (vd !== undefined && (!Array.isArray(vd) || vd.length !== 2))
    fail(op, `validationData must be [xVal, yVal], got ${describe(vd)}`);
  return {
    epochs,
    batchSize: positiveInt(op, 'batchSize', options.batchSize ?? 32),
    shuffle: checkBoolean(op, 'shuffle', options.shuffle ?? true),
    seed,
    validationSplit,
    validationData: vd,
    callbacks,
    verbose,
    print,
    yieldEvery,
  };
}

/** evaluate's options, checked, with Keras's defaults. */
export function evaluateSettings(
  op: string,
  options: EvaluateOptions,
): { batchSize: number; returnDict: boolean } {
  if (!isPlainObject(options)) fail(op, `options must be an object, got ${describe(options)}`);
  checkKeys(op, options, ['batchSize', 'returnDict']);
  return {
    batchSize: positiveInt(op, 'batchSize', options.batchSize ?? 32),
    returnDict: checkBoolean(op, 'returnDict', options.returnDict ?? false),
  };
}
