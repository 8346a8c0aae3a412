import { describe, expect, it, vi } from 'vitest';
import { LatestResult } from '../src/lib/latest-result.svelte.js';
import type { Runner } from '../src/lib/worker-runner.js';

/** A runner that doubles numbers and fails on negative ones. */
function doubling(): Runner<number, number> & { disposed: boolean } {
  return {
    disposed: false,
    run: async (n) => {
      if (n < 0) throw new Error(`negative: ${n}`);
      return 2 * n;
    },
    dispose() {
      this.disposed = true;
    },
  };
}

describe('LatestResult', () => {
  it('holds the latest answer with its request, busy while one is on its way', async () => {
    vi.useFakeTimers();
    try {
      const r = new LatestResult(doubling(), 50);
      expect(r.current).toBeNull();
      r.request(1, true);
      expect(r.busy).toBe(true);
      await vi.advanceTimersByTimeAsync(0);
      expect(r.current).toEqual({ request: 1, result: 2 });
      expect(r.busy).toBe(false);
      r.request(2);
      r.request(3);
      await vi.advanceTimersByTimeAsync(50);
      expect(r.current).toEqual({ request: 3, result: 6 });
      r.request(-1, true);
      await vi.advanceTimersByTimeAsync(0);
      expect(r.failure).toBe('negative: -1');
      expect(r.current).toEqual({ request: 3, result: 6 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('dispose ends the runner', () => {
    const runner = doubling();
    new LatestResult(runner).dispose();
    expect(runner.disposed).toBe(true);
  });
});
