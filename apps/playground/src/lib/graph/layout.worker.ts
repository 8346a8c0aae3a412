/// <reference lib="webworker" />
/**
 * The layout worker: ELK's bundled build (plain JavaScript, no eval, so it runs under the app's
 * CSP) inside our own module worker, so the main thread never blocks on a large layout.
 * Protocol: { id, graph } in, { id, result } or { id, error } out, one request at a time in
 * arrival order. While no request waits, the worker warms ELK up (see warmup.ts).
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import { WARMUP_ROUNDS, warmupGraph } from './warmup.js';

const elk = new ELK();
const queue: { id: number; graph: ElkNode }[] = [];
let busy = false;

async function pump(): Promise<void> {
  if (busy) return;
  busy = true;
  while (queue.length > 0) {
    const { id, graph } = queue.shift()!;
    try {
      postMessage({ id, result: await elk.layout(graph) });
    } catch (error) {
      postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  busy = false;
}

self.onmessage = (event: MessageEvent<{ id: number; graph: ElkNode }>) => {
  queue.push(event.data);
  void pump();
};

/** One small warm-up layout whenever the worker is idle, until the rounds are done. */
let round = 0;
async function warmUp(): Promise<void> {
  if (round >= WARMUP_ROUNDS) return;
  if (!busy) {
    busy = true;
    await elk.layout(warmupGraph(round++)).catch(() => undefined);
    busy = false;
    void pump();
  }
  setTimeout(() => void warmUp(), 0);
}
void warmUp();
