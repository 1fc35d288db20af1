/**
 * Kafka's primitive types (`clients/src/main/java/org/apache/kafka/common/protocol/types/Type.java`,
 * `ByteUtils.java`): big-endian integers, bool, uuid, unsigned and zig-zag varints, and the
 * classic (int16/int32 length) and compact (unsigned varint length + 1) strings, bytes and arrays.
 *
 * @remarks
 * The reader checks every length against the bytes left before it allocates anything, so a
 * hostile length never makes it allocate more than the frame holds. int64 values are JavaScript
 * numbers (exact up to `Number.MAX_SAFE_INTEGER`), as everywhere in the typed messages.
 * @see spec/wire.md WIRE-02
 */
import { WireError } from './errors.js';

const utf8 = new TextEncoder();
// ignoreBOM: a string starting with U+FEFF keeps it, as Java's UTF-8 decoding keeps it.
const fromUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** A bounds-checked cursor over a byte array. */
export class Reader {
  private readonly view: DataView;
  /** The next byte to read. */
  pos: number;

  /** Reads `bytes[start, end)`. */
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
  }

  /** Bytes left. */
  remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number, what: string): number {
    if (n > this.end - this.pos) throw new WireError('TRUNCATED', `${what}: needs ${n} bytes, ${this.end - this.pos} left`);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  /** int8. */
  int8(what = 'int8'): number {
    return this.view.getInt8(this.need(1, what));
  }
  /** int16, big-endian. */
  int16(what = 'int16'): number {
    return this.view.getInt16(this.need(2, what));
  }
  /** uint16, big-endian. */
  uint16(what = 'uint16'): number {
    return this.view.getUint16(this.need(2, what));
  }
  /** int32, big-endian. */
  int32(what = 'int32'): number {
    return this.view.getInt32(this.need(4, what));
  }
  /** uint32, big-endian (record batch CRC). */
  uint32(what = 'uint32'): number {
    return this.view.getUint32(this.need(4, what));
  }
  /** int64, big-endian, as a number. */
  int64(what = 'int64'): number {
    return Number(this.view.getBigInt64(this.need(8, what)));
  }
  /** float64, big-endian. */
  float64(what = 'float64'): number {
    return this.view.getFloat64(this.need(8, what));
  }
  /** A boolean byte (any non-zero is true, as Kafka reads it). */
  bool(what = 'bool'): boolean {
    return this.int8(what) !== 0;
  }
  /** `n` raw bytes (a view, no copy). */
  raw(n: number, what = 'bytes'): Uint8Array {
    const at = this.need(n, what);
    return this.bytes.subarray(at, at + n);
  }
  /** A 16-byte uuid as Kafka prints it (url-safe base64, no padding). */
  uuid(what = 'uuid'): string {
    return Buffer.from(this.raw(16, what)).toString('base64url');
  }

  /** Unsigned varint of at most 5 bytes (an int32). */
  uvarint(what = 'varint'): number {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.bytes[this.need(1, what)] as number;
      value += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) {
        if (value > 0xffffffff) throw new WireError('INVALID_VARINT', `${what}: unsigned varint above 2^32`);
        return value;
      }
    }
    throw new WireError('INVALID_VARINT', `${what}: unsigned varint longer than 5 bytes`);
  }
  /** Zig-zag varint of at most 5 bytes (record fields). */
  varint(what = 'varint'): number {
    const u = this.uvarint(what);
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }
  /** Zig-zag varlong of at most 10 bytes, as a number (record timestamp and offset deltas). */
  varlong(what = 'varlong'): number {
    let value = 0n;
    for (let i = 0n; i < 10n; i++) {
      const b = BigInt(this.bytes[this.need(1, what)] as number);
      value |= (b & 0x7fn) << (7n * i);
      if ((b & 0x80n) === 0n) return Number((value >> 1n) ^ -(value & 1n));
    }
    throw new WireError('INVALID_VARINT', `${what}: varlong longer than 10 bytes`);
  }

  /**
   * A length prefix: classic (int16 or int32) or compact (unsigned varint minus one); -1 is
   * null. A length beyond the bytes left, times the smallest element size, is refused here.
   */
  length(kind: 'int16' | 'int32' | 'compact', minElementBytes: number, what: string): number {
    const n = kind === 'int16' ? this.int16(what) : kind === 'int32' ? this.int32(what) : this.uvarint(what) - 1;
    if (n < -1) throw new WireError('INVALID_LENGTH', `${what}: negative length ${n}`);
    if (n * minElementBytes > this.remaining()) {
      throw new WireError('INVALID_LENGTH', `${what}: length ${n} exceeds the ${this.remaining()} bytes left`);
    }
    return n;
  }
  /** A UTF-8 string of `n` bytes. */
  text(n: number, what = 'string'): string {
    return fromUtf8.decode(this.raw(n, what));
  }
}

