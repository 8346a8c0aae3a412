/**
 * How the page reaches a trainer: a Web Worker through comlink, or, where there are no workers
 * (tests in jsdom), a TrainerHost on the page itself. Both are TrainerPorts.
 */
import { TrainerHost, type TrainerPort } from './host.js';
import { remotePort } from './remote.js';

export interface TrainerConnection {
  port: TrainerPort;
  /** Stops the trainer (terminates the worker). */
  close(): void;
}

/** A trainer in a module Web Worker (allowed by the page's CSP: worker-src 'self'). */
export function workerConnection(): TrainerConnection {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), {
    type: 'module',
    name: 'gradflow-trainer',
  });
  const { port, release } = remotePort(worker);
  return {
    port,
    close() {
      release();
      worker.terminate();
    },
  };
}

/** A trainer on the page's own thread. */
export function localConnection(host: TrainerHost = new TrainerHost()): TrainerConnection {
  return {
    port: host,
    close() {
      host.listen(
        () => {},
        () => {},
      );
      host.pause();
    },
  };
}

/** A worker where the platform has them, else a local trainer. */
export function defaultConnection(): TrainerConnection {
  return typeof Worker === 'function' ? workerConnection() : localConnection();
}
