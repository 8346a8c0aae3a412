/**
 * The training Web Worker: a TrainerHost behind comlink. Frames go back with their heatmap grid
 * transferred, not copied.
 */
import { expose, transfer } from 'comlink';
import type { TrainConfig } from './config.js';
import { TrainerHost, type ErrorListener, type FrameListener, type TrainerPort } from './host.js';

const host = new TrainerHost();

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

expose(api);
