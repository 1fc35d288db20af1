/**
 * fast-check arbitraries of typed messages, derived from the wire schemas: for one version, every
 * typed field the version carries gets a random value of its type (null where the version allows
 * it), every typed field it lacks holds its default (or is left out when `optional`), and
 * `typed: false` fields are left out. So a round trip can demand plain deep equality.
 */
import fc from 'fast-check';
import { defaultOf } from '../../src/wire/codec.js';
import { fieldsAt, type CompiledField, type FieldType, type MessageSchema } from '../../src/wire/schema.js';
import type { BatchRecord, RecordBatch } from '../../src/protocol/messages/record-batch.js';

const int64 = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom(-1, 0, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER));
const text = fc.string({ unit: 'binary', maxLength: 6 });
const bytes = fc.uint8Array({ maxLength: 8 });
const uuid = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('base64url'));

const record: fc.Arbitrary<BatchRecord> = fc.record({
  attributes: fc.constant(0),
  timestampDelta: int64,
  offsetDelta: fc.integer(),
  key: fc.option(bytes, { nil: null }),
  value: fc.option(bytes, { nil: null }),
  headers: fc.array(fc.record({ key: text, value: fc.option(bytes, { nil: null }) }), { maxLength: 2 }),
});

const batchHead = {
  baseOffset: int64,
  partitionLeaderEpoch: fc.integer(),
  magic: fc.constant(2),
  lastOffsetDelta: fc.integer(),
  baseTimestamp: int64,
  maxTimestamp: int64,
  producerId: int64,
  producerEpoch: fc.integer({ min: -32768, max: 32767 }),
  baseSequence: fc.integer(),
};

/** A magic-2 batch: uncompressed with decoded records, or compressed and opaque. */
export const recordBatchArb: fc.Arbitrary<RecordBatch> = fc.oneof(
  fc.record({ ...batchHead, attributes: fc.constantFrom(0, 8, 16, 48), records: fc.array(record, { maxLength: 3 }) }),
  fc.record({
    ...batchHead,
    attributes: fc.integer({ min: 1, max: 4 }),
    records: fc.constant([]),
    encodedRecords: fc.record({ count: fc.nat(), bytes: fc.uint8Array({ maxLength: 16 }) }),
  }),
);

function scalarArb(scalar: string): fc.Arbitrary<unknown> {
  switch (scalar) {
    case 'int8': return fc.integer({ min: -128, max: 127 });
    case 'int16': return fc.integer({ min: -32768, max: 32767 });
    case 'uint16': return fc.integer({ min: 0, max: 65535 });
    case 'int32': return fc.integer();
    case 'int64': return int64;
    case 'float64': return fc.double({ noNaN: true }).filter((d) => !Object.is(d, -0));
    case 'bool': return fc.boolean();
    case 'string': return text;
    case 'bytes': return bytes;
    case 'uuid': return uuid;
    case 'records': return fc.array(recordBatchArb, { maxLength: 2 });
    default: throw new Error(`no arbitrary for ${scalar}`);
  }
}

function typeArb(type: FieldType): fc.Arbitrary<unknown> {
  if (type.kind === 'scalar') return scalarArb(type.scalar);
  if (type.kind === 'struct') return structArb(type.fields);
  return fc.array(typeArb(type.element), { maxLength: 3 });
}

function fieldArb(f: CompiledField): fc.Arbitrary<unknown> {
  if (!f.present) return fc.constant(defaultOf(f));
  const arb = typeArb(f.type);
  return f.nullable ? fc.option(arb, { nil: null }) : arb;
}

/** Arbitrary structs of `fields` (one version's compiled fields). */
export function structArb(fields: readonly CompiledField[]): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of fields) {
    if (!f.typed || (f.optional && !f.present)) continue;
    model[f.key] = fieldArb(f);
  }
  return fc.record(model);
}

/** Arbitrary typed bodies of `schema` at `version` (without `api` and the header fields). */
export function messageArb(schema: MessageSchema, version: number): fc.Arbitrary<Record<string, unknown>> {
  return structArb(fieldsAt(schema, version));
}

/** Keys of `obj` (recursively) that no typed field of `fields` names: typed-message fields the schema would drop. */
export function unknownKeys(obj: unknown, fields: readonly CompiledField[], path = ''): string[] {
  if (obj === null || typeof obj !== 'object') return [];
  const known = new Map(fields.filter((f) => f.typed).map((f) => [f.key, f]));
  const out: string[] = [];
  for (const [key, value] of Object.entries(obj)) {
    const f = known.get(key);
    if (f === undefined) {
      out.push(`${path}${key}`);
      continue;
    }
    const t = f.type.kind === 'array' ? f.type.element : f.type;
    if (t.kind !== 'struct') continue;
    const items = f.type.kind === 'array' && Array.isArray(value) ? value : [value];
    for (const item of items) out.push(...unknownKeys(item, t.fields, `${path}${key}.`));
  }
  return [...new Set(out)];
}

/** `obj` as `fields` (one version) sees it: fields the version lacks hold their defaults. */
export function project(obj: Record<string, unknown>, fields: readonly CompiledField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (!f.typed || (f.optional && !f.present)) continue;
    const v = obj[f.key];
    if (!f.present || v === undefined) {
      out[f.key] = defaultOf(f);
      continue;
    }
    const t = f.type.kind === 'array' ? f.type.element : f.type;
    if (t.kind === 'struct' && v !== null) {
      out[f.key] = Array.isArray(v) ? v.map((x: Record<string, unknown>) => project(x, t.fields)) : project(v as Record<string, unknown>, t.fields);
    } else out[f.key] = v === null && !f.nullable && (t.kind === 'array' || (t.kind === 'scalar' && t.scalar === 'string')) ? defaultOf(f) : v;
  }
  return out;
}
