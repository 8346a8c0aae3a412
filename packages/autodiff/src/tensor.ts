import { type DType, type TypedArray, allocate, isDType, DTYPES } from './dtype.js';
import { GradflowError, fmtShape } from './errors.js';
import { type Shape, sizeOf, checkShape } from './shape.js';
import { formatTensor } from './format.js';
import { flatten, inferShape } from './nested.js';
import { checkNumberArg, describeValue } from './validate.js';
import { ops } from './dispatch.js';
import type { Recorded } from './recorded.js';

/** Nested plain arrays of numbers, as `toArray()` returns and `tensor()` accepts. */
export type NestedArray = number | NestedArray[];

/**
 * An immutable n-dimensional array with contiguous row-major storage. Tensors never change
 * after creation, so ops such as reshape share storage.
 */
export class Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /**
   * @internal storage, or the value itself for a rank-0 tensor made by the engine's scalar path
   * (until something asks for `_data`): a long scalar program then allocates no typed array, and
   * no separate field, per op.
   */
  private _d: TypedArray | number;
  /**
   * @internal provenance while a transform records (a Recorded tensor is its own node); null
   * otherwise. A getter, not a field: tensors carry no slot for it.
   */
  get _node(): Recorded | null {
    return null;
  }

  /**
   * @internal use `tensor()`. With `data` a number the tensor is rank-0 and holds that value
   * (already rounded to the dtype).
   */
  constructor(data: TypedArray | number, shape: readonly number[], dtype: DType) {
    this._d = data;
    this.shape = shape;
    this.dtype = dtype;
  }

  /** The number of elements. */
  get size(): number {
    const d = this._d;
    return typeof d === 'number' ? 1 : d.length;
  }

  /** @internal storage; never mutate. A scalar-path tensor gets its one-element array here, once. */
  get _data(): TypedArray {
    const d = this._d;
    return typeof d === 'number' ? this.materialize(d) : d;
  }

  /** @internal the first element, read without making a scalar-path tensor's array. */
  _first(): number {
    const d = this._d;
    return typeof d === 'number' ? d : d[0]!;
  }

  private materialize(v: number): TypedArray {
    const d = allocate(this.dtype, 1);
    d[0] = v;
    this._d = d;
    return d;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** A copy of the values as a typed array of this tensor's dtype. */
  data(): TypedArray {
    return this._data.slice();
  }

  /**
   * The values as nested plain arrays (a plain number for a rank-0 tensor). Beyond
   * TO_ARRAY_LIMIT elements this throws (nested arrays that large exhaust the JavaScript heap
   * and abort the process); `data()` gives the values as one typed array instead.
   */
  toArray(): NestedArray {
    const d = this._data;
    const shape = this.shape;
    if (this.size > TO_ARRAY_LIMIT) {
      throw new GradflowError(
        'toArray',
        `a tensor of shape ${fmtShape(shape)} has ${this.size} elements, more than the ${TO_ARRAY_LIMIT} that nested arrays can hold safely; use .data() for a typed array, or slice() a part`,
      );
    }
    if (shape.length === 0) return d[0]!;
    let pos = 0;
    const build = (axis: number): NestedArray[] => {
      const n = shape[axis]!;
      const out: NestedArray[] = new Array(n);
      if (axis === shape.length - 1) for (let i = 0; i < n; i++) out[i] = d[pos++]!;
      else for (let i = 0; i < n; i++) out[i] = build(axis + 1);
      return out;
    };
    return build(0);
  }

  /** The single value of a size-1 tensor. */
  item(): number {
    if (this.size !== 1) {
      throw new GradflowError(
        'item',
        `only a tensor with exactly one element has an item; this one has shape ${fmtShape(this.shape)} (${this.size} elements)`,
      );
    }
    return this._first();
  }

  /**
   * NumPy-like text: `tensor([[1, 2], [3, 4]], shape=[2, 2], dtype=float32)`, summarized with
   * `...` beyond 1000 elements. Cheap for any size: it never builds the nested arrays.
   */
  toString(): string {
    return formatTensor(this._data, this.shape, this.dtype);
  }

  /** Node's util.inspect (and so console.log) shows the values, not the internal fields. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  // Chainable ops: each forwards to the function of the same name.
  add(y: Tensor | number): Tensor {
    return ops().add(this, y);
  }
  sub(y: Tensor | number): Tensor {
    return ops().sub(this, y);
  }
  mul(y: Tensor | number): Tensor {
    return ops().mul(this, y);
  }
  div(y: Tensor | number): Tensor {
    return ops().div(this, y);
  }
  maximum(y: Tensor | number): Tensor {
    return ops().maximum(this, y);
  }
  minimum(y: Tensor | number): Tensor {
    return ops().minimum(this, y);
  }
  greater(y: Tensor | number): Tensor {
    return ops().greater(this, y);
  }
  greaterEqual(y: Tensor | number): Tensor {
    return ops().greaterEqual(this, y);
  }
  less(y: Tensor | number): Tensor {
    return ops().less(this, y);
  }
  lessEqual(y: Tensor | number): Tensor {
    return ops().lessEqual(this, y);
  }
  equal(y: Tensor | number): Tensor {
    return ops().equal(this, y);
  }
  neg(): Tensor {
    return ops().neg(this);
  }
  exp(): Tensor {
    return ops().exp(this);
  }
  expm1(): Tensor {
    return ops().expm1(this);
  }
  log(): Tensor {
    return ops().log(this);
  }
  log1p(): Tensor {
    return ops().log1p(this);
  }
  sqrt(): Tensor {
    return ops().sqrt(this);
  }
  abs(): Tensor {
    return ops().abs(this);
  }
  sin(): Tensor {
    return ops().sin(this);
  }
  cos(): Tensor {
    return ops().cos(this);
  }
  tan(): Tensor {
    return ops().tan(this);
  }
  pow(y: Tensor | number): Tensor {
    return ops().pow(this, y);
  }
  square(): Tensor {
    return ops().square(this);
  }
  sum(axes?: number | number[], keepDims = false): Tensor {
    return ops().sum(this, axes, keepDims);
  }
  mean(axes?: number | number[], keepDims = false): Tensor {
    return ops().mean(this, axes, keepDims);
  }
  max(axes?: number | number[], keepDims = false): Tensor {
    return ops().max(this, axes, keepDims);
  }
  reshape(shape: number[]): Tensor {
    return ops().reshape(this, shape);
  }
  transpose(perm?: number[]): Tensor {
    return ops().transpose(this, perm);
  }
  broadcastTo(shape: number[]): Tensor {
    return ops().broadcastTo(this, shape);
  }
  matmul(y: Tensor): Tensor {
    return ops().matmul(this, y);
  }
  cast(dtype: DType): Tensor {
    return ops().cast(this, dtype);
  }
}

/** The most elements `toArray()` converts (2^25, about 270 MB as nested arrays). */
export const TO_ARRAY_LIMIT = 2 ** 25;

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}

