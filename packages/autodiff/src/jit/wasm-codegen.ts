import { ModuleBuilder, type FunctionBuilder } from '../wasm/emitter.js';
import { instantiate } from '../wasm/runtime.js';
import { EW } from '../kernels/ewops.js';
import { type Value, sizeOfShape } from './program.js';
import type { Schedule, Step } from './schedule.js';
import { ewCode } from './tape.js';
import { addMathFuncs } from './wasm-math.js';

/*
 * WebAssembly SIMD code for the fused float32 kernels: one exported function per kernel, a loop
 * over four lanes at a time (f32x4) that evaluates the kernel's expression tree on the operand
 * stack and stores the root (or adds it into a float64 sum). Selects are branch-free: a
 * comparison gives an all-ones / all-zeros lane mask, where() is v128.bitselect on it, and a
 * comparison's 1 / 0 result is that mask and-ed with 1.0. exp, expm1, log, log1p, erf and erfc
 * come from wasm-math.ts (a few ulp, documented there). Every operand and result lives at a
 * fixed address of one memory sized for the program when it is compiled, so kernels need no
 * arguments and views of the memory stay valid. Kernels this code cannot express (float64,
 * operands broadcast along some axes, sin and cos) are left to the tape.
 */

type Op = Extract<Value, { kind: 'op' }>;

const F32: Partial<Record<number, (f: FunctionBuilder) => void>> = {
  [EW.neg]: (f) => f.f32x4.neg(),
  [EW.abs]: (f) => f.f32x4.abs(),
  [EW.sqrt]: (f) => f.f32x4.sqrt(),
  [EW.exp]: (f) => f.call('exp'),
  [EW.expm1]: (f) => f.call('expm1'),
  [EW.log]: (f) => f.call('log'),
  [EW.log1p]: (f) => f.call('log1p'),
  [EW.erf]: (f) => f.call('erf'),
  [EW.erfc]: (f) => f.call('erfc'),
  [EW.copy]: () => undefined,
  [EW.add]: (f) => f.f32x4.add(),
  [EW.sub]: (f) => f.f32x4.sub(),
  [EW.mul]: (f) => f.f32x4.mul(),
  [EW.div]: (f) => f.f32x4.div(),
  [EW.maximum]: (f) => f.f32x4.max(),
  [EW.minimum]: (f) => f.f32x4.min(),
  [EW.greater]: (f) => one(f.f32x4.gt()),
  [EW.greaterEqual]: (f) => one(f.f32x4.ge()),
  [EW.less]: (f) => one(f.f32x4.lt()),
  [EW.lessEqual]: (f) => one(f.f32x4.le()),
  [EW.equal]: (f) => one(f.f32x4.eq()),
  // stack: a, b, c -> c != 0 as a mask, then bitselect(a, b, mask)
  [EW.where]: (f) => f.f32.const(0).f32x4.splat().f32x4.ne().v128.bitselect(),
};

/** Operands in the order the op's code takes them from the stack: where(c, a, b) wants a, b, c. */
function stackOrder(v: Op): readonly number[] {
  const [c, a, b] = v.inputs;
  return v.op === 'where' ? [a!, b!, c!] : v.inputs;
}

/** A comparison's lane mask as 1.0 / 0.0. */
function one(f: FunctionBuilder): FunctionBuilder {
  return f.f32.const(1).f32x4.splat().v128.and();
}

export interface WasmPlan {
  /** Kernels compiled to WebAssembly, by root value: the exported function. */
  readonly kernels: ReadonlyMap<number, () => void>;
  /** Values that live in WebAssembly memory, with their views there. */
  readonly views: ReadonlyMap<number, Float32Array>;
  readonly memory: WebAssembly.Memory;
}

/** The value whose storage v shares (through reshapes). */
export function storageOf(s: Schedule, v: number): number {
  for (;;) {
    const w = s.program.values[v]!;
    if (w.kind !== 'op' || w.op !== 'reshape') return v;
    v = w.inputs[0]!;
  }
}

/** The stored operands of a kernel, or null if it cannot be WebAssembly. */
function leavesOf(s: Schedule, st: Extract<Step, { kind: 'kernel' }>): number[] | null {
  const { values } = s.program;
  const leaves: number[] = [];
  const ok = (i: number, reader: readonly number[]): boolean => {
    const v = values[i]!;
    if (v.dtype !== 'float32') return false;
    if (!s.inline[i]) {
      const n = sizeOfShape(v.shape);
      if (n !== sizeOfShape(reader) && n !== 1) return false;
      leaves.push(i);
      return true;
    }
    const op = v as Op;
    if (op.op === 'broadcastTo')
      return sizeOfShape(values[op.inputs[0]!]!.shape) === 1 && ok(op.inputs[0]!, op.shape);
    if (F32[ewCode(op)] === undefined) return false;
    return op.inputs.every((x) => ok(x, op.shape));
  };
  const root = values[st.root] as Op;
  if (root.dtype !== 'float32') return null;
  if (st.reduce) {
    const x = root.inputs[0]!;
    return ok(x, values[x]!.shape) ? leaves : null;
  }
  if (root.op === 'broadcastTo') return null;
  if (F32[ewCode(root)] === undefined) return null;
  return root.inputs.every((x) => ok(x, root.shape)) ? leaves : null;
}

