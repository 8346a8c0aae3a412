import { GradflowError } from '../errors.js';
import { ByteWriter } from './bytes.js';
import {
  F32_OPS,
  F32X4_OPS,
  F64_OPS,
  F64X2_OPS,
  I32_OPS,
  I32X4_OPS,
  I64_OPS,
  I64X2_OPS,
  I8X16_OPS,
  LANES,
  SCALAR_MEM,
  V128_OPS,
  VALTYPE,
  type ValType,
} from './opcodes.js';

/*
 * A small WebAssembly binary emitter: a module builder (types, an imported memory, functions,
 * exports, a name section so engine errors name our functions) and a function builder whose
 * methods append instructions, named as in the text format (`f.f32x4.add()`,
 * `f.local.get(i)`). Code is generated at run time with no toolchain and no eval. Misuse that
 * the builder can see (an unknown local, a branch past the outermost block, an unclosed or
 * extra `end`, a lane or alignment out of range) throws a GradflowError naming the function;
 * the engine's validator reports operand-type mistakes when the module is compiled.
 */

export type { ValType } from './opcodes.js';
export type BlockType = ValType | 'void';

export interface FuncSignature {
  params: readonly ValType[];
  results: readonly ValType[];
}

const OP = 'wasm emitter';
const SIMD = 0xfd;

type Simple<T> = { readonly [K in keyof T]: () => FunctionBuilder };

function simpleOps<T extends Record<string, number>>(
  f: FunctionBuilder,
  table: T,
  simd: boolean,
): Simple<T> {
  const out: Record<string, () => FunctionBuilder> = {};
  for (const [name, code] of Object.entries(table)) {
    out[name] = simd ? () => f._simd(code) : () => f._op(code);
  }
  return out as Simple<T>;
}

function laneOps(f: FunctionBuilder, shape: keyof typeof LANES) {
  const { extract_lane, replace_lane, n } = LANES[shape];
  return {
    extract_lane: (i: number) => f._simd(extract_lane)._lane(shape, i, n),
    replace_lane: (i: number) => f._simd(replace_lane)._lane(shape, i, n),
  };
}

function scalarType(f: FunctionBuilder, t: 'i32' | 'i64' | 'f32' | 'f64') {
  const [load, loadAlign] = SCALAR_MEM[t].load;
  const [store, storeAlign] = SCALAR_MEM[t].store;
  return {
    load: (offset = 0, align: number = loadAlign) =>
      f._op(load)._memarg(`${t}.load`, offset, align, loadAlign),
    store: (offset = 0, align: number = storeAlign) =>
      f._op(store)._memarg(`${t}.store`, offset, align, storeAlign),
  };
}

/** Appends the instructions of one function body. Obtain one from `ModuleBuilder.func`. */
export class FunctionBuilder {
  readonly code = new ByteWriter();
  private readonly locals: ValType[] = [];
  private depth = 0;

  readonly local = {
    get: (i: number) => this._op(0x20)._local(i),
    set: (i: number) => this._op(0x21)._local(i),
    tee: (i: number) => this._op(0x22)._local(i),
  };
  readonly i32 = {
    ...simpleOps(this, I32_OPS, false),
    ...scalarType(this, 'i32'),
    const: (v: number) => this._op(0x41)._imm(() => this.code.s32(v), 'i32.const', v),
  };
  readonly i64 = {
    ...simpleOps(this, I64_OPS, false),
    ...scalarType(this, 'i64'),
    const: (v: bigint) => this._op(0x42)._imm(() => this.code.s64(v), 'i64.const', v),
  };
  readonly f32 = {
    ...simpleOps(this, F32_OPS, false),
    ...scalarType(this, 'f32'),
    const: (v: number) => this._op(0x43)._imm(() => this.code.f32(v), 'f32.const', v),
  };
  readonly f64 = {
    ...simpleOps(this, F64_OPS, false),
    ...scalarType(this, 'f64'),
    const: (v: number) => this._op(0x44)._imm(() => this.code.f64(v), 'f64.const', v),
  };
  readonly v128 = {
    ...simpleOps(this, V128_OPS, true),
    load: (offset = 0, align = 4) => this._simd(0x00)._memarg('v128.load', offset, align, 4),
    store: (offset = 0, align = 4) => this._simd(0x0b)._memarg('v128.store', offset, align, 4),
    load32_splat: (offset = 0, align = 2) =>
      this._simd(0x09)._memarg('v128.load32_splat', offset, align, 2),
    load64_splat: (offset = 0, align = 3) =>
      this._simd(0x0a)._memarg('v128.load64_splat', offset, align, 3),
    /** A 16-byte constant given as its bytes, little-endian. */
    const: (bytes: ArrayLike<number>) => {
      if (bytes.length !== 16) this.fail(`v128.const needs 16 bytes, got ${bytes.length}`);
      return this._simd(0x0c)._bytes(bytes);
    },
  };
  readonly i8x16 = {
    ...simpleOps(this, I8X16_OPS, true),
    extract_lane_s: (i: number) => this._simd(0x15)._lane('i8x16', i, 16),
    extract_lane_u: (i: number) => this._simd(0x16)._lane('i8x16', i, 16),
    replace_lane: (i: number) => this._simd(0x17)._lane('i8x16', i, 16),
    shuffle: (lanes: readonly number[]) => {
      if (lanes.length !== 16 || lanes.some((l) => !Number.isInteger(l) || l < 0 || l > 31)) {
        this.fail(`i8x16.shuffle needs 16 lane indices in 0..31, got [${lanes.join(', ')}]`);
      }
      return this._simd(0x0d)._bytes(lanes);
    },
  };
  readonly i32x4 = { ...simpleOps(this, I32X4_OPS, true), ...laneOps(this, 'i32x4') };
  readonly i64x2 = { ...simpleOps(this, I64X2_OPS, true), ...laneOps(this, 'i64x2') };
  readonly f32x4 = { ...simpleOps(this, F32X4_OPS, true), ...laneOps(this, 'f32x4') };
  readonly f64x2 = { ...simpleOps(this, F64X2_OPS, true), ...laneOps(this, 'f64x2') };

