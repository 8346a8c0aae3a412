/**
 * Runs the latest of a stream of requests, for controls that change faster than a result can be
 * computed (a slider being dragged). A request waits for `delay` ms of quiet, so the steps of a
 * drag start no work; then it runs. A request that arrives while a run is in flight supersedes
 * it: the run's answer is dropped (and `run` may abort it, e.g. by ending its worker). Only the
 * latest request's answer or error is ever delivered.
 */

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LatestOptions<T, R> {
  /** Milliseconds of quiet before a request runs (0: at the next turn of the event loop). */
  delay: number;
  run: (request: T) => Promise<R>;
  /** The answer to the latest request. */
  deliver: (result: R, request: T) => void;
  /** The latest request failed. */
  fail: (error: unknown) => void;
  /** True from a request until the latest one is answered (for aria-busy). */
  busy?: (busy: boolean) => void;
  timers?: Timers;
}

export interface Latest<T> {
  /** Asks for `request` (after the quiet delay, or at once when `immediate`: a first view). */
  request(request: T, immediate?: boolean): void;
  /** Drops any waiting request and every answer still to come. */
  dispose(): void;
}

const globalTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function latest<T, R>(options: LatestOptions<T, R>): Latest<T> {
  const timers = options.timers ?? globalTimers;
  let sequence = 0;
  let timer: unknown = undefined;
  const cancelTimer = () => {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
  };
  return {
    request(request, immediate = false) {
      const mine = ++sequence;
      cancelTimer();
      options.busy?.(true);
      timer = timers.setTimeout(
        () => {
          timer = undefined;
          Promise.resolve(request)
            .then(options.run)
            .then(
              (result) => {
                if (mine !== sequence) return;
                options.deliver(result, request);
                options.busy?.(false);
              },
              (error: unknown) => {
                if (mine !== sequence) return;
                options.fail(error);
                options.busy?.(false);
              },
            );
        },
        immediate ? 0 : options.delay,
      );
    },
    dispose() {
      sequence++;
      cancelTimer();
    },
  };
}

/** The quiet a dragged control needs before its (expensive) result is recomputed. */
export const SETTLE_MS = 120;
