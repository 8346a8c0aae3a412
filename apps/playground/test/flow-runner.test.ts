import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FlowResult } from '../src/routes/flow/compute.js';
import { createRunner } from '../src/routes/flow/runner.js';
import { DEFAULT_SETTINGS, type FlowSettings } from '../src/routes/flow/settings.js';
import { FakeWorker } from './helpers/fake-worker.js';

const result = (depth: number) => ({ depth }) as unknown as FlowResult;
const settings = (depth: number): FlowSettings => ({ ...DEFAULT_SETTINGS, depth });

afterEach(() => {
  vi.unstubAllGlobals();
  FakeWorker.created = [];
});

describe('the flow runner', () => {
  it('runs in a module worker and reuses it for the next measurement', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    FakeWorker.methods = { runFlow: async (s: FlowSettings) => result(s.depth) };
    const runner = createRunner();
    expect(await runner.run(settings(3))).toEqual({ depth: 3 });
    expect(await runner.run(settings(4))).toEqual({ depth: 4 });
    expect(FakeWorker.created).toHaveLength(1);
    const [worker] = FakeWorker.created;
    expect(String(worker!.url)).toMatch(/flow\.worker\.ts$/);
    expect(worker!.options).toEqual({ type: 'module' });
    runner.dispose();
    expect(worker!.terminated).toBe(true);
  });

  it('a new request while one runs terminates that worker and answers from a fresh one', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    FakeWorker.methods = { runFlow: () => new Promise(() => {}) }; // a measurement that takes forever
    const runner = createRunner();
    void runner.run(settings(100));
    await new Promise((r) => setTimeout(r, 10));
    FakeWorker.methods = { runFlow: async (s: FlowSettings) => result(s.depth) };
    expect(await runner.run(settings(5))).toEqual({ depth: 5 });
    expect(FakeWorker.created).toHaveLength(2);
    expect(FakeWorker.created[0]!.terminated).toBe(true);
    expect(FakeWorker.created[1]!.terminated).toBe(false);
    expect(await runner.run(settings(6))).toEqual({ depth: 6 });
    expect(FakeWorker.created).toHaveLength(2);
    runner.dispose();
  });

  it('measures on the main thread where there are no workers', async () => {
    vi.stubGlobal('Worker', undefined);
    const runner = createRunner();
    const r = await runner.run({ ...DEFAULT_SETTINGS, depth: 2, width: 4, batch: 8 });
    expect(r.flow.layers.map((l) => l.name)).toEqual(['hidden_1', 'hidden_2', 'output']);
    expect(r.histograms.rows).toHaveLength(2);
  });
});