  constructor(
    readonly name: string,
    readonly signature: FuncSignature,
    private readonly resolveCall: (name: string) => number,
  ) {}

  /** Index of parameter `i`. */
  param(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.signature.params.length) {
      this.fail(`parameter ${i} does not exist (it has ${this.signature.params.length})`);
    }
    return i;
  }

  /** Declares a local of type `t` and returns its index. */
  addLocal(t: ValType): number {
    if (!(t in VALTYPE))
      this.fail(`unknown local type '${String(t)}' (valid: i32, i64, f32, f64, v128)`);
    this.locals.push(t);
    return this.signature.params.length + this.locals.length - 1;
  }

  // control flow -----------------------------------------------------------------------------

  block(type: BlockType = 'void'): FunctionBuilder {
    return this._op(0x02)._blockType(type);
  }
  loop(type: BlockType = 'void'): FunctionBuilder {
    return this._op(0x03)._blockType(type);
  }
  if(type: BlockType = 'void'): FunctionBuilder {
    return this._op(0x04)._blockType(type);
  }
  else(): FunctionBuilder {
    if (this.depth === 0) this.fail('else outside any if');
    return this._op(0x05);
  }
  end(): FunctionBuilder {
    if (this.depth === 0) this.fail('end with no open block, loop or if');
    this.depth--;
    return this._op(0x0b);
  }
  /** Branch to the label `depth` blocks out (0 = innermost; the function body is outermost). */
  br(depth: number): FunctionBuilder {
    return this._op(0x0c)._label(depth);
  }
  br_if(depth: number): FunctionBuilder {
    return this._op(0x0d)._label(depth);
  }
  return(): FunctionBuilder {
    return this._op(0x0f);
  }
  call(name: string): FunctionBuilder {
    return this._op(0x10)._imm(() => this.code.u32(this.resolveCall(name)), 'call', name);
  }
  drop(): FunctionBuilder {
    return this._op(0x1a);
  }
  select(): FunctionBuilder {
    return this._op(0x1b);
  }
  unreachable(): FunctionBuilder {
    return this._op(0x00);
  }
  nop(): FunctionBuilder {
    return this._op(0x01);
  }

  // encoding helpers (public for the namespace tables above, not for callers) ---------------

  fail(message: string): never {
    throw new GradflowError(OP, `function '${this.name}': ${message}`);
  }
  _op(code: number): FunctionBuilder {
    this.code.u8(code);
    return this;
  }
  _simd(code: number): FunctionBuilder {
    this.code.u8(SIMD).u32(code);
    return this;
  }
  _bytes(bs: ArrayLike<number>): FunctionBuilder {
    this.code.bytes(bs);
    return this;
  }
  _imm(write: () => void, what: string, v: unknown): FunctionBuilder {
    try {
      write();
    } catch (e) {
      if (e instanceof GradflowError) throw e;
      this.fail(`${what} ${String(v)}: ${(e as Error).message}`);
    }
    return this;
  }
  _lane(shape: string, i: number, n: number): FunctionBuilder {
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      this.fail(`${shape} lane ${i} is out of range (valid: 0 to ${n - 1})`);
    }
    return this._op(i);
  }
  _memarg(what: string, offset: number, align: number, natural: number): FunctionBuilder {
    if (!Number.isInteger(align) || align < 0 || align > natural) {
      this.fail(`${what} alignment 2^${align} exceeds the natural 2^${natural}`);
    }
    if (!Number.isInteger(offset) || offset < 0 || offset > 0xffffffff) {
      this.fail(`${what} offset ${offset} is not a u32`);
    }
    this.code.u32(align).u32(offset);
    return this;
  }
  private _local(i: number): FunctionBuilder {
    const n = this.signature.params.length + this.locals.length;
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      this.fail(`local ${i} does not exist (it has ${n} params and locals)`);
    }
    this.code.u32(i);
    return this;
  }
  private _label(d: number): FunctionBuilder {
    if (!Number.isInteger(d) || d < 0 || d > this.depth) {
      this.fail(`branch depth ${d} is out of range (${this.depth} blocks are open)`);
    }
    this.code.u32(d);
    return this;
  }
  private _blockType(t: BlockType): FunctionBuilder {
    if (t !== 'void' && !(t in VALTYPE)) this.fail(`unknown block type '${String(t)}'`);
    this.depth++;
    this.code.u8(t === 'void' ? 0x40 : VALTYPE[t]);
    return this;
  }

  /** The function body: local declarations (runs of one type), code, final end. */
  _body(): ByteWriter {
    if (this.depth !== 0) this.fail(`${this.depth} block(s) left open at the end of the function`);
    const w = new ByteWriter();
    const runs: [number, ValType][] = [];
    for (const t of this.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    w.u32(runs.length);
    for (const [count, t] of runs) w.u32(count).u8(VALTYPE[t]);
    w.bytes(this.code.finish()).u8(0x0b);
    return w;
  }
}

