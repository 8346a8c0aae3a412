import { describe, expect, it } from 'vitest';
import { GradflowError } from '../src/errors.js';
import { ByteWriter } from '../src/wasm/bytes.js';
import {
  ModuleBuilder,
  instantiate,
  setWasmEnabled,
  wasmFeatures,
  type FunctionBuilder,
} from '../src/wasm/index.js';
import { probeWasm } from '../src/wasm/runtime.js';

type Fn = (...args: number[]) => number;

function build(
  signature: { params: ('i32' | 'f32' | 'f64')[]; results: ('i32' | 'f32' | 'f64')[] },
  body: (f: FunctionBuilder) => void,
): Fn {
  const bytes = new ModuleBuilder().func('f', signature, body).finish();
  return instantiate(bytes).exports.f as Fn;
}

function withMemory(body: (f: FunctionBuilder) => void, params = 1) {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const bytes = new ModuleBuilder()
    .importMemory({ initial: 1 })
    .func('f', { params: Array(params).fill('i32'), results: [] }, body)
    .finish();
  const f = instantiate(bytes, { env: { memory } }).exports.f as (...a: number[]) => void;
  return { f, memory };
}

describe('LEB128 and float encodings', () => {
  it('encodes the examples of the LEB128 specification', () => {
    expect([...new ByteWriter().u32(624485).finish()]).toEqual([0xe5, 0x8e, 0x26]);
    expect([...new ByteWriter().s32(-123456).finish()]).toEqual([0xc0, 0xbb, 0x78]);
    expect([...new ByteWriter().s32(63).finish()]).toEqual([0x3f]);
    expect([...new ByteWriter().s32(64).finish()]).toEqual([0xc0, 0x00]);
    expect([...new ByteWriter().s32(-64).finish()]).toEqual([0x40]);
    expect([...new ByteWriter().s64(-(2n ** 63n)).finish()]).toHaveLength(10);
    expect([...new ByteWriter().f32(1).finish()]).toEqual([0, 0, 0x80, 0x3f]);
  });

  it('rejects immediates outside their range', () => {
    expect(() => new ByteWriter().u32(-1)).toThrow(/u32 immediate out of range: -1/);
    expect(() => new ByteWriter().s32(2 ** 33)).toThrow(/i32 immediate out of range/);
  });
});

describe('assembled scalar code runs', () => {
  it('i32 arithmetic and constants across the LEB128 boundaries', () => {
    const f = build({ params: ['i32', 'i32'], results: ['i32'] }, (f) => {
      f.local.get(0).local.get(1).i32.mul().i32.const(-1000000).i32.add();
    });
    expect(f(7, 6)).toBe(42 - 1000000);
    const big = build({ params: [], results: ['i32'] }, (f) => f.i32.const(0xffffffff));
    expect(big()).toBe(-1);
  });

  it('a counted loop with br_if sums 1..n in f64', () => {
    const f = build({ params: ['i32'], results: ['f64'] }, (f) => {
      const i = f.addLocal('i32');
      const acc = f.addLocal('f64');
      f.block().loop();
      f.local.get(i).local.get(0).i32.ge_s().br_if(1);
      f.local.get(i).i32.const(1).i32.add().local.tee(i);
      f.f64.convert_i32_s().local.get(acc).f64.add().local.set(acc);
      f.br(0).end().end();
      f.local.get(acc);
    });
    expect(f(100)).toBe(5050);
  });

  it('if/else with a result and f32 rounding', () => {
    const f = build({ params: ['f64'], results: ['f64'] }, (f) => {
      f.local.get(0).f64.const(0).f64.lt();
      f.if('f64').local.get(0).f64.neg().else().local.get(0).f32.demote_f64().f64.promote_f32();
      f.end();
    });
    expect(f(-2.5)).toBe(2.5);
    expect(f(0.1)).toBe(Math.fround(0.1));
  });

  it('calls a function defined earlier', () => {
    const bytes = new ModuleBuilder()
      .func(
        'sq',
        { params: ['f64'], results: ['f64'] },
        (f) => f.local.get(0).local.get(0).f64.mul(),
        {
          exported: false,
        },
      )
      .func('hyp', { params: ['f64', 'f64'], results: ['f64'] }, (f) => {
        f.local.get(0).call('sq').local.get(1).call('sq').f64.add().f64.sqrt();
      })
      .finish();
    const ex = instantiate(bytes).exports;
    expect((ex.hyp as Fn)(3, 4)).toBe(5);
    expect(ex.sq).toBeUndefined();
  });

  it('loads and stores through an imported memory', () => {
    const { f, memory } = withMemory((f) => {
      // mem[p + 8] = mem[p] * mem[p + 4] as f32, at an offset immediate
      f.local.get(0).local.get(0).f32.load(0).local.get(0).f32.load(4).f32.mul().f32.store(8);
    });
    const view = new Float32Array(memory.buffer);
    view.set([1.5, -4]);
    f(0);
    expect(view[2]).toBe(-6);
  });

  it('imports a shared memory', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
    const bytes = new ModuleBuilder()
      .importMemory({ initial: 1, maximum: 2, shared: true })
      .func('f', { params: [], results: ['i32'] }, (f) => f.i32.const(0).i32.load())
      .finish();
    new Int32Array(memory.buffer)[0] = 77;
    expect((instantiate(bytes, { env: { memory } }).exports.f as Fn)()).toBe(77);
  });
});

