import { afterEach, describe, expect, it, vi } from 'vitest';
import { computeGallery, type GalleryData } from '../src/routes/activations/gallery.js';
import { createGalleryRunner } from '../src/routes/activations/runner.js';
import type { GalleryState } from '../src/routes/activations/state.js';
import { FakeWorker } from './helpers/fake-worker.js';

const state = (id: string, compare: string | null = null): GalleryState => ({
  id,
  params: {},
  compare,
  x0: -3,
  x1: 3,
});

afterEach(() => {
  vi.unstubAllGlobals();
  FakeWorker.created = [];
});

describe('the gallery runner', () => {
  it("computes in gallery.worker.ts, whose answers survive the worker's structured clone", async () => {
    vi.stubGlobal('Worker', FakeWorker);
    // the fake "thread" computes for real, so the answer crosses the channel like a worker's
    FakeWorker.methods = { computeGallery: (s: GalleryState) => computeGallery(s, 41) };
    const runner = createGalleryRunner();
    const data: GalleryData = await runner.run(state('tanh', 'relu'));
    expect(String(FakeWorker.created[0]!.url)).toMatch(/gallery\.worker\.ts$/);
    expect(FakeWorker.created[0]!.options).toEqual({ type: 'module' });
    expect(data.xs).toBeInstanceOf(Float64Array);
    expect(data.main.derived.d1).toHaveLength(41);
    expect(data.compare?.id).toBe('relu');
    expect(data.error!.max).toBeLessThan(1e-9);
    expect(data.saturation!.regions.length).toBe(2);
    runner.dispose();
    expect(FakeWorker.created[0]!.terminated).toBe(true);
  });

  it('a newer activation supersedes one still computing', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    FakeWorker.methods = { computeGallery: () => new Promise(() => {}) };
    const runner = createGalleryRunner();
    void runner.run(state('gelu'));
    await new Promise((r) => setTimeout(r, 10));
    FakeWorker.methods = { computeGallery: (s: GalleryState) => computeGallery(s, 21) };
    expect((await runner.run(state('selu'))).main.id).toBe('selu');
    expect(FakeWorker.created.map((w) => w.terminated)).toEqual([true, false]);
    runner.dispose();
  });

  it('computes every activation on the main thread where there are no workers', async () => {
    vi.stubGlobal('Worker', undefined);
    const runner = createGalleryRunner();
    const data = await runner.run(state('sparsemax'));
    expect(data.main.slice).toMatch(/pair/);
    expect(data.main.derived.f.length).toBeGreaterThan(100);
  });
});
