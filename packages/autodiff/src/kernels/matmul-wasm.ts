import type { DType, TypedArray } from '../dtype.js';
import type { MatmulOperands } from './matmul.js';
import { ModuleBuilder, type FunctionBuilder } from '../wasm/emitter.js';
import { instantiate, wasmFeatures } from '../wasm/runtime.js';

/*
 * WebAssembly SIMD matrix product. B is packed into panels of W columns, k rows each,
 * zero-padded past n (a row-major B by vector copies in the module, B^T and the last partial
 * panel in JavaScript); the kernel
 * then walks 2 x W register tiles: per step p, W/L vector loads from the panel, one splatted
 * load per row of A, 2 W/L multiply-adds into accumulators that stay in registers for the whole
 * k loop. float32 uses f32x4 lanes (W = 16) and accumulates in float32; float64 uses f64x2 lanes
 * (W = 8) and accumulates in float64. Every output element is summed in the order p = 0..k-1
 * from 0, each term a separate multiply and add (no fused multiply-add), so the float64 result
 * is bit-for-bit that of the naive loop, and the float32 result is the naive loop run in
 * float32: |error| <= k u sum_p |a_ip b_pj| / (1 - k u) with u = 2^-24 (the tests check
 * (k + 1) u, which also covers the product's rounding).
 *
 * A is read through two strides, so A and A^T need no copy beyond the one into linear memory;
 * B and B^T differ only in how they are packed. Outputs are written with a row stride rounded
 * up to W and copied out row by row. The linear memory grows to the largest product seen (at
 * most `wasmMatmulLimit.maxBytes`) and is reused: no fresh pages per call.
 */

// A block of ROWS x DEPTH of A stays in L2 while every panel's DEPTH x W slice, in L1, sweeps it.
const ROWS_PER_CALL = 64;
const DEPTH_PER_CALL = 256;

interface Flavour {
  readonly es: number; // element size in bytes
  readonly width: number; // panel width W in elements
  readonly view: (buf: ArrayBuffer) => TypedArray;
}

const FLAVOURS: Record<DType, Flavour> = {
  float32: { es: 4, width: 16, view: (b) => new Float32Array(b) },
  float64: { es: 8, width: 8, view: (b) => new Float64Array(b) },
};

/**
 * `tiles(aPtr, ars, acs, pPtr, k, cPtr, cs, rows, add)`: C rows [0, rows) x one panel, where
 * A(i, p) is at aPtr + i ars + p acs, the panel at pPtr, C(i, 0..W) at cPtr + i cs (bytes);
 * with `add` the sums continue from the values in C (the next block of k). (Unrolling the k
 * loop, with splatted loads or with shuffles of one vector load, measured slower here.)
 */
function emitTiles(f: FunctionBuilder, dtype: DType): void {
  const { es, width } = FLAVOURS[dtype];
  const V = width / (16 / es); // vectors per tile row
  const vec = dtype === 'float32' ? f.f32x4 : f.f64x2;
  const splat = (offset: number) =>
    dtype === 'float32' ? f.v128.load32_splat(offset) : f.v128.load64_splat(offset);
  const [aPtr, ars, acs, pPtr, k, cPtr, cs, rows, add] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const pa = f.addLocal('i32');
  const pa1 = f.addLocal('i32');
  const pb = f.addLocal('i32');
  const kk = f.addLocal('i32');
  const a = f.addLocal('v128');
  const b = Array.from({ length: V }, () => f.addLocal('v128'));
  const acc = [0, 1].map(() => Array.from({ length: V }, () => f.addLocal('v128')));
  const zero = new Array<number>(16).fill(0);

  const micro = (R: number) => {
    // start from zero, or from C when continuing a sum over an earlier block of k
    f.local.get(add).if();
    for (let r = 0; r < R; r++) {
      for (let v = 0; v < V; v++) {
        f.local.get(cPtr);
        if (r === 1) f.local.get(cs).i32.add();
        f.v128.load(16 * v).local.set(acc[r]![v]!);
      }
    }
    f.else();
    for (let r = 0; r < R; r++) for (const c of acc[r]!) f.v128.const(zero).local.set(c);
    f.end();
    f.local.get(aPtr).local.set(pa);
    f.local.get(aPtr).local.get(ars).i32.add().local.set(pa1);
    f.local.get(pPtr).local.set(pb);
    f.local.get(k).local.set(kk);
    // acc[r][v] += a * b[v] for one step p, a the splatted A(i + r, p)
    const fma = (r: number) => {
      for (let v = 0; v < V; v++) {
        const c = acc[r]![v]!;
        f.local.get(c).local.get(a).local.get(b[v]!);
        vec.mul();
        vec.add();
        f.local.set(c);
      }
    };
    const loadB = (offset: number) => {
      for (let v = 0; v < V; v++)
        f.local
          .get(pb)
          .v128.load(offset + 16 * v)
          .local.set(b[v]!);
    };
    f.block().loop();
    f.local.get(kk).i32.eqz().br_if(1);
    loadB(0);
    for (let r = 0; r < R; r++) {
      f.local.get(r === 0 ? pa : pa1);
      splat(0).local.set(a);
      fma(r);
    }
    f.local.get(pa).local.get(acs).i32.add().local.set(pa);
    f.local.get(pa1).local.get(acs).i32.add().local.set(pa1);
    f.local
      .get(pb)
      .i32.const(width * es)
      .i32.add()
      .local.set(pb);
    f.local.get(kk).i32.const(1).i32.sub().local.set(kk);
    f.br(0).end().end();
    for (let r = 0; r < R; r++) {
      for (let v = 0; v < V; v++) {
        f.local.get(cPtr);
        if (r === 1) f.local.get(cs).i32.add();
        f.local.get(acc[r]![v]!).v128.store(16 * v);
      }
    }
  };

  f.block().loop();
  f.local.get(rows).i32.const(2).i32.lt_s().br_if(1);
  micro(2);
  f.local.get(aPtr).local.get(ars).i32.const(2).i32.mul().i32.add().local.set(aPtr);
  f.local.get(cPtr).local.get(cs).i32.const(2).i32.mul().i32.add().local.set(cPtr);
  f.local.get(rows).i32.const(2).i32.sub().local.set(rows);
  f.br(0).end().end();
  f.local.get(rows).if();
  micro(1);
  f.end();
}

