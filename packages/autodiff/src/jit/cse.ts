import type { Value } from './program.js';

/*
 * Common subexpressions: a value equal in op, operands and attributes to an earlier one is that
 * one (every primitive is a pure function of its operands), and so is a small constant equal in
 * dtype, shape and every bit of its elements. Ops are found by an integer hash of op, operands
 * and attributes into an open-addressing table (no string is built per value); constants by a
 * text key.
 */

type Op = Extract<Value, { kind: 'op' }>;

/** Constants with at most this many elements are merged. */
const MAX_CONST = 16;

export class Cse {
  /**
   * Open addressing over op values: slot -> value index + 1 (0: empty), probed linearly from the
   * hash. Sized for `capacity` values at most half full, so it never grows.
   */
  private readonly table: Int32Array;
  private readonly mask: number;
  private readonly consts = new Map<string, number>();
  /** Attributes as JSON, by value index, for ops that have any. */
  private readonly attrText: (string | undefined)[] = [];
  private readonly opIds = new Map<string, number>();

  constructor(
    private readonly values: readonly Value[],
    capacity: number,
  ) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.table = new Int32Array(size);
    this.mask = size - 1;
  }

  /** The earlier value that computes what values[i] does, or i (which later values may then match). */
  find(i: number): number {
    const v = this.values[i]!;
    if (v.kind === 'op') return this.findOp(i, v);
    if (v.kind !== 'const' || v.tensor.size > MAX_CONST) return i;
    const d = Array.from(v.tensor._data, (x) => (Object.is(x, -0) ? '-0' : String(x)));
    const key = `${v.dtype}[${v.shape.join(',')}] ${d.join(',')}`;
    const hit = this.consts.get(key);
    if (hit !== undefined) return hit;
    this.consts.set(key, i);
    return i;
  }

  private findOp(i: number, v: Op): number {
    let op = this.opIds.get(v.op);
    if (op === undefined) this.opIds.set(v.op, (op = this.opIds.size));
    let h = Math.imul(op + 1, 0x9e3779b1);
    for (let k = 0; k < v.inputs.length; k++) h = Math.imul(h ^ v.inputs[k]!, 0x85ebca6b) + k;
    const text = v.attrs === null || v.attrs === undefined ? undefined : JSON.stringify(v.attrs);
    if (text !== undefined)
      for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 0xc2b2ae35);
    h ^= h >>> 15;
    let slot = h & this.mask;
    for (let j = this.table[slot]!; j !== 0; j = this.table[slot]!) {
      if (this.same(v, text, j - 1)) return j - 1;
      slot = (slot + 1) & this.mask;
    }
    this.table[slot] = i + 1;
    this.attrText[i] = text;
    return i;
  }

  private same(v: Op, text: string | undefined, j: number): boolean {
    const w = this.values[j] as Op;
    if (w.op !== v.op || w.inputs.length !== v.inputs.length || this.attrText[j] !== text)
      return false;
    for (let k = 0; k < v.inputs.length; k++) if (w.inputs[k] !== v.inputs[k]) return false;
    return true;
  }
}
