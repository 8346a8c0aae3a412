import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { tf } from './tfjs.js';

type Tf = typeof tf;

setFlagsFromString('--expose-gc');
/** V8's gc(), exposed at run time so that `pnpm bench` needs no node flag. */
const gc = runInNewContext('gc') as () => void;

/**
 * Typed-array bytes that one call of `run` allocates, as the growth of
 * process.memoryUsage().arrayBuffers across the call after a full GC. If V8 collected garbage
 * during the call (seen through the 'gc' performance entries, or as a shrinking total),
 * intermediates may already have been freed and the figure is a lower bound.
 */
export async function arrayBufferBytes(
  run: () => unknown,
): Promise<{ bytes: number; lowerBound: boolean }> {
  const gcTimes: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcTimes.push(entry.startTime);
  });
  observer.observe({ entryTypes: ['gc'] });
  // V8 frees dead array buffers concurrently after a GC: let that finish before the baseline.
  gc();
  await new Promise((resolve) => setTimeout(resolve, 20));
  gc();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const start = performance.now();
  const before = process.memoryUsage().arrayBuffers;
  const keep = run();
  const after = process.memoryUsage().arrayBuffers;
  const end = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 0));
  observer.disconnect();
  void keep;
  const collected = gcTimes.some((t) => t >= start && t <= end);
  // Buffers freed during the call make the growth an underestimate (possibly negative).
  return { bytes: Math.max(0, after - before), lowerBound: collected || after < before };
}

/**
 * Tensor bytes that one call allocates under tfjs: the sum of the memory each kernel added,
 * from tf.profile (tensors freed between kernels do not offset it).
 */
export async function tfjsBytes(tfjs: Tf, run: () => unknown): Promise<{ bytes: number }> {
  const info = await tfjs.profile(() => {
    run();
  });
  let bytes = 0;
  for (const k of info.kernels) bytes += Math.max(0, k.bytesAdded);
  return { bytes };
}

/** Force a full GC (between cases, so one case's garbage is not collected on another's clock). */
export function collectGarbage(): void {
  gc();
}
