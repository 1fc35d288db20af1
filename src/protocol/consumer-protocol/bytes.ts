/**
 * The primitive types of Kafka's non-flexible message encoding, as the consumer protocol
 * uses them: a bounds-checked big-endian reader, a writer into one preallocated buffer, and
 * Java-compatible UTF-8.
 *
 * Field layout of the primitives (CP-02):
 *
 * ```
 * int16            2 bytes, big-endian two's complement
 * int32            4 bytes, big-endian two's complement
 * string           int16 byte length N (0..32767), then N bytes of UTF-8
 * nullable string  as string; a negative length means null (written as -1)
 * nullable bytes   int32 byte length N, then N bytes; a negative length means null (written as -1)
 * array            int32 element count N, then N elements (never null here)
 * ```
 *
 * @see spec/consumer-protocol.md, CP-02, CP-10, CP-14, CP-15, CP-16
 * @packageDocumentation
 */
import { invariant } from '../invariant.js';

/** The two structures of the consumer protocol, named as in Kafka's message schemas. */
export type ConsumerProtocolStructure = 'ConsumerProtocolSubscription' | 'ConsumerProtocolAssignment';

/**
 * Bytes that are not a valid consumer protocol payload, or a value that cannot be encoded.
 *
 * @remarks
 * Thrown for truncated input, a negative length where Kafka allows no null, an array whose
 * count exceeds the bytes left, a version below 0, and (when encoding) a string longer than
 * 32767 UTF-8 bytes or a number outside int32. The message names the structure, the field
 * (as a path such as `ownedPartitions[1].partitions[3]`) and the byte offset, counted from
 * the first byte of the version header.
 *
 * @see spec/consumer-protocol.md, CP-16
 */
export class ConsumerProtocolError extends Error {
  /** The structure being read or written. */
  readonly structure: ConsumerProtocolStructure;
  /** The offending field, as a path: `topics[2]`, `ownedPartitions[0].topic`, `userData`. */
  readonly field: string;
  /** The byte offset of that field (of its length prefix, for variable-length fields). */
  readonly offset: number;

  constructor(structure: ConsumerProtocolStructure, field: string, offset: number, problem: string) {
    super(`${structure}: field '${field}' at byte offset ${offset}: ${problem}`);
    this.name = 'ConsumerProtocolError';
    this.structure = structure;
    this.field = field;
    this.offset = offset;
  }
}

/** The longest string the int16 length prefix can describe. */
export const MAX_STRING_BYTES = 0x7fff;

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

/** True when `n` is an integer in int32 range. */
export function isInt32(n: number): boolean {
  return Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX;
}

/**
 * The number of bytes Java's `String.getBytes(UTF_8)` produces for `s`.
 *
 * @remarks
 * An unpaired surrogate counts one byte because Java replaces it with `?` (CP-10).
 */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(s.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) n += 1;
    else n += 3;
  }
  return n;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

// `ignoreBOM` keeps a leading U+FEFF as a character, as Java's decoder does; non-fatal mode
// turns malformed sequences into U+FFFD, as Java's `new String(bytes, UTF_8)` does.
const UTF8_DECODER = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Strings up to this many bytes are decoded by hand when they are ASCII (the common case). */
const SHORT_ASCII = 64;

/**
 * A big-endian reader over one payload. Every read checks the bytes left and throws a
 * {@link ConsumerProtocolError} naming the field and its offset.
 */
export class ByteReader {
  /** The offset of the next byte to read, from the start of the payload. */
  offset = 0;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;

  /**
   * @param structure - named in every error
   * @param strict - also reject null lengths other than -1 (CP-14)
   */
  constructor(
    bytes: Uint8Array,
    readonly structure: ConsumerProtocolStructure,
    readonly strict: boolean,
  ) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Bytes not yet read. */
  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** Throws a {@link ConsumerProtocolError} for `field` at `offset`. */
  fail(field: string, offset: number, problem: string): never {
    throw new ConsumerProtocolError(this.structure, field, offset, problem);
  }

  private need(field: string, n: number, what: string): void {
    if (this.remaining < n) {
      this.fail(field, this.offset, `truncated: ${what} needs ${n} bytes, ${this.remaining} remain`);
    }
  }

  /** Reads an int16. */
  int16(field: string): number {
    this.need(field, 2, 'int16');
    const v = this.view.getInt16(this.offset);
    this.offset += 2;
    return v;
  }

  /** Reads an int32. */
  int32(field: string): number {
    this.need(field, 4, 'int32');
    const v = this.view.getInt32(this.offset);
    this.offset += 4;
    return v;
  }

  /** Reads a non-nullable string: a negative length is an error (CP-14). */
  string(field: string): string {
    const at = this.offset;
    const length = this.int16(field);
    if (length < 0) this.fail(field, at, `non-nullable string has null length ${length}`);
    return this.utf8(field, at, length);
  }

  /** Reads a nullable string: any negative length is null, as in Kafka (CP-14). */
  nullableString(field: string): string | null {
    const at = this.offset;
    const length = this.int16(field);
    if (length < 0) return this.nullLength(field, at, length);
    return this.utf8(field, at, length);
  }

