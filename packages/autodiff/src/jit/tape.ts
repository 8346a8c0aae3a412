import type { TypedArray } from '../dtype.js';
import { binaryLoop, runWhere, unaryLoop } from '../kernels/ewops.js';
import { Tensor } from '../tensor.js';
import type { Schedule } from './schedule.js';
import type { WasmPlan } from './wasm-codegen.js';
import {
  ALLOC,
  Assembler,
  BIN,
  BUF,
  CALL,
  CHUNK,
  COPYIN,
  type Call,
  GATHER,
  SEL,
  SPLAT,
  UN,
  VIEW,
  WASM,
  WIDTH,
} from './tape-asm.js';

export { ewCode } from './tape-asm.js';

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

/** A compiled program: flat input arrays in, flat output arrays out. */
export interface Executable {
  readonly backend: 'tape' | 'wasm';
  run(inputs: readonly TypedArray[]): TypedArray[];
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
  const code = asm.top.words.slice(0, asm.top.length);
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
