/*
 * Computes the gallery's numbers in a module Web Worker, so switching activations or dragging a
 * parameter never blocks the page; without workers (jsdom) they are computed on the main thread.
 */
import { workerRunner, type Runner } from '../../lib/worker-runner.js';
import type { GalleryData } from './gallery.js';
import type { GalleryState } from './state.js';

export function createGalleryRunner(): Runner<GalleryState, GalleryData> {
  return workerRunner({
    start: () => new Worker(new URL('./gallery.worker.ts', import.meta.url), { type: 'module' }),
    method: 'computeGallery',
    local: async () => {
      const { computeGallery } = await import('./gallery.js');
      return (s) => computeGallery(s);
    },
  });
}
