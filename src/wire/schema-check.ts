/**
 * Static checks of a schema module against the rules of Kafka's message generator
 * (`generator/src/main/java/org/apache/kafka/message/MessageSpec.java`, `FieldSpec.java`).
 *
 * @remarks
 * A field that exists in no valid version, a tagged field outside the flexible versions, a
 * duplicate tag or a nullable int are mistakes in a schema module; the tests run {@link checkSchema} on every module.
 * @see spec/wire.md WIRE-01
 */
import { parseVersions, type FieldSchema, type MessageSchema, type VersionRange } from './schema.js';

function within(inner: VersionRange, outer: VersionRange): boolean {
  return inner.min > inner.max || (inner.min >= outer.min && inner.max <= outer.max);
}

function intersect(a: VersionRange, b: VersionRange): VersionRange {
  return { min: Math.max(a.min, b.min), max: Math.min(a.max, b.max) };
}

const NULLABLE_TYPES = /^(\[\]|string$|bytes$|records$|[A-Z])/;

function checkField(f: FieldSchema, parent: VersionRange, flexible: VersionRange, path: string, problems: string[]): void {
  const where = `${path}${f.name}`;
  const versions = intersect(parseVersions(f.versions), parent);
  if (versions.min > versions.max) problems.push(`${where}: exists in no valid version (versions ${f.versions})`);
  if (f.nullableVersions !== undefined) {
    if (!NULLABLE_TYPES.test(f.type)) problems.push(`${where}: type ${f.type} cannot be nullable`);
  }
  if (f.taggedVersions !== undefined) {
    const tagged = parseVersions(f.taggedVersions);
    if (f.tag === undefined) problems.push(`${where}: taggedVersions without a tag`);
    if (!within(intersect(tagged, parent), flexible)) problems.push(`${where}: tagged outside the flexible versions`);
  } else if (f.tag !== undefined) problems.push(`${where}: a tag without taggedVersions`);
  if (f.fields !== undefined) checkFields(f.fields, versions, flexible, `${where}.`, problems);
}

function checkFields(fields: readonly FieldSchema[], parent: VersionRange, flexible: VersionRange, path: string, problems: string[]): void {
  const tags = new Set<number>();
  for (const f of fields) {
    checkField(f, parent, flexible, path, problems);
    if (f.tag !== undefined) {
      if (tags.has(f.tag)) problems.push(`${path}${f.name}: duplicate tag ${f.tag}`);
      tags.add(f.tag);
    }
  }
}

/** Every problem in `schema`, as sentences; empty when the schema is sound. */
export function checkSchema(schema: MessageSchema): readonly string[] {
  const problems: string[] = [];
  const valid = parseVersions(schema.validVersions);
  if (valid.min > valid.max) problems.push(`${schema.name}: no valid version`);
  checkFields(schema.fields, valid, parseVersions(schema.flexibleVersions), `${schema.name}.`, problems);
  return problems;
}
