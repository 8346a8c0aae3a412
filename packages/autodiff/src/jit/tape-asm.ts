import { type DType, type TypedArray, allocate } from '../dtype.js';
import { EW, type EwName } from '../kernels/ewops.js';
import { broadcastIndex } from '../kernels/indexing.js';
import { primitives } from '../primitives/index.js';
import type { Primitive } from '../primitive.js';
import type { Value } from './program.js';
import { sizeOfShape } from './program.js';
import { withRoom } from '../grow.js';
import type { Schedule, Step } from './schedule.js';
import type { WasmPlan } from './wasm-codegen.js';

/*
 * The tape's format and its assembler: a schedule becomes opcodes in one Int32Array (run by
 * tape.ts), with registers for inlined values and slots for stored ones.
 */

/** Elements per chunk of a kernel loop. */
export const CHUNK = 1024;

// top-level opcodes
export const ALLOC = 1; // slot, size, is64: fresh storage for a stored value that leaves the program
export const SPLAT = 2; // reg, slot, count: fill a register with a size-1 value
export const CALL = 3; // index into `calls`
export const VIEW = 4; // dst, src: share storage (reshape)
export const LOOP = 5; // n, body length (words), sum slot (-1: none); then the body
export const WASM = 6; // index into the WebAssembly kernels
export const COPYIN = 7; // slot: copy its value into its place in WebAssembly memory

// body instructions, WIDTH words each: kind, code, dst, dst mode, a, a mode, b, b mode, c, c mode
export const UN = 1;
export const BIN = 2;
export const SEL = 3;
export const GATHER = 4; // dst, mode, slot in a, index map in b
export const SUM = 5; // adds operand a into the kernel's sum
export const WIDTH = 10;
/** Operand modes: a register (read from index 0 of the chunk) or a stored slot (read at the chunk's offset). */
export const REG = 0;
export const BUF = 1;

export interface Call {
  readonly prim: Primitive;
  readonly attrs: unknown;
  readonly spec: { shape: number[]; dtype: DType };
  readonly ins: readonly { slot: number; shape: readonly number[]; dtype: DType }[];
  readonly out: number;
  readonly escapes: boolean;
}

/** The code of an elementwise op value (cast is a copy whose store rounds). */
export function ewCode(v: Extract<Value, { kind: 'op' }>): number {
  return v.op === 'cast' ? EW.copy : EW[v.op as EwName];
}

/** An operand or destination: register or slot `ref` in `mode` (REG or BUF), packed as ref * 2 + mode. */
type Ref = number;
const ref = (r: number, mode: number): Ref => r * 2 + mode;

/** The tape's code as it is written: a growable Int32Array (a long program's has ~10^6 words). */
class Words {
  words = new Int32Array(4096);
  length = 0;

  add(...ws: number[]): void {
    this.addAll(ws);
  }

  addAll(ws: readonly number[]): void {
    this.words = withRoom(this.words, this.length, ws.length);
    this.words.set(ws, this.length);
    this.length += ws.length;
  }
}

/** Translates a schedule into tape code. */
export class Assembler {
  readonly top = new Words();
  readonly buf: (TypedArray | null)[];
  readonly regs: TypedArray[] = [];
  readonly maps: Int32Array[] = [];
  readonly calls: Call[] = [];
  private readonly free: Record<DType, number[]> = { float32: [], float64: [] };
  /** Registers holding a size-1 value for the current kernel (filled per run) or for good (constants). */
  private readonly scalarRegs = new Map<number, number>();
  private readonly constRegs = new Map<number, number>();
  private readonly body: number[] = [];
  /** Where in `top` a one-element LOOP starts that the next such kernel may join, if `top` ends with it. */
  private openLoop = -1;
  private openEnd = -1;
  private domain = 0;
  private readonly prologue: number[] = [];

  /** WebAssembly kernels in call order, and where values live in WebAssembly memory. */
  readonly wasmFns: (() => void)[] = [];
  readonly views: ReadonlyMap<number, Float32Array>;