describe('assembled SIMD code runs', () => {
  it('is supported by Node', () => {
    expect(wasmFeatures()).toEqual({ wasm: true, simd: true });
  });

  it('f32x4 arithmetic, splat, min/max and lanes', () => {
    const { f, memory } = withMemory((f) => {
      f.local.get(0).local.get(0).v128.load(0).local.get(0).v128.load(16).f32x4.mul();
      f.f32.const(0.5).f32x4.splat().f32x4.add().f32.const(3).f32x4.splat().f32x4.min();
      f.f32.const(-1).f32x4.splat().f32x4.max().v128.store(32);
    });
    const v = new Float32Array(memory.buffer);
    v.set([1, 2, 3, -4, 0.5, 1, 2, 1]);
    f(0);
    expect([...v.subarray(8, 12)]).toEqual([1, 2.5, 3, -1]);
    const lane = build({ params: ['f32'], results: ['f32'] }, (f) => {
      f.local.get(0).f32x4.splat().f32.const(9).f32x4.replace_lane(2).f32x4.extract_lane(2);
    });
    expect(lane(1)).toBe(9);
  });

  it('f64x2 arithmetic keeps double precision', () => {
    const { f, memory } = withMemory((f) => {
      f.local.get(0).local.get(0).v128.load(0).local.get(0).v128.load(16).f64x2.div();
      f.f64.const(1e-17).f64x2.splat().f64x2.add().v128.store(32);
    });
    const v = new Float64Array(memory.buffer);
    v.set([1, 2, 3, 3]);
    f(0);
    expect([...v.subarray(4, 6)]).toEqual([1 / 3 + 1e-17, 2 / 3 + 1e-17]);
  });

  it('a comparison mask with v128.bitselect is a branch-free where', () => {
    const { f, memory } = withMemory((f) => {
      // out = x > 0 ? x : 0.1 * x   (leaky relu)
      const x = f.addLocal('v128');
      f.local.get(0).local.get(0).v128.load().local.set(x);
      f.local.get(x).local.get(x).f32.const(0.1).f32x4.splat().f32x4.mul();
      f.local.get(x).f32.const(0).f32x4.splat().f32x4.gt().v128.bitselect().v128.store(16);
    });
    const v = new Float32Array(memory.buffer);
    v.set([2, -2, 0, -0.5]);
    f(0);
    expect([...v.subarray(4, 8)]).toEqual([2, Math.fround(-0.2), 0, Math.fround(-0.05)]);
  });

  it('i32x4 integer lanes and a shuffle', () => {
    const { f, memory } = withMemory((f) => {
      f.local.get(0).local.get(0).v128.load().i32.const(3).i32x4.splat().i32x4.mul();
      f.i32.const(1).i32x4.splat().i32x4.sub();
      f.local.get(0).v128.load().local.get(0).v128.load();
      f.i8x16.shuffle([12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3]).i32x4.add();
      f.v128.store(16);
    });
    const v = new Int32Array(memory.buffer);
    v.set([1, 2, 3, 4]);
    f(0);
    // 3x - 1 plus x reversed: [2 + 4, 5 + 3, 8 + 2, 11 + 1]
    expect([...v.subarray(4, 8)]).toEqual([6, 8, 10, 12]);
  });
});

