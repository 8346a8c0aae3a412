/**
 * Drives a Trainer: play runs steps for about `budgetMs`, posts a frame, yields to the event loop
 * (so pause and new settings get through) and goes on; with the default budget frames arrive at
 * about 10 Hz. The Web Worker exposes one of these through comlink; tests and pages without
 * workers call it directly.
 */
import { GradflowError } from '@gradflow/autodiff';
import type { TrainConfig } from './config.js';
import { Trainer, type TrainFrame } from './trainer.js';

export interface HostFrame extends TrainFrame {
  /** Changes whenever the model is rebuilt (configure, reset), so a viewer can clear its history. */
  generation: number;
  /** Whether training is running. */
  playing: boolean;
}

export type FrameListener = (frame: HostFrame) => void;
export type ErrorListener = (message: string) => void;

/** What the page calls, on the worker (through comlink, so results may be promises) or in-page. */
export interface TrainerPort {
  listen(onFrame: FrameListener, onError: ErrorListener): unknown;
  configure(config: TrainConfig): unknown;
  play(): unknown;
  pause(): unknown;
  step(): unknown;
  reset(): unknown;
}

export interface Scheduler {
  now(): number;
  later(fn: () => void): void;
}

const defaultScheduler: Scheduler = {
  now: () => performance.now(),
  later: (fn) => void setTimeout(fn, 0),
};

function message(e: unknown): string {
  return e instanceof GradflowError || e instanceof Error ? e.message : String(e);
}

export class TrainerHost implements TrainerPort {
  private trainer: Trainer | null = null;
  private playing = false;
  private generation = 0;
  private onFrame: FrameListener = () => {};
  private onError: ErrorListener = () => {};
  /** Bumped by every play/pause/configure, so a pending tick from an earlier run stops. */
  private run = 0;

  constructor(
    private readonly scheduler: Scheduler = defaultScheduler,
    private readonly budgetMs = 80,
  ) {}

  listen(onFrame: FrameListener, onError: ErrorListener): void {
    this.onFrame = onFrame;
    this.onError = onError;
  }

  /** Builds a new model and data for `config` (training continues if it was playing). */
  configure(config: TrainConfig): void {
    try {
      this.trainer = new Trainer(config);
    } catch (e) {
      this.trainer = null;
      this.stop();
      this.onError(message(e));
      return;
    }
    this.generation++;
    this.emit();
    if (this.playing) this.schedule();
  }

  play(): void {
    if (this.trainer === null || this.playing) return;
    this.playing = true;
    this.schedule();
    this.emit();
  }

  pause(): void {
    this.stop();
    this.emit();
  }

  /** One gradient step (pauses first). */
  step(): void {
    this.stop();
    this.guard(() => this.trainer?.run(1));
    this.emit();
  }

  /** New initial weights; keeps playing if it was. */
  reset(): void {
    if (this.trainer === null) return;
    this.trainer.reset();
    this.generation++;
    this.emit();
  }

  private stop(): void {
    this.playing = false;
    this.run++;
  }

  private schedule(): void {
    const run = ++this.run;
    this.scheduler.later(() => this.tick(run));
  }

  private tick(run: number): void {
    if (run !== this.run || !this.playing || this.trainer === null) return;
    const trainer = this.trainer;
    const start = this.scheduler.now();
    const ok = this.guard(() => {
      do trainer.run(1);
      while (this.scheduler.now() - start < this.budgetMs);
    });
    this.emit();
    if (ok) this.schedule();
  }

  private guard(fn: () => void): boolean {
    try {
      fn();
      return true;
    } catch (e) {
      this.stop();
      this.onError(message(e));
      return false;
    }
  }

  private emit(): void {
    if (this.trainer === null) return;
    const frame = this.trainer.frame();
    this.onFrame({ ...frame, generation: this.generation, playing: this.playing });
  }
}
