import { GradflowError } from '../errors.js';
import { wasmFeatures } from '../wasm/runtime.js';
import type { Schedule } from './schedule.js';
import { type Executable, compileTape } from './tape.js';
import { planWasm } from './wasm-codegen.js';

/** A compiler from a schedule to something that runs. */
export interface Backend {
  readonly name: 'tape' | 'wasm';
  compile(s: Schedule): Executable;
}

export type BackendChoice = 'auto' | 'tape' | 'wasm';

/** The tape alone: pure JavaScript, bit-identical to eager. */
export const tapeBackend: Backend = { name: 'tape', compile: (s) => compileTape(s) };

/** WebAssembly SIMD for the float32 kernels it can express, the tape for the rest. */
export const wasmBackend: Backend = { name: 'wasm', compile: (s) => compileTape(s, planWasm(s)) };

const CHOICES: readonly BackendChoice[] = ['auto', 'tape', 'wasm'];

export function checkBackend(choice: BackendChoice): BackendChoice {
  if (!CHOICES.includes(choice))
    throw new GradflowError(
      'jit',
      `unknown backend ${JSON.stringify(choice)}; valid backends: ${CHOICES.join(', ')}`,
    );
  return choice;
}

/**
 * The backend for a compile, decided when it happens: 'auto' takes WebAssembly where this
 * context can compile it with SIMD (not where it is missing, disabled, or forbidden by a
 * Content-Security-Policy), else the tape.
 */
export function resolveBackend(choice: BackendChoice): Backend {
  if (choice === 'tape') return tapeBackend;
  if (wasmFeatures().simd) return wasmBackend;
  if (choice === 'auto') return tapeBackend;
  throw new GradflowError(
    'jit',
    'backend "wasm" needs WebAssembly with SIMD, which is unavailable or disabled here; use backend "auto" to fall back to the tape',
  );
}