/**
 * `pack(src, dst, k, rowBytes, panels)`: copies `panels` panels of 64 bytes per row (16 float32
 * or 8 float64 columns) of a row-major B at src, k rows each, one after another to dst.
 */
function emitPack(f: FunctionBuilder): void {
  const [src, dst, k, rowBytes, panels] = [0, 1, 2, 3, 4];
  const s = f.addLocal('i32');
  const kk = f.addLocal('i32');
  f.block().loop();
  f.local.get(panels).i32.eqz().br_if(1);
  f.local.get(src).local.set(s);
  f.local.get(k).local.set(kk);
  f.loop();
  for (let v = 0; v < 4; v++)
    f.local
      .get(dst)
      .local.get(s)
      .v128.load(16 * v)
      .v128.store(16 * v);
  f.local.get(s).local.get(rowBytes).i32.add().local.set(s);
  f.local.get(dst).i32.const(64).i32.add().local.set(dst);
  f.local.get(kk).i32.const(1).i32.sub().local.tee(kk).br_if(0);
  f.end();
  f.local.get(src).i32.const(64).i32.add().local.set(src);
  f.local.get(panels).i32.const(1).i32.sub().local.set(panels);
  f.br(0).end().end();
}

interface Runtime {
  memory: WebAssembly.Memory;
  tiles: Record<DType, (...args: number[]) => void>;
  pack: (...args: number[]) => void;
}

let runtime: Runtime | undefined;

function getRuntime(): Runtime | null {
  if (!wasmFeatures().simd) return null; // asked every time: tests switch WebAssembly off and on
  if (runtime !== undefined) return runtime;
  const memory = new WebAssembly.Memory({ initial: 1 });
  const sig = { params: new Array(9).fill('i32'), results: [] } as const;
  const bytes = new ModuleBuilder()
    .importMemory({ initial: 1 })
    .func('tiles32', sig, (f) => emitTiles(f, 'float32'))
    .func('tiles64', sig, (f) => emitTiles(f, 'float64'))
    .func('pack', { params: new Array(5).fill('i32'), results: [] }, emitPack)
    .finish();
  const ex = instantiate(bytes, { env: { memory } }, 'the matmul kernel').exports;
  runtime = {
    memory,
    tiles: {
      float32: ex.tiles32 as (...args: number[]) => void,
      float64: ex.tiles64 as (...args: number[]) => void,
    },
    pack: ex.pack as (...args: number[]) => void,
  };
  return runtime;
}

/** Largest linear memory the kernel grows to; bigger products take the JavaScript path. */
export const wasmMatmulLimit = { maxBytes: 2 ** 30 };

