import { type DType, type Tensor, tensor } from '@gradflow/autodiff';

/** A tensor's rows (axis 0), copied out once so that batches can be cut without copying it again. */
export class Rows {
  readonly n: number;
  private readonly data: Float32Array | Float64Array;
  private readonly rowShape: number[];
  private readonly rowSize: number;
  private readonly dtype: DType;

  constructor(t: Tensor) {
    this.n = t.shape[0]!;
    this.data = t.data();
    this.rowShape = t.shape.slice(1);
    this.rowSize = this.rowShape.reduce((a, b) => a * b, 1);
    this.dtype = t.dtype;
  }

  /** Rows order[start..end) (or rows start..end when order is null) as a new tensor. */
  batch(order: ArrayLike<number> | null, start: number, end: number): Tensor {
    const k = this.rowSize;
    let out: Float32Array | Float64Array;
    if (order === null) out = this.data.slice(start * k, end * k);
    else {
      out =
        this.dtype === 'float64'
          ? new Float64Array((end - start) * k)
          : new Float32Array((end - start) * k);
      for (let i = start; i < end; i++) {
        const r = order[i]!;
        out.set(this.data.subarray(r * k, (r + 1) * k), (i - start) * k);
      }
    }
    return tensor(out, { shape: [end - start, ...this.rowShape] });
  }
}

/** Concatenates tensors along axis 0. */
export function concatRows(ts: readonly Tensor[]): Tensor {
  const first = ts[0]!;
  const total = ts.reduce((n, t) => n + t.shape[0]!, 0);
  const size = ts.reduce((n, t) => n + t.size, 0);
  const out = first.dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
  let pos = 0;
  for (const t of ts) {
    out.set(t.data(), pos);
    pos += t.size;
  }
  return tensor(out, { shape: [total, ...first.shape.slice(1)] });
}
