import { type DType, type TypedArray, allocate } from '../dtype.js';
import { EW, type EwName, binaryLoop, runWhere, unaryLoop } from '../kernels/ewops.js';
import { broadcastIndex } from '../kernels/indexing.js';
import { primitives } from '../primitives/index.js';
import type { Primitive } from '../primitive.js';
import { Tensor } from '../tensor.js';
import type { Value } from './program.js';
import { sizeOfShape } from './program.js';
import type { Schedule, Step } from './schedule.js';
import type { WasmPlan } from './wasm-codegen.js';

/*
 * The tape backend: the schedule as opcodes in one Int32Array, run by one interpreter loop. It
 * needs nothing but JavaScript (no eval, no WebAssembly), so it runs under any
 * Content-Security-Policy, and it is bit-identical to eager mode: every element goes through the
 * same loop (kernels/ewops.ts) with the same operand types as the eager op, and the fused sum
 * adds in the same order, in double, as the eager sum kernel.
 *
 * A kernel runs in chunks of CHUNK elements: each instruction of its body computes one inlined
 * value for the whole chunk into a register (a small typed array that stays in cache), and only
 * the root is written to memory. Registers are reused as soon as their value has been read.
 */

/** Elements per chunk of a kernel loop. */
const CHUNK = 1024;

// top-level opcodes
const ALLOC = 1; // slot, size, is64: fresh storage for a stored value that leaves the program
const SPLAT = 2; // reg, slot, count: fill a register with a size-1 value
const CALL = 3; // index into `calls`
const VIEW = 4; // dst, src: share storage (reshape)
const LOOP = 5; // n, body length (words), sum slot (-1: none); then the body
const WASM = 6; // index into the WebAssembly kernels
const COPYIN = 7; // slot: copy its value into its place in WebAssembly memory

// body instructions, WIDTH words each: kind, code, dst, dst mode, a, a mode, b, b mode, c, c mode
const UN = 1;
const BIN = 2;
const SEL = 3;
const GATHER = 4; // dst, mode, slot in a, index map in b
const SUM = 5; // adds operand a into the kernel's sum
const WIDTH = 10;
/** Operand modes: a register (read from index 0 of the chunk) or a stored slot (read at the chunk's offset). */
const REG = 0;
const BUF = 1;

interface Call {
  readonly prim: Primitive;
  readonly attrs: unknown;
  readonly spec: { shape: number[]; dtype: DType };
  readonly ins: readonly { slot: number; shape: readonly number[]; dtype: DType }[];
  readonly out: number;
  readonly escapes: boolean;
}

/** A compiled program: flat input arrays in, flat output arrays out. */
export interface Executable {
  readonly backend: 'tape' | 'wasm';
  run(inputs: readonly TypedArray[]): TypedArray[];
}

/** The code of an elementwise op value (cast is a copy whose store rounds). */
export function ewCode(v: Extract<Value, { kind: 'op' }>): number {
  return v.op === 'cast' ? EW.copy : EW[v.op as EwName];
}

/** An operand or destination: register or slot `ref` in `mode` (REG or BUF), packed as ref * 2 + mode. */
type Ref = number;
const ref = (r: number, mode: number): Ref => r * 2 + mode;

/** Translates a schedule into tape code. */
class Assembler {
  readonly top: number[] = [];
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
    else if (this.s.escapes[i]) this.top.push(ALLOC, i, n, v.dtype === 'float64' ? 1 : 0);
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
      this.top.push(VIEW, st.value, st.source);
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
      this.top.push(CALL, this.calls.length - 1);
      if (this.views.has(st.value)) this.top.push(COPYIN, st.value);
      return;
    }
    const root = values[st.root] as Extract<Value, { kind: 'op' }>;
    const fn = this.plan?.kernels.get(st.root);
    if (fn !== undefined) {
      // a WebAssembly kernel: its root is in WebAssembly memory, or nowhere (kept in a local)
      const view = this.views.get(st.root);
      if (view !== undefined) this.buf[st.root] = view;
      if (fn !== null) this.top.push(WASM, this.wasmFns.push(fn) - 1);
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
      top[this.openLoop + 2] += this.body.length;
    } else {
      for (const w of this.prologue) top.push(w);
      this.openLoop = single ? top.length : -1;
      top.push(LOOP, st.domain, this.body.length, st.reduce ? st.root : -1);
    }
    for (const w of this.body) top.push(w);
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

