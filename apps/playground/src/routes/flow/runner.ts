/*
 * Runs `runFlow` in a module Web Worker (a deep network takes seconds to measure): a new request
 * while one is running ends that one; without workers (jsdom) it runs on the main thread.
 */
import { workerRunner, type Runner } from '../../lib/worker-runner.js';
import type { FlowResult } from './compute.js';
import type { FlowSettings } from './settings.js';

export type FlowRunner = Runner<FlowSettings, FlowResult>;

export function createRunner(): FlowRunner {
  return workerRunner({
    start: () => new Worker(new URL('./flow.worker.ts', import.meta.url), { type: 'module' }),
    method: 'runFlow',
    local: async () => (await import('./compute.js')).runFlow,
  });
}
