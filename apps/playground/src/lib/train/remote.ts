/**
 * The trainer across a message channel (comlink): `exposeTrainer` on the worker's side,
 * `remotePort` on the page's. Frames cross with their heatmap grid transferred, not copied.
 */
import { expose, proxy, releaseProxy, transfer, wrap, type Endpoint } from 'comlink';
import type { TrainConfig } from './config.js';
import { TrainerHost, type ErrorListener, type FrameListener, type TrainerPort } from './host.js';

/** Serves a TrainerHost on `endpoint` (a worker's global scope, or a MessagePort). */
export function exposeTrainer(endpoint: Endpoint, host: TrainerHost = new TrainerHost()): void {
  const api: TrainerPort = {
    listen(onFrame: FrameListener, onError: ErrorListener) {
      host.listen(
        (frame) => void onFrame(transfer(frame, [frame.grid.buffer])),
        (message) => void onError(message),
      );
    },
    configure: (config: TrainConfig) => host.configure(config),
    play: () => host.play(),
    pause: () => host.pause(),
    step: () => host.step(),
    reset: () => host.reset(),
  };
  expose(api, endpoint);
}

/** A TrainerPort for a trainer served on `endpoint`, and a way to let go of it. */
export function remotePort(endpoint: Endpoint): { port: TrainerPort; release(): void } {
  const remote = wrap<TrainerPort>(endpoint);
  const port: TrainerPort = {
    listen: (onFrame: FrameListener, onError: ErrorListener) =>
      remote.listen(proxy(onFrame), proxy(onError)),
    configure: (config) => remote.configure(config),
    play: () => remote.play(),
    pause: () => remote.pause(),
    step: () => remote.step(),
    reset: () => remote.reset(),
  };
  return { port, release: () => remote[releaseProxy]() };
}
