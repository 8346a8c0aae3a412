/*
 * A growable byte buffer with the encodings the WebAssembly binary format uses: unsigned and
 * signed LEB128, little-endian IEEE floats, UTF-8 names and length-prefixed vectors.
 */
import { withRoom } from '../grow.js';

const encoder = new TextEncoder();

export class ByteWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  get length(): number {
    return this.len;
  }

  private reserve(n: number): void {
    this.buf = withRoom(this.buf, this.len, n);
  }

  u8(b: number): this {
    this.reserve(1);
    this.buf[this.len++] = b & 0xff;
    return this;
  }

  bytes(bs: ArrayLike<number>): this {
    this.reserve(bs.length);
    this.buf.set(bs, this.len);
    this.len += bs.length;
    return this;
  }

  /** Unsigned LEB128 of a 32-bit value. */
  u32(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      throw new RangeError(`u32 immediate out of range: ${v}`);
    }
    do {
      let b = v & 0x7f;
      v = Math.floor(v / 128);
      if (v !== 0) b |= 0x80;
      this.u8(b);
    } while (v !== 0);
    return this;
  }

  /** Signed LEB128 of a 32-bit value (accepts -2^31 .. 2^32 - 1; the top half wraps). */
  s32(v: number): this {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0xffffffff) {
      throw new RangeError(`i32 immediate out of range: ${v}`);
    }
    return this.s64(BigInt(v | 0));
  }

  /** Signed LEB128 of a 64-bit value. */
  s64(v: bigint): this {
    v = BigInt.asIntN(64, v);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
      this.u8(done ? b : b | 0x80);
      if (done) return this;
    }
  }

  f32(v: number): this {
    const tmp = new DataView(new ArrayBuffer(4));
    tmp.setFloat32(0, v, true);
    return this.bytes(new Uint8Array(tmp.buffer));
  }

  f64(v: number): this {
    const tmp = new DataView(new ArrayBuffer(8));
    tmp.setFloat64(0, v, true);
    return this.bytes(new Uint8Array(tmp.buffer));
  }

  /** A UTF-8 name, length-prefixed. */
  name(s: string): this {
    const b = encoder.encode(s);
    return this.u32(b.length).bytes(b);
  }

  /** Another writer's bytes, prefixed with their length (a section or a function body). */
  sized(w: ByteWriter): this {
    return this.u32(w.len).bytes(w.buf.subarray(0, w.len));
  }

  finish(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.len);
  }
}
