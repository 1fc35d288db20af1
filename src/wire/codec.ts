/**
 * The one generic reader/writer: walks a compiled schema (`./schema.ts`) and turns typed
 * messages into bytes and back, for requests and responses alike.
 *
 * @remarks
 * Layout rules, from Kafka's generated code (`MessageDataGenerator.java`) and KIP-482: fields in
 * declaration order; in non-flexible versions strings have an int16 length, bytes and arrays an
 * int32 length, null is -1; in flexible versions strings, bytes and arrays carry an unsigned
 * varint of length + 1 (0 is null) and every struct ends with a tagged-field section (an
 * unsigned varint count, then tag, size and value per field, tags ascending). A nullable struct
 * is prefixed with an int8 (-1 null, 1 present). A tagged field is written only when it differs
 * from its default; an unknown tag is skipped. On encode, a null string, bytes or array in a
 * version where the field is not nullable is written empty (`""`, no bytes, no elements): the
 * typed responses hold null where newer versions allow it, and older versions get the empty value
 * as Kafka's own response classes write it. On decode such a null is refused.
 * @see spec/wire.md WIRE-02
 */
import { WireError } from './errors.js';
import { Reader, Writer } from './primitives.js';
import { decodeBatches, encodeBatches } from './records.js';
import type { RecordBatch } from '../protocol/messages/record-batch.js';
import type { CompiledField, FieldType } from './schema.js';

/** Encoding context: the flexible encoding, and whether a record set may end in a partial batch. */
export interface CodecContext {
  readonly flexible: boolean;
  /** Responses may end their record sets with a truncated batch (Kafka cuts at max bytes). */
  readonly allowPartialBatch: boolean;
  /**
   * Receives a record set that fails to decode (bad CRC, magic 0/1, bad lengths inside it); the
   * field then reads as null and decoding goes on. Without it the error is thrown. A Produce
   * request uses it so the broker can answer the partition CORRUPT_MESSAGE, as Kafka does.
   */
  readonly onBadRecords?: (error: WireError) => void;
  /**
   * WIRE-15: a null string or bytes where the version does not allow null reads as empty instead
   * of failing, as librdkafka's and kafkajs' clients read it (librdkafka's mock answers a failed
   * SyncGroup with a null assignment). For a wire client's answers only.
   */
  readonly nullAsEmpty?: boolean;
}

type Obj = Readonly<Record<string, unknown>>;

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** The default value of a field (its schema `default`, else the type's zero). */
export function defaultOf(field: CompiledField): unknown {
  const d = field.default;
  if (d === null) return null;
  const t = field.type;
  if (t.kind === 'array') return [];
  if (t.kind === 'struct') return field.nullable ? null : structDefaults(t.fields);
  switch (t.scalar) {
    case 'bool':
      return d === true;
    case 'string':
      return typeof d === 'string' ? d : '';
    case 'bytes':
      return new Uint8Array(0);
    case 'uuid':
      return ZERO_UUID;
    case 'records':
      return [];
    default:
      return typeof d === 'number' ? d : 0;
  }
}

/** A struct of defaults for every typed field that the struct holds. */
export function structDefaults(fields: readonly CompiledField[]): Obj {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f.typed && !(f.optional && !f.present)) out[f.key] = defaultOf(f);
  return out;
}

// ---------------------------------------------------------------- encode

function writeScalar(w: Writer, scalar: string, v: unknown, nullable: boolean, ctx: CodecContext, name: string): void {
  const lenKind = ctx.flexible ? 'compact' : scalar === 'string' ? 'int16' : 'int32';
  if (v === null || v === undefined) {
    if (scalar !== 'string' && scalar !== 'bytes' && scalar !== 'records') throw new WireError('INVALID_VALUE', `${name}: null for a ${scalar}`);
    // A null the version cannot carry goes out empty, as Kafka's JoinGroupResponse does for a null ProtocolName before v7.
    w.length(lenKind, nullable || scalar === 'records' ? -1 : 0);
    return;
  }
  switch (scalar) {
    case 'int8': return w.int8(v as number);
    case 'int16': return w.int16(v as number);
    case 'uint16': return w.uint16(v as number);
    case 'int32': return w.int32(v as number);
    case 'int64': return w.int64(v as number);
    case 'float64': return w.float64(v as number);
    case 'bool': return w.bool(v as boolean);
    case 'uuid': return w.uuid(v as string);
    case 'string': {
      const bytes = Writer.utf8(v as string);
      if (!ctx.flexible && bytes.length > 0x7fff) throw new WireError('INVALID_VALUE', `${name}: string longer than 32767 bytes`);
      w.length(lenKind, bytes.length);
      return w.raw(bytes);
    }
    case 'bytes':
      w.length(lenKind, (v as Uint8Array).length);
      return w.raw(v as Uint8Array);
    case 'records': {
      const bytes = encodeBatches(v as readonly RecordBatch[]);
      w.length(lenKind, bytes.length);
      return w.raw(bytes);
    }
  }
}

function writeValue(w: Writer, type: FieldType, v: unknown, nullable: boolean, ctx: CodecContext, name: string): void {
  if (type.kind === 'scalar') return writeScalar(w, type.scalar, v, nullable, ctx, name);
  if (type.kind === 'struct') {
    if (nullable) {
      w.int8(v === null || v === undefined ? -1 : 1);
      if (v === null || v === undefined) return;
    }
    return writeStruct(w, type.fields, (v ?? {}) as Obj, ctx);
  }
  const lenKind = ctx.flexible ? 'compact' : 'int32';
  if (v === null || v === undefined) return w.length(lenKind, nullable ? -1 : 0);
  const items = v as readonly unknown[];
  w.length(lenKind, items.length);
  for (const item of items) writeValue(w, type.element, item, false, ctx, name);
}

