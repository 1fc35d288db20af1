/**
 * The schema format: each API's request and response described once as data, in the shape of
 * Kafka's message definitions (`clients/src/main/resources/common/message/*.json`), plus the
 * compiled per-version view the generic codec walks.
 *
 * @remarks
 * A field has Kafka's `name` (PascalCase; the typed message uses its camelCase), `type`
 * (`int8 int16 uint16 int32 int64 float64 bool string bytes uuid records`, `[]T` for arrays,
 * or a struct name with nested `fields`), `versions`, and where Kafka has them
 * `nullableVersions`, `taggedVersions` + `tag` and `default`. Two keys are ours:
 * `typed: false` marks a wire field our typed message does not have (encoded as its default,
 * dropped on decode), and `optional: true` marks a typed field left out (undefined) in the
 * versions that lack it, where the typed message makes it optional. A version range is `"3+"`,
 * `"0-7"`, `"5"` or `"none"`, as in Kafka.
 * @see spec/wire.md WIRE-02
 */

/** A default value in a schema (Kafka writes them as strings; we write the value). */
export type FieldDefault = number | string | boolean | null;

/** One field of a message or struct, as in Kafka's JSON. */
export interface FieldSchema {
  readonly name: string;
  readonly type: string;
  readonly versions: string;
  readonly nullableVersions?: string;
  readonly taggedVersions?: string;
  readonly tag?: number;
  readonly default?: FieldDefault;
  readonly fields?: readonly FieldSchema[];
  /** Ours: the typed message has no such field. */
  readonly typed?: false;
  /** Ours: the typed field is undefined, not the default, in versions without it. */
  readonly optional?: true;
}

/** A request or response message, as in Kafka's JSON. */
export interface MessageSchema {
  readonly name: string;
  readonly apiKey: number;
  readonly type: 'request' | 'response';
  readonly validVersions: string;
  readonly flexibleVersions: string;
  readonly fields: readonly FieldSchema[];
}

/** A version range: inclusive bounds, `max` Infinity for `"N+"`, empty when `min > max`. */
export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

/** Parses Kafka's version range syntax. */
export function parseVersions(spec: string): VersionRange {
  if (spec === 'none') return { min: 1, max: 0 };
  const plus = /^(\d+)\+$/.exec(spec);
  if (plus) return { min: Number(plus[1]), max: Infinity };
  const range = /^(\d+)-(\d+)$/.exec(spec);
  if (range) return { min: Number(range[1]), max: Number(range[2]) };
  if (/^\d+$/.test(spec)) return { min: Number(spec), max: Number(spec) };
  throw new Error(`bad version range '${spec}'`);
}

/** Whether `version` lies in `range` (a spec string or an absent one, which is empty). */
export function inVersions(spec: string | undefined, version: number): boolean {
  if (spec === undefined) return false;
  const r = parseVersions(spec);
  return version >= r.min && version <= r.max;
}

/** The scalar types. */
export type ScalarType = 'int8' | 'int16' | 'uint16' | 'int32' | 'int64' | 'float64' | 'bool' | 'string' | 'bytes' | 'uuid' | 'records';

const SCALARS: ReadonlySet<string> = new Set(['int8', 'int16', 'uint16', 'int32', 'int64', 'float64', 'bool', 'string', 'bytes', 'uuid', 'records']);

/** A field's type: a scalar, a struct, or an array of either. */
export type FieldType =
  | { readonly kind: 'scalar'; readonly scalar: ScalarType }
  | { readonly kind: 'struct'; readonly fields: readonly CompiledField[] }
  | { readonly kind: 'array'; readonly element: FieldType };

/** A field as one version of its message sees it. */
export interface CompiledField {
  /** The typed message's key (camelCase of the Kafka name). */
  readonly key: string;
  /** Kafka's name, for error messages. */
  readonly name: string;
  readonly type: FieldType;
  /** On the wire in this version (in the body or the tagged section). */
  readonly present: boolean;
  readonly nullable: boolean;
  /** The tag, when the field is tagged in this version. */
  readonly tag: number | undefined;
  readonly typed: boolean;
  readonly optional: boolean;
  readonly default: FieldDefault | undefined;
}

/** camelCase of a Kafka field name (`GroupId` -> `groupId`; already-camel names stay). */
export function camelCase(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The type of `field` (its `type` string plus nested fields), compiled for `version`. */
function compileType(type: string, field: FieldSchema, version: number): FieldType {
  if (type.startsWith('[]')) return { kind: 'array', element: compileType(type.slice(2), field, version) };
  if (SCALARS.has(type)) return { kind: 'scalar', scalar: type as ScalarType };
  if (field.fields === undefined) throw new Error(`field ${field.name}: struct type '${type}' without fields`);
  return { kind: 'struct', fields: compileFields(field.fields, version) };
}

/** The fields of a struct as `version` sees them. */
export function compileFields(fields: readonly FieldSchema[], version: number): readonly CompiledField[] {
  return fields.map((f) => ({
    key: camelCase(f.name),
    name: f.name,
    type: compileType(f.type, f, version),
    present: inVersions(f.versions, version),
    nullable: inVersions(f.nullableVersions, version),
    tag: inVersions(f.taggedVersions, version) ? f.tag : undefined,
    typed: f.typed !== false,
    optional: f.optional === true,
    default: f.default,
  }));
}

const compiled = new WeakMap<MessageSchema, Map<number, readonly CompiledField[]>>();

/** The fields of `schema` at `version`, compiled once and cached. */
export function fieldsAt(schema: MessageSchema, version: number): readonly CompiledField[] {
  let byVersion = compiled.get(schema);
  if (byVersion === undefined) compiled.set(schema, (byVersion = new Map()));
  let fields = byVersion.get(version);
  if (fields === undefined) byVersion.set(version, (fields = compileFields(schema.fields, version)));
  return fields;
}

/** Whether `version` of `schema` uses the flexible encoding (KIP-482). */
export function isFlexible(schema: MessageSchema, version: number): boolean {
  return inVersions(schema.flexibleVersions, version);
}