/** Emits the kernel's function body. */
function emitKernel(
  f: FunctionBuilder,
  s: Schedule,
  st: Extract<Step, { kind: 'kernel' }>,
  addr: (v: number) => number,
): void {
  const { values } = s.program;
  const i = f.addLocal('i32');
  const splats = new Map<number, number>();
  const bytes = st.domain * 4;
  const expr = (v: number): void => {
    const w = values[v]! as Op;
    if (!s.inline[v]) {
      if (sizeOfShape(w.shape) === 1 && st.domain !== 1) f.local.get(splats.get(v)!);
      else f.local.get(i).v128.load(addr(v));
      return;
    }
    if (w.op === 'broadcastTo') return expr(w.inputs[0]!);
    for (const x of stackOrder(w)) expr(x);
    F32[ewCode(w)]!(f);
  };
  // size-1 operands: loaded once, splat to four lanes
  const hoist = (v: number): void => {
    const w = values[v]!;
    if (s.inline[v]) (w as Op).inputs.forEach(hoist);
    else if (sizeOfShape(w.shape) === 1 && st.domain !== 1 && !splats.has(v)) {
      const l = f.addLocal('v128');
      f.i32.const(0).v128.load32_splat(addr(v)).local.set(l);
      splats.set(v, l);
    }
  };
  const root = values[st.root] as Op;
  const top = st.reduce ? root.inputs[0]! : st.root;
  if (st.reduce) hoist(top);
  else root.inputs.forEach(hoist);
  const acc = [f.addLocal('v128'), f.addLocal('v128')] as const;
  f.block().loop();
  f.local.get(i).i32.const(bytes).i32.ge_u().br_if(1);
  if (st.reduce) {
    const t = f.addLocal('v128');
    expr(top);
    // lanes past the end are not added: mask = (i + 4 lane) < bytes
    f.local.get(i).i32x4.splat().v128.const(laneOffsets()).i32x4.add();
    f.i32.const(bytes).i32x4.splat().i32x4.lt_s().v128.and().local.set(t);
    f.local.get(acc[0]).local.get(t).f64x2.promote_low_f32x4().f64x2.add().local.set(acc[0]);
    f.local.get(acc[1]).local.get(t).local.get(t);
    f.i8x16.shuffle([8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]);
    f.f64x2.promote_low_f32x4().f64x2.add().local.set(acc[1]);
  } else {
    f.local.get(i);
    for (const x of stackOrder(root)) expr(x);
    F32[ewCode(root)]!(f);
    f.v128.store(addr(st.root));
  }
  f.local.get(i).i32.const(16).i32.add().local.set(i).br(0);
  f.end().end();
  if (st.reduce) {
    f.i32.const(0).local.get(acc[0]).local.get(acc[1]).f64x2.add().local.tee(acc[0]);
    f.f64x2.extract_lane(0).local.get(acc[0]).f64x2.extract_lane(1).f64.add();
    f.f32.demote_f64().f32.store(addr(st.root));
  }
}

function laneOffsets(): number[] {
  const b: number[] = [];
  for (let l = 0; l < 4; l++) b.push(l * 4, 0, 0, 0);
  return b;
}

/**
 * Chooses the kernels WebAssembly runs, lays out the memory for every value they read or
 * write, and compiles them into one module. Null when no kernel qualifies.
 */
export function planWasm(s: Schedule): WasmPlan | null {
  const chosen: [Extract<Step, { kind: 'kernel' }>, number[]][] = [];
  for (const st of s.steps) {
    if (st.kind !== 'kernel') continue;
    const leaves = leavesOf(s, st);
    if (leaves !== null) chosen.push([st, leaves]);
  }
  if (chosen.length === 0) return null;
  const { values } = s.program;
  const offsets = new Map<number, number>();
  let top = 16;
  const place = (v: number): void => {
    const w = storageOf(s, v);
    if (offsets.has(w)) return;
    offsets.set(w, top);
    top += Math.ceil((sizeOfShape(values[w]!.shape) + 4) / 4) * 16;
  };
  for (const [st, leaves] of chosen) {
    place(st.root);
    leaves.forEach(place);
  }
  const addr = (v: number) => offsets.get(storageOf(s, v))!;
  const m = new ModuleBuilder().importMemory({ initial: Math.ceil(top / 65536) });
  addMathFuncs(m);
  for (const [st] of chosen)
    m.func(`k${st.root}`, { params: [], results: [] }, (f) => emitKernel(f, s, st, addr));
  const memory = new WebAssembly.Memory({ initial: Math.ceil(top / 65536) });
  const ex = instantiate(m.finish(), { env: { memory } }, 'a jit kernel').exports;
  const views = new Map<number, Float32Array>();
  for (const [v, o] of offsets)
    views.set(v, new Float32Array(memory.buffer, o, sizeOfShape(values[v]!.shape)));
  return {
    kernels: new Map(chosen.map(([st]) => [st.root, ex[`k${st.root}`] as () => void])),
    views,
    memory,
  };
}