  constructor(
    readonly s: Schedule,
    readonly plan: WasmPlan | null,
  ) {
    const { values } = s.program;
    this.views = plan?.views ?? new Map();
    this.buf = new Array<TypedArray | null>(values.length).fill(null);
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v.kind !== 'const') continue;
      const view = this.views.get(i);
      if (view === undefined) this.buf[i] = v.tensor._data;
      else {
        view.set(v.tensor._data);
        this.buf[i] = view;
      }
    }
  }

  private reg(dtype: DType): number {
    const r = this.free[dtype].pop();
    if (r !== undefined) return r;
    this.regs.push(allocate(dtype, CHUNK));
    return this.regs.length - 1;
  }

  private readonly splatFree: Record<DType, number[]> = { float32: [], float64: [] };

  private splatReg(dtype: DType): number {
    return this.splatFree[dtype].pop() ?? this.regs.push(allocate(dtype, CHUNK)) - 1;
  }

  /** 1 for registers that hold a size-1 value (a constant's or one splat per kernel run). */
  private readonly pinned: number[] = [];

  private release(a: Ref, dtype: DType): void {
    const r = a >> 1;
    if ((a & 1) === REG && this.pinned[r] !== 1) this.free[dtype].push(r);
  }

  /** Storage for a stored value: fresh per run if it leaves the program, else allocated once. */
  private store(i: number): void {
    const v = this.s.program.values[i]!;
    const n = sizeOfShape(v.shape);
    const view = this.views.get(i);
    if (view !== undefined) this.buf[i] = view;
    else if (this.s.escapes[i]) this.top.add(ALLOC, i, n, v.dtype === 'float64' ? 1 : 0);
    else this.buf[i] = allocate(v.dtype, n);
  }

  /** How a loop over `shape` reads value i: inline code, its slot, a splat or a gather. */
  private operand(i: number, shape: readonly number[]): Ref {
    const v = this.s.program.values[i]!;
    if (this.s.inline[i]) return this.compute(i, null);
    const size = sizeOfShape(v.shape);
    if (size === sizeOfShape(shape)) return ref(i, BUF);
    if (size === 1) {
      const regs = v.kind === 'const' ? this.constRegs : this.scalarRegs;
      let r = regs.get(i);
      if (r === undefined) {
        // a constant's register is its own: a reused one would be overwritten by an earlier kernel
        // and a splat register never one the kernel body has written (the prologue fills it first)
        r =
          v.kind === 'const'
            ? this.regs.push(allocate(v.dtype, CHUNK)) - 1
            : this.splatReg(v.dtype);
        regs.set(i, r);
        this.pinned[r] = 1;
        // a constant's register is filled once and never reused; others are filled per run
        if (v.kind === 'const') this.regs[r]!.fill(v.tensor._data[0]!);
        else this.prologue.push(SPLAT, r, i, Math.min(CHUNK, this.domain));
      }
      return ref(r, REG);
    }
    const r = this.reg(v.dtype);
    this.maps.push(broadcastIndex(v.shape, shape)!);
    this.body.push(GATHER, 0, r, REG, i, BUF, this.maps.length - 1, 0, 0, 0);
    return ref(r, REG);
  }

  /** Emits the instruction computing value i into a register, or into its slot when `dst` is set. */
  private compute(i: number, dst: Ref | null): Ref {
    const values = this.s.program.values;
    const v = values[i] as Extract<Value, { kind: 'op' }>;
    if (v.op === 'broadcastTo') {
      const x = this.s.program.values[v.inputs[0]!]!;
      if (sizeOfShape(x.shape) === 1) {
        // one value repeated: its splat register, copied only when this is the stored root
        const splat = this.operand(v.inputs[0]!, v.shape);
        if (dst === null) return splat;
        this.body.push(UN, EW.copy, dst >> 1, dst & 1, splat >> 1, splat & 1, 0, 0, 0, 0);
        return dst;
      }
      const out = dst ?? ref(this.reg(v.dtype), REG);
      this.maps.push(broadcastIndex(x.shape, v.shape) ?? identity(sizeOfShape(v.shape)));
      this.body.push(
        GATHER,
        0,
        out >> 1,
        out & 1,
        v.inputs[0]!,
        BUF,
        this.maps.length - 1,
        0,
        0,
        0,
      );
      return out;
    }
    const xs = v.inputs;
    const a0 = this.operand(xs[0]!, v.shape);
    const a1 = xs.length > 1 ? this.operand(xs[1]!, v.shape) : -1;
    const a2 = xs.length > 2 ? this.operand(xs[2]!, v.shape) : -1;
    // the output never shares a register with an operand (the float32 exp kernel rereads its input)
    const out = dst ?? ref(this.reg(v.dtype), REG);
    this.release(a0, values[xs[0]!]!.dtype);
    if (a1 >= 0) this.release(a1, values[xs[1]!]!.dtype);
    if (a2 >= 0) this.release(a2, values[xs[2]!]!.dtype);
    const code = ewCode(v);
    const kind = xs.length === 1 ? UN : xs.length === 2 ? BIN : SEL;
    this.body.push(kind, code, out >> 1, out & 1, a0 >> 1, a0 & 1);
    this.body.push(
      a1 < 0 ? 0 : a1 >> 1,
      a1 < 0 ? 0 : a1 & 1,
      a2 < 0 ? 0 : a2 >> 1,
      a2 < 0 ? 0 : a2 & 1,
    );
    return out;
  }

  step(st: Step): void {
    const { values } = this.s.program;
    if (st.kind === 'view') {
      this.top.add(VIEW, st.value, st.source);
      return;
    }
    if (st.kind === 'call') {
      const v = values[st.value] as Extract<Value, { kind: 'op' }>;
      this.calls.push({
        prim: primitives[v.op] as Primitive,
        attrs: v.attrs,
        spec: { shape: v.shape.slice(), dtype: v.dtype },
        ins: v.inputs.map((x) => ({ slot: x, shape: values[x]!.shape, dtype: values[x]!.dtype })),
        out: st.value,
        escapes: this.s.escapes[st.value] === 1,
      });
      this.top.add(CALL, this.calls.length - 1);
      if (this.views.has(st.value)) this.top.add(COPYIN, st.value);
      return;
    }
    const root = values[st.root] as Extract<Value, { kind: 'op' }>;
    const fn = this.plan?.kernels.get(st.root);
    if (fn !== undefined) {
      // a WebAssembly kernel: its root is in WebAssembly memory, or nowhere (kept in a local)
      const view = this.views.get(st.root);
      if (view !== undefined) this.buf[st.root] = view;
      if (fn !== null) this.top.add(WASM, this.wasmFns.push(fn) - 1);
      return;
    }
    this.store(st.root);
    this.body.length = 0;
    this.prologue.length = 0;
    this.domain = st.domain;
    if (st.reduce) {
      const x = root.inputs[0]!;
      const a = this.operand(x, values[x]!.shape);
      this.body.push(SUM, 0, 0, 0, a >> 1, a & 1, 0, 0, 0, 0);
    } else {
      this.compute(st.root, ref(st.root, BUF));
    }
    const top = this.top;
    // consecutive one-element kernels share one LOOP: a scalar program runs as one long body
    const single = st.domain === 1 && !st.reduce && this.prologue.length === 0;
    if (single && this.openLoop >= 0 && this.openEnd === top.length) {
      top.words[this.openLoop + 2] += this.body.length;
    } else {
      top.addAll(this.prologue);
      this.openLoop = single ? top.length : -1;
      top.add(LOOP, st.domain, this.body.length, st.reduce ? st.root : -1);
    }
    top.addAll(this.body);
    this.openEnd = top.length;
    // scalar registers may be reused by the next kernel
    if (this.scalarRegs.size > 0) {
      for (const [i, r] of this.scalarRegs) {
        this.splatFree[values[i]!.dtype].push(r);
        this.pinned[r] = 0;
      }
      this.scalarRegs.clear();
    }
  }
}

function identity(n: number): Int32Array {
  const m = new Int32Array(n);
  for (let k = 0; k < n; k++) m[k] = k;
  return m;
}
