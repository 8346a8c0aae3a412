import { GradflowError } from '../errors.js';
import { ModuleBuilder } from './emitter.js';

/*
 * Where WebAssembly runs. `wasmFeatures()` probes once: is the WebAssembly object there, may
 * this page compile code (a Content-Security-Policy without 'wasm-unsafe-eval' forbids it), and
 * does the engine validate SIMD. Kernels ask `wasmFeatures().simd` and keep their JavaScript
 * path otherwise; `setWasmEnabled(false)` forces that path (tests run both).
 */

export interface WasmFeatures {
  /** WebAssembly exists and this context may compile and instantiate modules. */
  readonly wasm: boolean;
  /** The 128-bit SIMD proposal validates. */
  readonly simd: boolean;
}

const NONE: WasmFeatures = { wasm: false, simd: false };
let probed: WasmFeatures | undefined;
let enabled = true;

function tinyModule(simd: boolean): Uint8Array<ArrayBuffer> {
  return new ModuleBuilder()
    .func('probe', { params: ['i32'], results: ['i32'] }, (f) => {
      f.local.get(0);
      if (simd) f.i32x4.splat().local.get(0).i32x4.splat().i32x4.add().i32x4.extract_lane(0);
      else f.i32.const(1).i32.add();
    })
    .finish();
}

/** Probes a WebAssembly namespace object (the global one by default; tests pass stand-ins). */
export function probeWasm(W: typeof WebAssembly | undefined): WasmFeatures {
  if (typeof W !== 'object' || W === null) return NONE;
  try {
    const inst = new W.Instance(new W.Module(tinyModule(false)));
    if ((inst.exports.probe as (x: number) => number)(41) !== 42) return NONE;
  } catch (_e) {
    return NONE; // compiling is forbidden here (CSP) or broken
  }
  let simd: boolean;
  try {
    simd = W.validate(tinyModule(true));
  } catch (_e) {
    simd = false;
  }
  return { wasm: true, simd };
}

/** What this context supports, probed once (all false while disabled by `setWasmEnabled`). */
export function wasmFeatures(): WasmFeatures {
  if (!enabled) return NONE;
  probed ??= probeWasm((globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly);
  return probed;
}

/**
 * Turns the WebAssembly kernels on or off for this process (on by default, where supported):
 * off, every kernel takes its JavaScript path. Returns the previous setting.
 */
export function setWasmEnabled(on: boolean): boolean {
  if (typeof on !== 'boolean') {
    throw new GradflowError('setWasmEnabled', `expected true or false, got ${String(on)}`);
  }
  const previous = enabled;
  enabled = on;
  return previous;
}

/**
 * Compiles and instantiates a module synchronously (fine for the small modules gradflow
 * generates). Engine errors are rethrown as GradflowErrors naming `what`.
 */
export function instantiate(
  bytes: Uint8Array<ArrayBuffer>,
  imports: WebAssembly.Imports = {},
  what = 'module',
): WebAssembly.Instance {
  if (!wasmFeatures().wasm) {
    throw new GradflowError(
      'wasm',
      `cannot compile ${what}: WebAssembly is unavailable or disabled here`,
    );
  }
  try {
    return new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
  } catch (e) {
    throw new GradflowError('wasm', `${what} did not compile: ${(e as Error).message}`);
  }
}
