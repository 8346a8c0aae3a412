/**
 * Storage types. Every tensor is float32 (the default) or float64; mixing the two promotes to
 * float64, as NumPy and JAX do. Plain numbers are weakly typed: they take the dtype of the
 * tensor they meet, so `x.mul(2)` stays float32.
 */
export type DType = 'float32' | 'float64';
export type TypedArray = Float32Array | Float64Array;

export const DTYPES: readonly DType[] = ['float32', 'float64'];

export function isDType(d: unknown): d is DType {
  return d === 'float32' || d === 'float64';
}

export function allocate(dtype: DType, size: number): TypedArray {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

export function promote(a: DType, b: DType): DType {
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}
