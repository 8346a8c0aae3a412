/**
 * How the page reaches a trainer: a Web Worker through comlink, or, where there are no workers
 * (tests in jsdom), a TrainerHost on the page itself. Both are TrainerPorts.
 */
import { proxy, wrap, releaseProxy, type Remote } from 'comlink';
import { TrainerHost, type ErrorListener, type FrameListener, type TrainerPort } from './host.js';

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
  const remote: Remote<TrainerPort> = wrap<TrainerPort>(worker);
  const port: TrainerPort = {
    listen: (onFrame: FrameListener, onError: ErrorListener) =>
      remote.listen(proxy(onFrame), proxy(onError)),
    configure: (config) => remote.configure(config),
    play: () => remote.play(),
    pause: () => remote.pause(),
    step: () => remote.step(),
    reset: () => remote.reset(),
  };
  return {
    port,
    close() {
      remote[releaseProxy]();
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
