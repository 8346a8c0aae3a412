import { ModuleBuilder, type FunctionBuilder } from '../wasm/emitter.js';
import { instantiate } from '../wasm/runtime.js';
import { EW } from '../kernels/ewops.js';
import { type Value, sizeOfShape } from './program.js';
import type { Schedule, Step } from './schedule.js';
import { ewCode } from './tape.js';
import { addMathFuncs } from './wasm-math.js';

/*
 * WebAssembly SIMD code for the fused float32 kernels: a loop over four lanes at a time (f32x4)
 * that evaluates each kernel's expression tree on the operand stack and stores its root (or adds
 * it into a float64 sum). Consecutive kernels over the same number of elements share one loop
 * (one exported function), and a root that only later kernels of that loop read stays in a
 * local: value and gradient of an elementwise loss become one pass over the input. Selects are branch-free: a
 * comparison gives an all-ones / all-zeros lane mask, where() is v128.bitselect on it, and a
 * comparison's 1 / 0 result is that mask and-ed with 1.0. exp, expm1, log, log1p, erf and erfc
 * come from wasm-math.ts (a few ulp, documented there). Every operand and result lives at a
 * fixed address of one memory sized for the program when it is compiled, so kernels need no
 * arguments and views of the memory stay valid. Kernels this code cannot express (float64,
 * operands broadcast along some axes, sin and cos) are left to the tape, and so are kernels over
 * one element, which four lanes cannot speed up (a long scalar program would otherwise become one
 * huge function that costs more to build and compile than it ever saves).
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
  /**
   * Kernels compiled to WebAssembly, by root value: the function to call at that step, or null
   * for a kernel an earlier call of its group already ran.
   */
  readonly kernels: ReadonlyMap<number, (() => void) | null>;
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
  if (root.op === 'broadcastTo') {
    const x = root.inputs[0]!;
    return sizeOfShape(values[x]!.shape) === 1 && ok(x, root.shape) ? leaves : null;
  }
  if (F32[ewCode(root)] === undefined) return null;
  return root.inputs.every((x) => ok(x, root.shape)) ? leaves : null;
}

type Kernel = Extract<Step, { kind: 'kernel' }>;

/**
 * Emits one loop for a group of consecutive kernels over the same number of elements. Each
 * member computes its root in turn; a root that only later members of the group read stays in a
 * local (never stored), others are stored; sums accumulate in float64 lanes and are stored after
 * the loop.
 */
function emitGroup(
  f: FunctionBuilder,
  s: Schedule,
  members: readonly Kernel[],
  kept: ReadonlySet<number>,
  addr: (v: number) => number,
): void {
  const { values } = s.program;
  const domain = members[0]!.domain;
  const bytes = domain * 4;
  const i = f.addLocal('i32');
  const splats = new Map<number, number>();
  const locals = new Map<number, number>();
  const expr = (v: number): void => {
    const w = values[v]! as Op;
    const l = locals.get(v);
    if (l !== undefined) f.local.get(l);
    else if (!s.inline[v]) {
      if (sizeOfShape(w.shape) === 1 && domain !== 1) f.local.get(splats.get(v)!);
      else f.local.get(i).v128.load(addr(v));
    } else if (w.op === 'broadcastTo') expr(w.inputs[0]!);
    else {
      for (const x of stackOrder(w)) expr(x);
      F32[ewCode(w)]!(f);
    }
  };
  // size-1 operands: loaded once, splat to four lanes
  const hoist = (v: number): void => {
    const w = values[v]!;
    if (s.inline[v]) (w as Op).inputs.forEach(hoist);
    else if (sizeOfShape(w.shape) === 1 && domain !== 1 && !splats.has(v) && !kept.has(v)) {
      const l = f.addLocal('v128');
      f.i32.const(0).v128.load32_splat(addr(v)).local.set(l);
      splats.set(v, l);
    }
  };
  for (const st of members) (values[st.root] as Op).inputs.forEach(hoist);
  const accs = new Map(
    members
      .filter((st) => st.reduce)
      .map((st) => [st.root, [f.addLocal('v128'), f.addLocal('v128')] as const]),
  );
  const t = f.addLocal('v128');
  f.block().loop();
  f.local.get(i).i32.const(bytes).i32.ge_u().br_if(1);
  for (const st of members) {
    const root = values[st.root] as Op;
    const acc = accs.get(st.root);
    if (acc !== undefined) {
      expr(root.inputs[0]!);
      // lanes past the end are not added: mask = (i + 4 lane) < bytes
      f.local.get(i).i32x4.splat().v128.const(laneOffsets()).i32x4.add();
      f.i32.const(bytes).i32x4.splat().i32x4.lt_s().v128.and().local.set(t);
      f.local.get(acc[0]).local.get(t).f64x2.promote_low_f32x4().f64x2.add().local.set(acc[0]);
      f.local.get(acc[1]).local.get(t).local.get(t);
      f.i8x16.shuffle([8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]);
      f.f64x2.promote_low_f32x4().f64x2.add().local.set(acc[1]);
      continue;
    }
    if (!kept.has(st.root)) f.local.get(i);
    if (root.op === 'broadcastTo') expr(root.inputs[0]!);
    else {
      for (const x of stackOrder(root)) expr(x);
      F32[ewCode(root)]!(f);
    }
    if (kept.has(st.root)) {
      const l = f.addLocal('v128');
      f.local.set(l);
      locals.set(st.root, l);
    } else f.v128.store(addr(st.root));
  }
  f.local.get(i).i32.const(16).i32.add().local.set(i).br(0);
  f.end().end();
  for (const [root, acc] of accs) {
    f.i32.const(0).local.get(acc[0]).local.get(acc[1]).f64x2.add().local.tee(acc[0]);
    f.f64x2.extract_lane(0).local.get(acc[0]).f64x2.extract_lane(1).f64.add();
    f.f32.demote_f64().f32.store(addr(root));
  }
}

