import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { LayoutFn } from './layout.js';

type Reply = { id: number; result: ElkNode } | { id: number; error: string };

/**
 * A LayoutFn backed by one module worker, started on the first layout (so ELK's ~1.6 MB is only
 * fetched when a graph is drawn). Replies are matched to requests by id.
 */
export function workerLayout(): LayoutFn {
  let worker: Worker | undefined;
  let next = 0;
  const pending = new Map<number, { resolve: (r: ElkNode) => void; reject: (e: Error) => void }>();
  const start = () => {
    const w = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (event: MessageEvent<Reply>) => {
      const reply = event.data;
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      if ('error' in reply) p?.reject(new Error(`graph layout: ${reply.error}`));
      else p?.resolve(reply.result);
    };
    w.onerror = (event) => {
      for (const p of pending.values())
        p.reject(new Error(`graph layout worker: ${event.message}`));
      pending.clear();
    };
    return w;
  };
  return (graph) =>
    new Promise<ElkNode>((resolve, reject) => {
      worker ??= start();
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, graph });
    });
}
