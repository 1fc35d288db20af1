/**
 * Assignments compared as sets (CONF-18): Kafka lists a member's partitions in no defined order,
 * and where its assignor leaves a choice open, a scenario states how many partitions of a topic
 * a member gets and what they must not overlap, not which ones.
 */
import type { TopicIdPartitions } from '../protocol/consumer/assignment.js';
import type { AssignedPattern } from './consumer-scenario.js';
import { TOPIC_ID_VAR } from './consumer-scenario.js';

/** What did not match, in the words of a report. */
export interface AssignmentMismatch {
  readonly expected: string;
  readonly actual: string;
}

/** Partitions by topic id, from a list of `{ topicId, partitions }` or an object with `topicPartitions`; undefined when it is neither. */
function partitionsOf(actual: unknown): Map<string, Set<number>> | undefined {
  const list = Array.isArray(actual) ? actual : typeof actual === 'object' && actual !== null && Array.isArray((actual as { topicPartitions?: unknown }).topicPartitions) ? (actual as { topicPartitions: unknown[] }).topicPartitions : undefined;
  if (list === undefined) return undefined;
  const out = new Map<string, Set<number>>();
  for (const entry of list) {
    const { topicId, partitions } = (entry ?? {}) as { topicId?: unknown; partitions?: unknown };
    if (typeof topicId !== 'string' || !Array.isArray(partitions)) return undefined;
    const set = out.get(topicId) ?? new Set<number>();
    for (const p of partitions) set.add(p as number);
    if (set.size > 0) out.set(topicId, set);
  }
  return out;
}

/** The canonical list form: topics by id, partitions ascending (what a request sends back). */
export function canonicalList(parts: ReadonlyMap<string, ReadonlySet<number>>): TopicIdPartitions[] {
  return [...parts]
    .filter(([, ps]) => ps.size > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([topicId, ps]) => ({ topicId, partitions: [...ps].sort((x, y) => x - y) }));
}

/** Renders partitions by topic name where the id is a scenario topic's (`t:[0,1]`), else by id. */
function describe(parts: ReadonlyMap<string, ReadonlySet<number>>, names: ReadonlyMap<string, string>): string {
  const text = canonicalList(parts).map((t) => `${names.get(t.topicId) ?? t.topicId}:[${t.partitions.join(',')}]`);
  return `{${text.join(' ')}}`;
}

/**
 * Matches an assignment pattern against an actual assignment; on success binds the pattern's
 * variable (in `bindings`) and returns undefined.
 */
export function matchAssigned(pattern: AssignedPattern, actual: unknown, bindings: Map<string, unknown>): AssignmentMismatch | undefined {
  const names = new Map<string, string>();
  for (const [k, v] of bindings) if (k.startsWith(TOPIC_ID_VAR) && typeof v === 'string') names.set(v, k.slice(TOPIC_ID_VAR.length));
  const wanted = Object.entries(pattern.topics).map(([t, p]) => `${t}:${typeof p === 'number' ? `${p} partitions` : `[${p.join(',')}]`}`).join(' ');
  const parts = partitionsOf(actual);
  const shown = parts === undefined ? JSON.stringify(actual) : describe(parts, names);
  const fail = (why: string): AssignmentMismatch => ({ expected: `the assignment {${wanted}}${why}`, actual: shown });
  if (parts === undefined) return fail('');
  if (pattern.equalTo !== undefined) return matchEqual(pattern, parts, bindings, names, shown);
  const ids = new Set<string>();
  for (const [topic, spec] of Object.entries(pattern.topics)) {
    const id = bindings.get(`${TOPIC_ID_VAR}${topic}`);
    if (typeof id !== 'string') return fail(` (the id of topic ${topic} is unknown)`);
    ids.add(id);
    const got = parts.get(id) ?? new Set<number>();
    if (typeof spec === 'number' ? got.size !== spec : got.size !== new Set(spec).size || spec.some((p) => !got.has(p))) return fail('');
  }
  for (const id of parts.keys()) if (!ids.has(id)) return fail('');
  for (const v of pattern.disjointFrom ?? []) {
    const other = partitionsOf(bindings.get(v));
    if (other === undefined) return fail(` (no assignment in $${v} to compare with)`);
    for (const [id, ps] of parts) for (const p of ps) if (other.get(id)?.has(p)) return fail(`, sharing no partition with $${v} = ${describe(other, names)}`);
  }
  if (pattern.bind !== undefined) bindings.set(pattern.bind, canonicalList(parts));
  return undefined;
}

/** {@link AssignedPattern.equalTo}: the same partitions as the variable's assignment. */
function matchEqual(pattern: AssignedPattern, parts: ReadonlyMap<string, ReadonlySet<number>>, bindings: Map<string, unknown>, names: ReadonlyMap<string, string>, shown: string): AssignmentMismatch | undefined {
  const v = pattern.equalTo!;
  const other = partitionsOf(bindings.get(v));
  if (other === undefined) return { expected: `the assignment in $${v} (unbound)`, actual: shown };
  const same = other.size === parts.size && [...other].every(([id, ps]) => parts.get(id)?.size === ps.size && [...ps].every((p) => parts.get(id)!.has(p)));
  if (!same) return { expected: `the assignment in $${v} = ${describe(other, names)}`, actual: shown };
  if (pattern.bind !== undefined) bindings.set(pattern.bind, canonicalList(parts));
  return undefined;
}
