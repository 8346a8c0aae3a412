/*
 * Runs `runFlow` in a module Web Worker (comlink), one measurement at a time: a new request while
 * one is running terminates that worker, so the latest settings win and nothing queues up. Where
 * there are no workers (tests under jsdom), the measurement runs on the main thread instead.
 */
import { wrap, type Remote } from 'comlink';
import type { FlowResult } from './compute.js';
import type { FlowSettings } from './settings.js';

interface Api {
  runFlow(s: FlowSettings): FlowResult;
}

export interface FlowRunner {
  run(s: FlowSettings): Promise<FlowResult>;
  dispose(): void;
}

export function createRunner(): FlowRunner {
  if (typeof Worker === 'undefined') {
    return {
      run: async (s) => (await import('./compute.js')).runFlow(s),
      dispose: () => {},
    };
  }
  let worker: Worker | null = null;
  let api: Remote<Api> | null = null;
  let busy = false;
  const start = () => {
    worker = new Worker(new URL('./flow.worker.ts', import.meta.url), { type: 'module' });
    api = wrap<Api>(worker);
  };
  return {
    async run(s) {
      if (busy) worker?.terminate();
      if (busy || !api) start();
      busy = true;
      const mine = api!;
      try {
        return await mine.runFlow(s);
      } finally {
        if (api === mine) busy = false;
      }
    },
    dispose() {
      worker?.terminate();
      worker = null;
      api = null;
    },
  };
}