/** A growable big-endian writer. */
export class Writer {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  /** Bytes written so far. */
  pos = 0;

  /**
   * Reserves `n` bytes and returns their offset. It may replace `buf` and `view`, so callers
   * take the offset before they touch either (`this.view.setInt32(this.room(4), v)` would
   * write into the old, too small view).
   */
  private room(n: number): number {
    if (this.pos + n > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < this.pos + n) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(0, this.pos));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  /** int8. */
  int8(v: number): void {
    const at = this.room(1);
    this.view.setInt8(at, v);
  }
  /** int16. */
  int16(v: number): void {
    const at = this.room(2);
    this.view.setInt16(at, v);
  }
  /** uint16. */
  uint16(v: number): void {
    const at = this.room(2);
    this.view.setUint16(at, v);
  }
  /** int32. */
  int32(v: number): void {
    const at = this.room(4);
    this.view.setInt32(at, v);
  }
  /** uint32. */
  uint32(v: number): void {
    const at = this.room(4);
    this.view.setUint32(at, v >>> 0);
  }
  /** int64 from a number (must be an integer). */
  int64(v: number): void {
    if (!Number.isInteger(v)) throw new WireError('INVALID_VALUE', `int64: ${v} is not an integer`);
    const at = this.room(8);
    this.view.setBigInt64(at, BigInt.asIntN(64, BigInt(v)));
  }
  /** float64. */
  float64(v: number): void {
    const at = this.room(8);
    this.view.setFloat64(at, v);
  }
  /** bool as one byte. */
  bool(v: boolean): void {
    this.int8(v ? 1 : 0);
  }
  /** Raw bytes. */
  raw(bytes: Uint8Array): void {
    const at = this.room(bytes.length);
    this.buf.set(bytes, at);
  }
  /** A uuid from Kafka's printed form (22 url-safe base64 characters). */
  uuid(v: string): void {
    const bytes = Buffer.from(v, 'base64url');
    if (bytes.length !== 16) throw new WireError('INVALID_VALUE', `uuid: '${v}' is not 16 bytes of url-safe base64`);
    this.raw(bytes);
  }
  /** Unsigned varint. */
  uvarint(v: number): void {
    let u = v >>> 0;
    while (u >= 0x80) {
      const at = this.room(1);
      this.buf[at] = (u & 0x7f) | 0x80;
      u >>>= 7;
    }
    const at = this.room(1);
    this.buf[at] = u;
  }
  /** Zig-zag varint. */
  varint(v: number): void {
    this.uvarint(((v << 1) ^ (v >> 31)) >>> 0);
  }
  /** Zig-zag varlong. */
  varlong(v: number): void {
    const big = BigInt(v);
    let u = BigInt.asUintN(64, (big << 1n) ^ (big >> 63n));
    while (u >= 0x80n) {
      const at = this.room(1);
      this.buf[at] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    const at = this.room(1);
    this.buf[at] = Number(u);
  }
  /** A length prefix (-1 for null), classic or compact. */
  length(kind: 'int16' | 'int32' | 'compact', n: number): void {
    if (kind === 'int16') this.int16(n);
    else if (kind === 'int32') this.int32(n);
    else this.uvarint(n + 1);
  }
  /** UTF-8 bytes of a string (for the caller to prefix with its length). */
  static utf8(v: string): Uint8Array {
    return utf8.encode(v);
  }
  /** Overwrites 4 bytes at `at` (a length or CRC filled in afterwards). */
  patchInt32(at: number, v: number): void {
    this.view.setInt32(at, v | 0);
  }
  /** The bytes written (a copy-free view until the next write). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}
