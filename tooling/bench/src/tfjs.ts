import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
// The full bundle: it registers the gradients, which @tensorflow/tfjs-core alone does not.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export { tf };

export type TfjsBackend = 'cpu' | 'wasm';

let wasmPathsSet = false;

/** Directory of the wasm backend's .wasm files, with a trailing slash. */
export function wasmDir(): string {
  const require = createRequire(import.meta.url);
  // The package's main entry is dist/tf-backend-wasm.node.js, beside the .wasm files.
  return `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`;
}

/**
 * Makes `backend` the active tfjs backend and waits until it is ready. Throws if tfjs falls
 * back to another backend instead.
 */
export async function useTfjsBackend(backend: TfjsBackend): Promise<void> {
  if (backend === 'wasm' && !wasmPathsSet) {
    // Node has no worker-backed SharedArrayBuffer threads here: use the single-threaded
    // (SIMD where supported) binary.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setWasmPaths(wasmDir());
    wasmPathsSet = true;
  }
  const ok = await tf.setBackend(backend);
  await tf.ready();
  if (!ok || tf.getBackend() !== backend) {
    throw new Error(
      `useTfjsBackend: could not initialise tfjs backend '${backend}' (active: ${tf.getBackend()})`,
    );
  }
}

/** For messages: where the wasm files are loaded from. */
export function wasmLocation(): string {
  return pathToFileURL(wasmDir()).href;
}
