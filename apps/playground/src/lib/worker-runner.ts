/*
 * Runs one function in a module Web Worker (comlink), one call at a time: a new call while one is
 * running terminates that worker, so the latest request wins and nothing queues up. Where there
 * are no workers (tests under jsdom), the function runs on the main thread instead.
 */
import { wrap } from 'comlink';

export interface Runner<A, R> {
  run(request: A): Promise<R>;
  dispose(): void;
}

export interface RunnerOptions<A, R> {
  /** Starts the worker (`new Worker(new URL('./x.worker.ts', import.meta.url), ...)`). */
  start: () => Worker;
  /** The name of the function the worker exposes. */
  method: string;
  /** The same function on the main thread, for platforms without workers. */
  local: () => Promise<(request: A) => R>;
}

export function workerRunner<A, R>(options: RunnerOptions<A, R>): Runner<A, R> {
  if (typeof Worker === 'undefined') {
    return { run: async (a) => (await options.local())(a), dispose: () => {} };
  }
  let worker: Worker | null = null;
  let call: ((a: A) => Promise<R>) | null = null;
  let busy = false;
  const start = () => {
    worker = options.start();
    const api = wrap(worker) as unknown as Record<string, (a: A) => Promise<R>>;
    call = (a) => api[options.method]!(a);
  };
  return {
    async run(request) {
      if (busy) worker?.terminate();
      if (busy || !call) start();
      busy = true;
      const mine = call!;
      try {
        return await mine(request);
      } finally {
        if (call === mine) busy = false;
      }
    },
    dispose() {
      worker?.terminate();
      worker = null;
      call = null;
    },
  };
}