/** Runs one kernel body over elements [base, base + m). Returns the updated sum. */
function runBody(
  code: Int32Array,
  pc: number,
  end: number,
  base: number,
  m: number,
  buf: (TypedArray | null)[],
  regs: TypedArray[],
  maps: Int32Array[],
  sum: number,
): number {
  for (; pc < end; pc += WIDTH) {
    const kind = code[pc]!;
    const dm = code[pc + 3]!;
    const od = dm === BUF ? base : 0;
    const o = dm === BUF ? buf[code[pc + 2]!]! : regs[code[pc + 2]!]!;
    const am = code[pc + 5]!;
    const a = am === BUF ? buf[code[pc + 4]!]! : regs[code[pc + 4]!]!;
    const da = (am === BUF ? base : 0) - od;
    if (kind === UN) unaryLoop(code[pc + 1]!)(o, od, od + m, a, da);
    else if (kind === BIN) {
      const bm = code[pc + 7]!;
      const b = bm === BUF ? buf[code[pc + 6]!]! : regs[code[pc + 6]!]!;
      binaryLoop(code[pc + 1]!)(o, od, od + m, a, da, b, (bm === BUF ? base : 0) - od);
    } else if (kind === SEL) {
      const bm = code[pc + 7]!;
      const cm = code[pc + 9]!;
      const b = bm === BUF ? buf[code[pc + 6]!]! : regs[code[pc + 6]!]!;
      const c = cm === BUF ? buf[code[pc + 8]!]! : regs[code[pc + 8]!]!;
      runWhere(
        o,
        od,
        od + m,
        a,
        da,
        b,
        (bm === BUF ? base : 0) - od,
        c,
        (cm === BUF ? base : 0) - od,
      );
    } else if (kind === GATHER) {
      const src = buf[code[pc + 4]!]!;
      const map = maps[code[pc + 6]!]!;
      for (let t = 0; t < m; t++) o[od + t] = src[map[base + t]!]!;
    } else {
      // SUM: strictly left to right in double, as the eager sum kernel adds
      const off = am === BUF ? base : 0;
      for (let t = 0; t < m; t++) sum += a[off + t]!;
    }
  }
  return sum;
}

/**
 * Compiles a schedule to tape code. With a WebAssembly plan, the kernels it compiled run as
 * WebAssembly and the values they touch live in its memory (inputs and call results are copied
 * in, outputs copied out); the rest runs on the tape.
 */
export function compileTape(s: Schedule, plan: WasmPlan | null = null): Executable {
  const asm = new Assembler(s, plan);
  for (const st of s.steps) asm.step(st);
  // from an array-like, not the iterator protocol: the tape of a long program has ~10^6 words
  const code = new Int32Array(asm.top);
  const { regs, maps, calls, wasmFns, views } = asm;
  const buf = asm.buf;
  const { values, outputs } = s.program;
  const inputSlots: number[] = [];
  values.forEach((v, i) => {
    if (v.kind === 'input') inputSlots[v.index] = i;
  });
  const shared = plan?.memory.buffer;
  return {
    backend: plan === null ? 'tape' : 'wasm',
    run(inputs) {
      for (let i = 0; i < inputSlots.length; i++) {
        const slot = inputSlots[i]!;
        const view = views.get(slot);
        if (view === undefined) buf[slot] = inputs[i]!;
        else {
          view.set(inputs[i]!);
          buf[slot] = view;
        }
      }
      for (let pc = 0; pc < code.length;) {
        switch (code[pc]) {
          case ALLOC:
            buf[code[pc + 1]!] = code[pc + 3]
              ? new Float64Array(code[pc + 2]!)
              : new Float32Array(code[pc + 2]!);
            pc += 4;
            break;
          case SPLAT:
            regs[code[pc + 1]!]!.fill(buf[code[pc + 2]!]![0]!, 0, code[pc + 3]!);
            pc += 4;
            break;
          case CALL:
            runCall(calls[code[pc + 1]!]!, buf);
            pc += 2;
            break;
          case VIEW:
            buf[code[pc + 1]!] = buf[code[pc + 2]!]!;
            pc += 3;
            break;
          case WASM:
            wasmFns[code[pc + 1]!]!();
            pc += 2;
            break;
          case COPYIN: {
            const slot = code[pc + 1]!;
            const view = views.get(slot)!;
            view.set(buf[slot]!);
            buf[slot] = view;
            pc += 2;
            break;
          }
          default: {
            // LOOP
            const n = code[pc + 1]!;
            const start = pc + 4;
            const end = start + code[pc + 2]!;
            const sumSlot = code[pc + 3]!;
            let sum = 0;
            for (let base = 0; base < n; base += CHUNK)
              sum = runBody(
                code,
                start,
                end,
                base,
                Math.min(CHUNK, n - base),
                buf,
                regs,
                maps,
                sum,
              );
            if (sumSlot >= 0) buf[sumSlot]![0] = sum;
            pc = end;
          }
        }
      }
      // storage in WebAssembly memory is overwritten by the next run: outputs there are copied
      const out = outputs.map((o) => (buf[o]!.buffer === shared ? buf[o]!.slice() : buf[o]!));
      for (const i of inputSlots) if (!views.has(i)) buf[i] = null;
      return out;
    },
  };
}

function runCall(c: Call, buf: (TypedArray | null)[]): void {
  const ins = c.ins.map(({ slot, shape, dtype }) => new Tensor(buf[slot]!, shape, dtype));
  let data = c.prim.forward(ins, c.attrs, c.spec);
  // a kernel may return an operand's storage (a no-op cast): an output must not share a buffer the next run overwrites
  if (c.escapes && ins.some((t) => t._data === data)) data = data.slice();
  buf[c.out] = data;
}