  /** Reads nullable bytes into a copy that does not share the input's memory. */
  nullableBytes(field: string): Uint8Array | null {
    const at = this.offset;
    const length = this.int32(field);
    if (length < 0) return this.nullLength(field, at, length);
    if (length > this.remaining) {
      this.fail(field, at, `bytes length ${length} exceeds the ${this.remaining} bytes remaining`);
    }
    const out = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  /**
   * Reads the count of a non-nullable array, with Kafka's guard: a count above the bytes
   * remaining is rejected before any element is read (CP-15).
   */
  arrayLength(field: string): number {
    const at = this.offset;
    const count = this.int32(field);
    if (count < 0) this.fail(field, at, `non-nullable array has null length ${count}`);
    if (count > this.remaining) {
      this.fail(field, at, `array of ${count} elements exceeds the ${this.remaining} bytes remaining`);
    }
    return count;
  }

  /**
   * Reads `count` int32 elements whose array field is `field`; a truncation names the first
   * element that does not fit, exactly as reading them one by one would.
   */
  int32Elements(field: string, count: number, visit: (value: number) => void): void {
    const fit = Math.min(count, Math.floor(this.remaining / 4));
    let at = this.offset;
    for (let i = 0; i < fit; i++, at += 4) visit(this.view.getInt32(at));
    this.offset = at;
    if (fit < count) this.need(`${field}[${fit}]`, 4, 'int32');
  }

  private nullLength(field: string, at: number, length: number): null {
    if (this.strict && length !== -1) this.fail(field, at, `null length must be -1 in strict mode, got ${length}`);
    return null;
  }

  private utf8(field: string, at: number, length: number): string {
    if (length > this.remaining) {
      this.fail(field, at, `string length ${length} exceeds the ${this.remaining} bytes remaining`);
    }
    const start = this.offset;
    this.offset += length;
    if (length <= SHORT_ASCII) {
      let s = '';
      for (let i = start; i < start + length; i++) {
        const b = this.bytes[i] as number;
        if (b >= 0x80) return UTF8_DECODER.decode(this.bytes.subarray(start, start + length));
        s += String.fromCharCode(b);
      }
      return s;
    }
    return UTF8_DECODER.decode(this.bytes.subarray(start, start + length));
  }
}

/**
 * A big-endian writer into one buffer of a size computed in advance; {@link finish} checks
 * that the size was exact.
 */
export class ByteWriter {
  /** The offset of the next byte to write. */
  offset = 0;
  /** The output buffer; callers may write runs of int32 through {@link view} directly. */
  readonly bytes: Uint8Array;
  /** A DataView over {@link bytes}. */
  readonly view: DataView;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  /** Writes an int16. */
  int16(v: number): void {
    this.view.setInt16(this.offset, v);
    this.offset += 2;
  }

  /** Writes an int32. */
  int32(v: number): void {
    this.view.setInt32(this.offset, v);
    this.offset += 4;
  }

  /** Writes a string whose UTF-8 length `byteLength` was computed by {@link utf8Length}. */
  string(s: string, byteLength: number): void {
    this.int16(byteLength);
    this.utf8(s);
  }

  /** Writes a nullable string; null is length -1. */
  nullableString(s: string | null, byteLength: number): void {
    if (s === null) this.int16(-1);
    else this.string(s, byteLength);
  }

  /** Writes nullable bytes; null is length -1. */
  nullableBytes(b: Uint8Array | null): void {
    if (b === null) {
      this.int32(-1);
      return;
    }
    this.int32(b.length);
    this.bytes.set(b, this.offset);
    this.offset += b.length;
  }

  /** Returns the buffer once it is exactly full (a wrong size estimate is a bug). */
  finish(): Uint8Array {
    invariant(this.offset === this.bytes.length, 'CP-02', () => `wrote ${this.offset} of ${this.bytes.length} bytes`);
    return this.bytes;
  }

  // Java's encoder: well-formed text as standard UTF-8, an unpaired surrogate as '?' (CP-10).
  private utf8(s: string): void {
    const out = this.bytes;
    let o = this.offset;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) out[o++] = c;
      else if (c < 0x800) {
        out[o++] = 0xc0 | (c >> 6);
        out[o++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(s.charCodeAt(i + 1))) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
        out[o++] = 0xf0 | (cp >> 18);
        out[o++] = 0x80 | ((cp >> 12) & 0x3f);
        out[o++] = 0x80 | ((cp >> 6) & 0x3f);
        out[o++] = 0x80 | (cp & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdfff) out[o++] = 0x3f;
      else {
        out[o++] = 0xe0 | (c >> 12);
        out[o++] = 0x80 | ((c >> 6) & 0x3f);
        out[o++] = 0x80 | (c & 0x3f);
      }
    }
    this.offset = o;
  }
}

/**
 * The UTF-8 length of a string field about to be written at `offset`, rejecting one longer
 * than the int16 prefix allows (Kafka's "field is too long to be serialized").
 */
export function stringSize(structure: ConsumerProtocolStructure, field: string, s: string, offset: number): number {
  const n = utf8Length(s);
  if (n > MAX_STRING_BYTES) {
    throw new ConsumerProtocolError(structure, field, offset, `string of ${n} UTF-8 bytes exceeds ${MAX_STRING_BYTES}`);
  }
  return n;
}

/** Rejects a number that int32 cannot carry, naming the field it would be written to. */
export function checkInt32(structure: ConsumerProtocolStructure, field: string, n: number, offset: number): void {
  if (!isInt32(n)) throw new ConsumerProtocolError(structure, field, offset, `${n} is not an int32`);
}
