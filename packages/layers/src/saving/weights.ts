import type { Tensor } from '@gradflow/autodiff';
import { fail, fmtShape } from '../util.js';
import type { WeightsManifestEntry } from './types.js';

/** Named weights as the format stores them: float32, in order. */
export function encodeWeights(named: readonly { name: string; tensor: Tensor }[]): {
  specs: WeightsManifestEntry[];
  data: ArrayBuffer;
} {
  const total = named.reduce((n, w) => n + w.tensor.size, 0);
  const out = new Float32Array(total);
  let at = 0;
  for (const { tensor } of named) {
    out.set(tensor.data(), at); // float64 weights are rounded to float32, the format's dtype
    at += tensor.size;
  }
  return {
    specs: named.map(({ name, tensor }) => ({
      name,
      shape: tensor.shape.slice(),
      dtype: 'float32',
    })),
    data: out.buffer,
  };
}

/** One buffer from TF.js 4's `ArrayBuffer | ArrayBuffer[]` weight data. */
export function concatBuffers(data: ArrayBuffer | readonly ArrayBuffer[]): ArrayBuffer {
  if (!Array.isArray(data)) return data as ArrayBuffer;
  const total = data.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out.buffer;
}

/** Bytes per element of each dtype a manifest may hold (TF.js's DTYPE_VALUE_SIZE_MAP). */
const BYTES: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
  complex64: 8,
};

/** Where one weight's bytes are, and how they are stored. */
export interface StoredWeight {
  spec: WeightsManifestEntry;
  offset: number;
  bytes: number;
}

/**
 * Locates every weight of the manifest in `data` (weights follow each other in manifest order)
 * and checks that all the bytes the manifest promises are there.
 */
export function indexWeights(
  op: string,
  specs: readonly WeightsManifestEntry[],
  data: ArrayBuffer,
): Map<string, StoredWeight> {
  const out = new Map<string, StoredWeight>();
  let at = 0;
  for (const spec of specs) {
    const stored = spec.quantization?.dtype ?? spec.dtype;
    const size = BYTES[stored];
    if (size === undefined)
      fail(
        op,
        `weight ${JSON.stringify(spec.name)} has dtype ${JSON.stringify(stored)}, which has no fixed size; supported dtypes: ${Object.keys(BYTES).join(', ')}`,
      );
    const bytes = spec.shape.reduce((a, d) => a * d, 1) * size;
    if (out.has(spec.name))
      fail(op, `weight ${JSON.stringify(spec.name)} appears twice in the weights manifest`);
    out.set(spec.name, { spec, offset: at, bytes });
    at += bytes;
  }
  if (data.byteLength < at) {
    fail(
      op,
      `the weight data has ${data.byteLength} bytes but the weights manifest describes ${at} bytes (${specs.length} weights); a weight file is missing or truncated`,
    );
  }
  return out;
}

/** A weight's values as float32: float32 weights, and uint8/uint16 affine-quantized ones dequantized as TF.js does. */
export function readWeight(op: string, data: ArrayBuffer, w: StoredWeight): Float32Array {
  const { spec, offset, bytes } = w;
  const q = spec.quantization;
  if (spec.dtype !== 'float32')
    fail(
      op,
      `weight ${JSON.stringify(spec.name)} has dtype ${JSON.stringify(spec.dtype)}; only float32 weights are supported`,
    );
  const raw = data.slice(offset, offset + bytes);
  if (q === undefined || q === null) return new Float32Array(raw);
  if ((q.dtype === 'uint8' || q.dtype === 'uint16') && typeof q.scale === 'number') {
    const ints = q.dtype === 'uint8' ? new Uint8Array(raw) : new Uint16Array(raw);
    const { scale, min = 0 } = q;
    return Float32Array.from(ints, (v) => v * scale + min);
  }
  fail(
    op,
    `weight ${JSON.stringify(spec.name)} is quantized as ${JSON.stringify(q.dtype)}; supported quantizations: uint8 and uint16 (affine, with scale and min)`,
  );
}

/** Checks one manifest entry's fields before any byte is read. */
export function checkSpec(op: string, s: unknown, i: number): WeightsManifestEntry {
  const e = s as WeightsManifestEntry;
  if (
    e === null ||
    typeof e !== 'object' ||
    typeof e.name !== 'string' ||
    !Array.isArray(e.shape) ||
    e.shape.some((d) => !Number.isSafeInteger(d) || d < 0) ||
    typeof e.dtype !== 'string'
  ) {
    fail(
      op,
      `weights manifest entry ${i} must be { name, shape, dtype }, got ${JSON.stringify(s)}`,
    );
  }
  return e;
}

/** The error for a weight whose stored shape is not the layer's. */
export function shapeMismatch(op: string, name: string, stored: number[], want: number[]): never {
  fail(
    op,
    `weight ${JSON.stringify(name)} has shape ${fmtShape(stored)} in the weights manifest but the layer expects ${fmtShape(want)}`,
  );
}
