/// <reference lib="webworker" />
/**
 * The layout worker: ELK's bundled build (plain JavaScript, no eval, so it runs under the app's
 * CSP) inside our own module worker, so the main thread never blocks on a large layout.
 * Protocol: { id, graph } in, { id, result } or { id, error } out.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api.js';

const elk = new ELK();

self.onmessage = async (event: MessageEvent<{ id: number; graph: ElkNode }>) => {
  const { id, graph } = event.data;
  try {
    postMessage({ id, result: await elk.layout(graph) });
  } catch (error) {
    postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