/** Packs the panels from column `from` on, in JavaScript (any strides; zero-padded past n). */
function packB(
  P: TypedArray,
  p0: number,
  x: MatmulOperands,
  k: number,
  n: number,
  W: number,
  from: number,
) {
  const { B, bOff, brs, bcs } = x;
  let q = p0 + from * k;
  for (let j0 = from; j0 < n; j0 += W) {
    const w = Math.min(W, n - j0);
    for (let p = 0; p < k; p++) {
      let src = bOff + p * brs + j0 * bcs;
      for (let jj = 0; jj < w; jj++, src += bcs) P[q + jj] = B[src]!;
      for (let jj = w; jj < W; jj++) P[q + jj] = 0;
      q += W;
    }
  }
}

/**
 * o[oOff + i n + j] = sum_p A(i, p) B(p, j) for an m x k by k x n product in dtype `dtype`.
 * Returns false (and writes nothing) when WebAssembly SIMD is unavailable or the product is too
 * large for linear memory; the caller then runs the JavaScript kernel.
 */
export function matmulWasm(
  dtype: DType,
  o: TypedArray,
  oOff: number,
  x: MatmulOperands,
  m: number,
  k: number,
  n: number,
): boolean {
  const rt = getRuntime();
  if (rt === null) return false;
  if (m === 0 || n === 0) return true;
  if (k === 0) {
    o.fill(0, oOff, oOff + m * n);
    return true;
  }
  const { es, width: W, view } = FLAVOURS[dtype];
  const npad = Math.ceil(n / W) * W;
  // A is copied as rows (its rows, or its columns when it enters transposed) and C written with
  // row strides padded off multiples of 512 bytes, which would map the rows of a tile block to
  // the same cache sets (512 x 512 ran at a third of the speed of 256 x 256 without this)
  const padded = (len: number, by: number) => len + ((len * es) % 512 === 0 ? by : 0);
  const byRows = x.acs === 1;
  const [aRows, aCols, aSrcStride] = byRows ? [m, k, x.ars] : [k, m, x.acs];
  const aStride = padded(aCols, 16);
  const cStride = padded(npad, W);
  // regions, 16-byte aligned: A, packed panels, C, then B when it is copied in whole
  const align = (e: number) => Math.ceil((e * es) / 16) * 16;
  const aPtr = 0;
  const pPtr = align(aRows * aStride);
  const cPtr = pPtr + align(k * npad);
  // a row-major B is copied in whole and its full panels packed by vector copies in the module
  const rowMajor = x.bcs === 1 && x.brs === n;
  const bPtr = cPtr + align(m * cStride);
  const need = bPtr + (rowMajor ? align(k * n) : 0);
  if (need > wasmMatmulLimit.maxBytes) return false;
  const have = rt.memory.buffer.byteLength;
  if (need > have) {
    try {
      rt.memory.grow(Math.ceil((need - have) / 65536));
    } catch (_e) {
      return false; // the engine refused the memory: the JavaScript kernel needs none
    }
  }
  const mem = view(rt.memory.buffer);
  if (aStride === aCols && aSrcStride === aCols) {
    mem.set(x.A.subarray(x.aOff, x.aOff + aRows * aCols), 0);
  } else {
    for (let r = 0, src = x.aOff; r < aRows; r++, src += aSrcStride) {
      mem.set(x.A.subarray(src, src + aCols), r * aStride);
    }
  }
  let packed = 0;
  if (rowMajor) {
    mem.set(x.B.subarray(x.bOff, x.bOff + k * n), bPtr / es);
    const full = Math.floor(n / W);
    rt.pack(bPtr, pPtr, k, n * es, full);
    packed = full * W;
  }
  packB(mem, pPtr / es, x, k, n, W, packed);
  const ars = (byRows ? aStride : 1) * es;
  const acs = (byRows ? 1 : aStride) * es;
  const cs = cStride * es;
  const tiles = rt.tiles[dtype];
  for (let p0 = 0; p0 < k; p0 += DEPTH_PER_CALL) {
    const depth = Math.min(DEPTH_PER_CALL, k - p0);
    for (let i0 = 0; i0 < m; i0 += ROWS_PER_CALL) {
      const rows = Math.min(ROWS_PER_CALL, m - i0);
      const a0 = aPtr + i0 * ars + p0 * acs;
      for (let j0 = 0; j0 < npad; j0 += W) {
        const panel = pPtr + (j0 * k + p0 * W) * es;
        tiles(
          a0,
          ars,
          acs,
          panel,
          depth,
          cPtr + (i0 * cStride + j0) * es,
          cs,
          rows,
          p0 > 0 ? 1 : 0,
        );
      }
    }
  }
  const c0 = cPtr / es;
  if (cStride === n) o.set(mem.subarray(c0, c0 + m * n), oOff);
  else
    for (let i = 0; i < m; i++) {
      o.set(mem.subarray(c0 + i * cStride, c0 + i * cStride + n), oOff + i * n);
    }
  return true;
}