/** @internal wraps storage without copying. */
export function fromData(data: TypedArray, shape: readonly number[]): Tensor {
  return new Tensor(data, shape, data instanceof Float64Array ? 'float64' : 'float32');
}

export interface TensorOptions {
  dtype?: DType;
  shape?: number[];
}

type ArrayLikeData = NestedArray | ArrayLike<number>;

/**
 * Creates a tensor from a number, nested arrays or a typed array. dtype defaults to float32
 * (float64 for a Float64Array); `shape` reshapes flat data.
 */
export function tensor(data: ArrayLikeData | Tensor, options: TensorOptions = {}): Tensor {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new GradflowError(
      'tensor',
      `options must be an object such as { dtype: 'float64' }, got ${describeValue(options)}`,
    );
  if (options.dtype !== undefined && !isDType(options.dtype)) {
    throw new GradflowError(
      'tensor',
      `unknown dtype ${JSON.stringify(options.dtype)}; valid dtypes: ${DTYPES.join(', ')}`,
    );
  }
  if (data instanceof Tensor) {
    const dt = options.dtype ?? data.dtype;
    const out =
      dt === data.dtype
        ? data._data.slice()
        : allocate(dt, data.size).map((_, i) => data._data[i]!);
    return finish(out, data.shape.slice(), options.shape);
  }
  let flat: TypedArray;
  let shape: number[];
  if (typeof data === 'number') {
    flat = allocate(options.dtype ?? 'float32', 1);
    flat[0] = data;
    shape = [];
  } else if (ArrayBuffer.isView(data)) {
    const src = data as unknown as ArrayLike<number>;
    const dt = options.dtype ?? (data instanceof Float64Array ? 'float64' : 'float32');
    flat = allocate(dt, src.length);
    for (let i = 0; i < src.length; i++) {
      const v = src[i];
      if (typeof v !== 'number')
        throw new GradflowError(
          'tensor',
          `typed array element ${i} is ${typeof v}; tensor data must be numbers`,
        );
      flat[i] = v;
    }
    shape = [src.length];
  } else if (Array.isArray(data)) {
    shape = [];
    inferShape(data, '', shape, 0);
    flat = allocate(options.dtype ?? 'float32', sizeOf(shape));
    flatten(data, shape, flat, 0, { i: 0 }, '');
  } else {
    throw new GradflowError(
      'tensor',
      `cannot make a tensor from ${data === null ? 'null' : typeof data}; pass a number, nested arrays of numbers or a typed array`,
    );
  }
  return finish(flat, shape, options.shape);
}

