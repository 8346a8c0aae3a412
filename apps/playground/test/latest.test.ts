import { afterEach, describe, expect, it, vi } from 'vitest';
import { latest } from '../src/lib/latest.js';

/** A run whose answers the test releases by hand, in any order. */
function manualRun() {
  const calls: { request: number; resolve: (r: string) => void; reject: (e: Error) => void }[] = [];
  const run = (request: number) =>
    new Promise<string>((resolve, reject) => calls.push({ request, resolve, reject }));
  return { run, calls };
}

function setup(delay = 100) {
  const { run, calls } = manualRun();
  const delivered: [string, number][] = [];
  const failed: unknown[] = [];
  const busy: boolean[] = [];
  const l = latest<number, string>({
    delay,
    run,
    deliver: (r, q) => delivered.push([r, q]),
    fail: (e) => failed.push(e),
    busy: (b) => busy.push(b),
  });
  return { l, calls, delivered, failed, busy };
}

afterEach(() => vi.useRealTimers());

describe('latest', () => {
  it('runs once for a burst of requests (a dragged slider), with the last one', async () => {
    vi.useFakeTimers();
    const { l, calls, delivered, busy } = setup();
    for (const v of [1, 2, 3, 4]) {
      l.request(v);
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.map((c) => c.request)).toEqual([4]);
    calls[0]!.resolve('four');
    await vi.runAllTimersAsync();
    expect(delivered).toEqual([['four', 4]]);
    expect(busy.at(0)).toBe(true);
    expect(busy.at(-1)).toBe(false);
  });

  it('drops the answer of a run superseded while in flight, whichever finishes first', async () => {
    vi.useFakeTimers();
    const { l, calls, delivered, busy } = setup();
    l.request(1);
    await vi.advanceTimersByTimeAsync(100);
    l.request(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.map((c) => c.request)).toEqual([1, 2]);
    calls[1]!.resolve('two');
    await vi.advanceTimersByTimeAsync(0);
    calls[0]!.resolve('one');
    await vi.advanceTimersByTimeAsync(0);
    expect(delivered).toEqual([['two', 2]]);
    expect(busy.at(-1)).toBe(false);
  });

  it('stays busy while a newer request waits, even when an older run finishes', async () => {
    vi.useFakeTimers();
    const { l, calls, busy } = setup();
    l.request(1);
    await vi.advanceTimersByTimeAsync(100);
    l.request(2);
    calls[0]!.resolve('one');
    await vi.advanceTimersByTimeAsync(10);
    expect(busy.at(-1)).toBe(true);
  });

  it('runs an immediate request at once and reports only the latest failure', async () => {
    vi.useFakeTimers();
    const { l, calls, failed, delivered } = setup(1000);
    l.request(1, true);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.request)).toEqual([1]);
    calls[0]!.reject(new Error('bad settings'));
    await vi.advanceTimersByTimeAsync(0);
    expect(failed).toEqual([new Error('bad settings')]);
    expect(delivered).toEqual([]);
  });

  it('delivers nothing after dispose', async () => {
    vi.useFakeTimers();
    const { l, calls, delivered } = setup();
    l.request(1, true);
    await vi.advanceTimersByTimeAsync(0);
    l.request(2);
    l.dispose();
    await vi.advanceTimersByTimeAsync(500);
    expect(calls.map((c) => c.request)).toEqual([1]);
    calls[0]!.resolve('one');
    await vi.advanceTimersByTimeAsync(0);
    expect(delivered).toEqual([]);
  });
});