export interface MemoryImport {
  module?: string;
  name?: string;
  /** Initial size in 64 KiB pages. */
  initial: number;
  /** Maximum size in pages; required when shared. */
  maximum?: number;
  /** A shared memory (threads); needs `maximum`. */
  shared?: boolean;
}

/** Builds one module: an optional imported memory and functions, exported by name. */
export class ModuleBuilder {
  private readonly types: string[] = [];
  private readonly funcs: { fn: FunctionBuilder; type: number; exported: boolean }[] = [];
  private memory: Required<Pick<MemoryImport, 'module' | 'name'>> & MemoryImport = {
    module: '',
    name: '',
    initial: -1,
  };

  /** Imports a memory (as `module.name`, default `env.memory`). */
  importMemory(m: MemoryImport): this {
    if (m.shared && m.maximum === undefined) {
      throw new GradflowError(OP, 'a shared memory needs a maximum size');
    }
    if (m.maximum !== undefined && m.maximum < m.initial) {
      throw new GradflowError(
        OP,
        `memory maximum ${m.maximum} is below its initial size ${m.initial}`,
      );
    }
    this.memory = { module: 'env', name: 'memory', ...m };
    return this;
  }

  /** Defines a function and returns this builder; `build` appends its body. */
  func(
    name: string,
    signature: FuncSignature,
    build: (f: FunctionBuilder) => void,
    { exported = true }: { exported?: boolean } = {},
  ): this {
    if (this.funcs.some((g) => g.fn.name === name)) {
      throw new GradflowError(OP, `function '${name}' is defined twice`);
    }
    const key = `${signature.params.join(',')}->${signature.results.join(',')}`;
    let type = this.types.indexOf(key);
    if (type < 0) type = this.types.push(key) - 1;
    const fn = new FunctionBuilder(name, signature, (callee) => {
      const idx = this.funcs.findIndex((g) => g.fn.name === callee);
      if (idx < 0) fn.fail(`call to '${callee}', which is not defined before it`);
      return idx;
    });
    this.funcs.push({ fn, type, exported });
    build(fn);
    return this;
  }

  /** The module's bytes. */
  finish(): Uint8Array<ArrayBuffer> {
    const out = new ByteWriter().bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const section = (id: number, fill: (w: ByteWriter) => void) => {
      const w = new ByteWriter();
      fill(w);
      out.u8(id).sized(w);
    };
    section(1, (w) => {
      w.u32(this.types.length);
      for (const key of this.types) {
        const [ps, rs] = key.split('->').map((s) => (s ? (s.split(',') as ValType[]) : []));
        w.u8(0x60)
          .u32(ps!.length)
          .bytes(ps!.map((t) => VALTYPE[t]));
        w.u32(rs!.length).bytes(rs!.map((t) => VALTYPE[t]));
      }
    });
    const m = this.memory;
    if (m.initial >= 0) {
      section(2, (w) => {
        w.u32(1).name(m.module).name(m.name).u8(0x02);
        const flags = (m.maximum !== undefined ? 1 : 0) | (m.shared ? 2 : 0);
        w.u8(flags).u32(m.initial);
        if (m.maximum !== undefined) w.u32(m.maximum);
      });
    }
    section(3, (w) => {
      w.u32(this.funcs.length);
      for (const g of this.funcs) w.u32(g.type);
    });
    const exported = this.funcs.map((g, i) => [g, i] as const).filter(([g]) => g.exported);
    section(7, (w) => {
      w.u32(exported.length);
      for (const [g, i] of exported) w.name(g.fn.name).u8(0x00).u32(i);
    });
    const bodies = this.funcs.map((g) => g.fn._body());
    section(10, (w) => {
      w.u32(bodies.length);
      for (const b of bodies) w.sized(b);
    });
    // custom "name" section, function names subsection: engine errors then name our functions
    section(0, (w) => {
      w.name('name');
      const names = new ByteWriter().u32(this.funcs.length);
      this.funcs.forEach((g, i) => names.u32(i).name(g.fn.name));
      w.u8(1).sized(names);
    });
    return out.finish();
  }
}