function finish(flat: TypedArray, shape: number[], requested: number[] | undefined): Tensor {
  if (requested !== undefined) {
    const s = checkShape('tensor', requested);
    if (sizeOf(s) !== flat.length) {
      throw new GradflowError(
        'tensor',
        `cannot give ${flat.length} values (data shape ${fmtShape(shape)}) the shape ${fmtShape(s)} (${sizeOf(s)} values)`,
      );
    }
    shape = s;
  }
  return fromData(flat, shape);
}

/** A tensor of the given shape filled with one value. */
export function full(shape: Shape, value: number, dtype: DType = 'float32'): Tensor {
  return filled('full', shape, value, dtype);
}

export function zeros(shape: Shape, dtype: DType = 'float32'): Tensor {
  return filled('zeros', shape, 0, dtype);
}

export function ones(shape: Shape, dtype: DType = 'float32'): Tensor {
  return filled('ones', shape, 1, dtype);
}

function filled(op: string, shape: Shape, value: number, dtype: DType): Tensor {
  const s = checkShape(op, shape);
  checkNumberArg(op, 'value', value);
  if (!isDType(dtype))
    throw new GradflowError(
      op,
      `unknown dtype ${JSON.stringify(dtype)}; valid dtypes: ${DTYPES.join(', ')}`,
    );
  const d = allocate(dtype, sizeOf(s));
  if (!Object.is(value, 0)) d.fill(value); // -0 is a value too: 1 / -0 is -Infinity
  return new Tensor(d, s, dtype);
}

/** `num` evenly spaced values from start to stop inclusive (for plotting). */
export function linspace(
  start: number,
  stop: number,
  num: number,
  dtype: DType = 'float64',
): Tensor {
  checkNumberArg('linspace', 'start', start);
  checkNumberArg('linspace', 'stop', stop);
  if (!Number.isInteger(num) || num < 1)
    throw new GradflowError('linspace', `num must be an integer >= 1, got ${describeValue(num)}`);
  checkShape('linspace', [num]);
  if (!isDType(dtype))
    throw new GradflowError(
      'linspace',
      `unknown dtype ${JSON.stringify(dtype)}; valid dtypes: ${DTYPES.join(', ')}`,
    );
  const d = allocate(dtype, num);
  const step = num === 1 ? 0 : (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) d[i] = i === num - 1 && num > 1 ? stop : start + i * step;
  return new Tensor(d, [num], dtype);
}