describe('misuse is a clear GradflowError', () => {
  const attempt = (body: (f: FunctionBuilder) => void) => () =>
    new ModuleBuilder().func('bad', { params: ['i32'], results: [] }, body).finish();

  it('names the function and the mistake', () => {
    expect(attempt((f) => f.local.get(3))).toThrow(/function 'bad': local 3 does not exist/);
    expect(attempt((f) => f.block())).toThrow(/1 block\(s\) left open/);
    expect(attempt((f) => f.end())).toThrow(/end with no open block/);
    expect(attempt((f) => f.block().br(2))).toThrow(/branch depth 2 is out of range/);
    expect(attempt((f) => f.f32.const(0).f32x4.splat().f32x4.extract_lane(4))).toThrow(
      /f32x4 lane 4 is out of range \(valid: 0 to 3\)/,
    );
    expect(attempt((f) => f.local.get(0).f32.load(0, 3))).toThrow(
      /f32.load alignment 2\^3 exceeds the natural 2\^2/,
    );
    expect(attempt((f) => f.i32.const(2 ** 40))).toThrow(/i32.const 1099511627776/);
    expect(attempt((f) => f.call('later'))).toThrow(/call to 'later'/);
    expect(attempt((f) => f.else())).toThrow(GradflowError);
  });

  it('rejects a twice-defined function and a shared memory without a maximum', () => {
    const m = new ModuleBuilder().func('g', { params: [], results: [] }, () => {});
    expect(() => m.func('g', { params: [], results: [] }, () => {})).toThrow(/defined twice/);
    expect(() => new ModuleBuilder().importMemory({ initial: 1, shared: true })).toThrow(
      /shared memory needs a maximum/,
    );
  });

  it('operand type errors surface at compile time, naming the function', () => {
    const bytes = new ModuleBuilder()
      .func('typo', { params: ['f32'], results: ['i32'] }, (f) => f.local.get(0))
      .finish();
    expect(() => instantiate(bytes, {}, 'the test kernel')).toThrow(
      /wasm: the test kernel did not compile: .*typo/,
    );
  });
});

describe('fallback when WebAssembly is missing or forbidden', () => {
  it('reports no support without a WebAssembly object', () => {
    expect(probeWasm(undefined)).toEqual({ wasm: false, simd: false });
  });

  it('reports no support where compiling throws (a CSP without wasm-unsafe-eval)', () => {
    const forbidden = {
      ...WebAssembly,
      Module: function () {
        throw new WebAssembly.CompileError('Wasm code generation disallowed by embedder');
      },
    } as unknown as typeof WebAssembly;
    expect(probeWasm(forbidden)).toEqual({ wasm: false, simd: false });
  });

  it('setWasmEnabled(false) turns every feature off until re-enabled', () => {
    const before = setWasmEnabled(false);
    try {
      expect(wasmFeatures()).toEqual({ wasm: false, simd: false });
      const bytes = new ModuleBuilder().func('f', { params: [], results: [] }, () => {}).finish();
      expect(() => instantiate(bytes, {}, 'k')).toThrow(
        /cannot compile k: WebAssembly is unavailable or disabled/,
      );
    } finally {
      setWasmEnabled(before);
    }
    expect(wasmFeatures().wasm).toBe(true);
    expect(() => setWasmEnabled('no' as unknown as boolean)).toThrow(
      /setWasmEnabled: expected true or false/,
    );
  });
});