/**
 * Groups consecutive chosen kernels over the same number of elements (a kernel that reads a sum
 * of its group starts a new one: the sum is complete only after the loop), and finds the roots
 * only later members of their own group read: those never need storing.
 */
function groupsOf(
  s: Schedule,
  chosen: ReadonlyMap<number, number[]>,
): { groups: Kernel[][]; kept: Set<number> } {
  const { values } = s.program;
  const groups: Kernel[][] = [];
  const groupOf = new Map<number, number>();
  let current: Kernel[] | null = null;
  /** The sums of the current group. */
  const sums = new Set<number>();
  for (const st of s.steps) {
    const leaves = st.kind === 'kernel' ? chosen.get(st.root) : undefined;
    if (st.kind !== 'kernel' || leaves === undefined) {
      current = null;
      continue;
    }
    const readsSum = leaves.some((l) => sums.has(l));
    if (current === null || current[0]!.domain !== st.domain || readsSum) {
      groups.push((current = []));
      sums.clear();
    }
    current.push(st);
    if (st.reduce) sums.add(st.root);
    groupOf.set(st.root, groups.length - 1);
  }
  // the kernel (root) each value is computed in: itself, or its consumer's kernel when inlined
  const consumer = new Int32Array(values.length).fill(-1);
  const readers: number[][] = values.map(() => []);
  values.forEach((v, u) => {
    if (v.kind !== 'op') return;
    for (const x of v.inputs) {
      consumer[x] = u;
      readers[x]!.push(u);
    }
  });
  const kernelOf = (v: number): number => (s.inline[v] ? kernelOf(consumer[v]!) : v);
  const kept = new Set<number>();
  for (const [root, g] of groupOf) {
    if (s.escapes[root] || (values[root] as Op).op === 'sum') continue;
    const later = (u: number) => {
      const r = kernelOf(u);
      return groupOf.get(r) === g && r > root;
    };
    if (readers[root]!.every(later)) kept.add(root);
  }
  return { groups, kept };
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
  const chosen = new Map<number, number[]>();
  for (const st of s.steps) {
    // a one-element loop gains nothing from four lanes: the tape runs it
    if (st.kind !== 'kernel' || st.domain === 1) continue;
    const leaves = leavesOf(s, st);
    if (leaves !== null) chosen.set(st.root, leaves);
  }
  if (chosen.size === 0) return null;
  const { groups, kept } = groupsOf(s, chosen);
  const { values } = s.program;
  const offsets = new Map<number, number>();
  let top = 16;
  const place = (v: number): void => {
    const w = storageOf(s, v);
    if (offsets.has(w) || kept.has(w)) return;
    offsets.set(w, top);
    top += Math.ceil((sizeOfShape(values[w]!.shape) + 4) / 4) * 16;
  };
  for (const [root, leaves] of chosen) {
    place(root);
    leaves.forEach(place);
  }
  const addr = (v: number) => offsets.get(storageOf(s, v))!;
  const m = new ModuleBuilder().importMemory({ initial: Math.ceil(top / 65536) });
  addMathFuncs(m);
  for (const g of groups)
    m.func(`k${g[0]!.root}`, { params: [], results: [] }, (f) => emitGroup(f, s, g, kept, addr));
  const memory = new WebAssembly.Memory({ initial: Math.ceil(top / 65536) });
  const ex = instantiate(m.finish(), { env: { memory } }, 'a jit kernel').exports;
  const views = new Map<number, Float32Array>();
  for (const [v, o] of offsets)
    views.set(v, new Float32Array(memory.buffer, o, sizeOfShape(values[v]!.shape)));
  // a group runs at its first member; the other members are done by then
  const kernels = new Map<number, (() => void) | null>();
  for (const g of groups)
    g.forEach((st, k) => kernels.set(st.root, k === 0 ? (ex[`k${st.root}`] as () => void) : null));
  return { kernels, views, memory };
}