function valueOf(f: CompiledField, obj: Obj): unknown {
  if (!f.typed) return defaultOf(f);
  const v = obj[f.key];
  return v === undefined ? defaultOf(f) : v;
}

/** Whether `v` equals the field's default (a struct field by field), so a tagged field can be left out. */
function isDefault(f: CompiledField, v: unknown): boolean {
  const d = defaultOf(f);
  if (f.type.kind === 'struct') {
    if (v === null || d === null) return v === d;
    const o = v as Obj;
    return f.type.fields.every((sf) => !sf.present || !sf.typed || isDefault(sf, o[sf.key] ?? defaultOf(sf)));
  }
  if (Array.isArray(v)) return Array.isArray(d) && v.length === 0;
  if (v instanceof Uint8Array) return v.length === 0;
  return v === d;
}

/** Writes the fields of one struct (and, when flexible, its tagged section). */
export function writeStruct(w: Writer, fields: readonly CompiledField[], obj: Obj, ctx: CodecContext): void {
  const tagged: CompiledField[] = [];
  for (const f of fields) {
    if (!f.present) continue;
    if (f.tag !== undefined) {
      if (f.typed && !isDefault(f, obj[f.key] ?? defaultOf(f))) tagged.push(f);
      continue;
    }
    writeValue(w, f.type, valueOf(f, obj), f.nullable, ctx, f.name);
  }
  if (!ctx.flexible) return;
  tagged.sort((a, b) => (a.tag as number) - (b.tag as number));
  w.uvarint(tagged.length);
  for (const f of tagged) {
    const inner = new Writer();
    writeValue(inner, f.type, valueOf(f, obj), f.nullable, ctx, f.name);
    w.uvarint(f.tag as number);
    w.uvarint(inner.pos);
    w.raw(inner.bytes());
  }
}

// ---------------------------------------------------------------- decode

function readScalar(r: Reader, scalar: string, nullable: boolean, ctx: CodecContext, name: string): unknown {
  switch (scalar) {
    case 'int8': return r.int8(name);
    case 'int16': return r.int16(name);
    case 'uint16': return r.uint16(name);
    case 'int32': return r.int32(name);
    case 'int64': return r.int64(name);
    case 'float64': return r.float64(name);
    case 'bool': return r.bool(name);
    case 'uuid': return r.uuid(name);
  }
  const n = r.length(ctx.flexible ? 'compact' : scalar === 'string' ? 'int16' : 'int32', 1, name);
  if (n === -1) {
    if (scalar === 'records') return null;
    if (!nullable && ctx.nullAsEmpty === true) return scalar === 'string' ? '' : new Uint8Array(0);
    if (!nullable) throw new WireError('INVALID_VALUE', `${name}: null in a version where it is not nullable`);
    return null;
  }
  if (scalar === 'string') return r.text(n, name);
  if (scalar === 'bytes') return r.raw(n, name).slice();
  const bytes = r.raw(n, name);
  try {
    return decodeBatches(bytes, ctx.allowPartialBatch);
  } catch (e) {
    if (!(e instanceof WireError) || ctx.onBadRecords === undefined) throw e;
    ctx.onBadRecords(e);
    return null;
  }
}

function readValue(r: Reader, type: FieldType, nullable: boolean, ctx: CodecContext, name: string): unknown {
  if (type.kind === 'scalar') return readScalar(r, type.scalar, nullable, ctx, name);
  if (type.kind === 'struct') {
    if (nullable && r.int8(name) < 0) return null;
    return readStruct(r, type.fields, ctx);
  }
  const n = r.length(ctx.flexible ? 'compact' : 'int32', 1, name);
  if (n === -1) {
    if (!nullable) throw new WireError('INVALID_VALUE', `${name}: null array in a version where it is not nullable`);
    return null;
  }
  const items: unknown[] = [];
  for (let i = 0; i < n; i++) items.push(readValue(r, type.element, false, ctx, name));
  return items;
}

/** Reads the fields of one struct (and, when flexible, its tagged section). */
export function readStruct(r: Reader, fields: readonly CompiledField[], ctx: CodecContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (!f.present) {
      if (f.typed && !f.optional) out[f.key] = defaultOf(f);
      continue;
    }
    if (f.tag !== undefined) {
      if (f.typed) out[f.key] = defaultOf(f);
      continue;
    }
    const v = readValue(r, f.type, f.nullable, ctx, f.name);
    if (f.typed) out[f.key] = v;
  }
  if (ctx.flexible) readTaggedFields(r, fields, out, ctx);
  return out;
}

function readTaggedFields(r: Reader, fields: readonly CompiledField[], out: Record<string, unknown>, ctx: CodecContext): void {
  const count = r.uvarint('tagged field count');
  // Each tagged field takes at least two bytes (its tag and its size).
  if (count * 2 > r.remaining()) throw new WireError('INVALID_LENGTH', `tagged field count ${count} exceeds the ${r.remaining()} bytes left`);
  let last = -1;
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint('tag');
    if (tag <= last) throw new WireError('INVALID_VALUE', `tagged fields: tag ${tag} after tag ${last}`);
    last = tag;
    const size = r.uvarint(`tagged field ${tag} size`);
    const body = r.raw(size, `tagged field ${tag}`);
    const field = fields.find((f) => f.tag === tag && f.present);
    if (field === undefined || !field.typed) continue;
    const inner = new Reader(r.bytes, r.pos - body.length, r.pos);
    out[field.key] = readValue(inner, field.type, field.nullable, ctx, field.name);
    if (inner.remaining() !== 0) throw new WireError('INVALID_VALUE', `tagged field ${field.name}: ${inner.remaining()} bytes beyond its value`);
  }
}
