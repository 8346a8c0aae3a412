/**
 * `buf` if it has room for `need` more elements after the first `used`, else a copy of those
 * elements in an array of the same type at least twice as long (growable byte and word buffers).
 */
export function withRoom<T extends Uint8Array | Int32Array>(buf: T, used: number, need: number): T {
  if (used + need <= buf.length) return buf;
  let size = buf.length * 2;
  while (size < used + need) size *= 2;
  const next = new (buf.constructor as new (length: number) => T)(size);
  next.set(buf.subarray(0, used));
  return next;
}
