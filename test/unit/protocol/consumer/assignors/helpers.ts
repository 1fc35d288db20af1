/**
 * Builders for server-assignor tests, in the shape of Kafka's own tests (`GroupSpecImpl`,
 * `MemberSubscriptionAndAssignmentImpl`, `SubscribedTopicDescriberImpl`, `mkAssignment`,
 * `mkTopicAssignment`, `AssignmentTestUtil.invertedTargetAssignment`).
 */
import type { Assignment } from '../../../../../src/protocol/consumer/assignment.js';
import type { GroupAssignment, GroupSpec, MemberSubscriptionSpec, SubscribedTopicDescriber, SubscriptionType } from '../../../../../src/protocol/consumer/assignor.js';
import { createGroupSpec, topicDescriber } from '../../../../../src/protocol/consumer/group-spec.js';

/**
 * A topic id as Kafka prints one: 16 bytes in base64url without padding (22 characters). The
 * bytes come from `n`, so ids are fixed across runs and ordered as `n` is under Kafka's
 * `Uuid.compareTo` (the first byte stays below 0x80: a positive most significant half).
 */
export function topicId(n: number): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUInt32BE(0x10000000 + n, 0);
  bytes.writeUInt32BE(n * 2654435761 >>> 0, 12);
  return bytes.toString('base64url');
}

export const T1 = topicId(1);
export const T2 = topicId(2);
export const T3 = topicId(3);
export const T4 = topicId(4);
export const T5 = topicId(5);
export const T6 = topicId(6);
/** The fixed topic ids of Kafka's uniform assignor tests (`Uuid.fromString("T1-A4s3VTwiI5CTbEp6POw")`, ...). */
export const K1 = 'T1-A4s3VTwiI5CTbEp6POw';
export const K2 = 'T2-B4s3VTwiI5YHbPp6YUe';
export const K3 = 'T3-CU8fVTLCz5YMkLoDQsa';
export const K4 = 'T4-Tw9fVTLCz5HbPp6YQsa';
const NAMES = new Map([
  [T1, 'topic1'], [T2, 'topic2'], [T3, 'topic3'], [T4, 'topic4'], [T5, 'topic5'], [T6, 'topic6'],
  [K1, 'topic1'], [K2, 'topic2'], [K3, 'topic3'], [K4, 'topic4'],
]);

/** `mkTopicAssignment(topicId, ...partitions)` */
export function tp(topic: string, ...partitions: number[]): [string, number[]] {
  return [topic, partitions];
}

/** `mkAssignment(...)` */
export function mk(...topics: [string, number[]][]): Assignment {
  return new Map(topics.map(([t, ps]) => [t, new Set(ps)]));
}

/** One member: its subscription, instance id and current target. */
export interface MemberDef {
  readonly topics: readonly string[];
  readonly instanceId?: string;
  readonly assignment?: Assignment;
}

/** A group spec over members in the given order, the inverted target built from their targets. */
export function group(members: Record<string, MemberDef> | [string, MemberDef][], type: SubscriptionType): GroupSpec {
  const entries = Array.isArray(members) ? members : Object.entries(members);
  const specs = new Map<string, MemberSubscriptionSpec>(
    entries.map(([id, m]) => [
      id,
      { rackId: null, instanceId: m.instanceId ?? null, subscribedTopicIds: new Set(m.topics), assignedPartitions: m.assignment ?? new Map() },
    ]),
  );
  return createGroupSpec(specs, type);
}

/** `new SubscribedTopicDescriberImpl(...)` from partition counts. */
export function topics(counts: Record<string, number> | [string, number][]): SubscribedTopicDescriber {
  return topicDescriber(new Map(Array.isArray(counts) ? counts : Object.entries(counts)));
}

/** An assignment as plain data, topics by name and partitions ascending, for deep equality. */
export function show(assignment: Assignment): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  const keys = [...assignment.keys()].sort((a, b) => (NAMES.get(a) ?? a).localeCompare(NAMES.get(b) ?? b));
  for (const t of keys) {
    const ps = assignment.get(t)!;
    if (ps.size > 0) out[NAMES.get(t) ?? t] = [...ps].sort((x, y) => x - y);
  }
  return out;
}

/** Every member's assignment as plain data. */
export function showAll(result: GroupAssignment): Record<string, Record<string, number[]>> {
  return Object.fromEntries([...result].map(([id, a]) => [id, show(a)]));
}

/** Partition counts of every member. */
export function sizes(result: GroupAssignment): Record<string, number> {
  return Object.fromEntries([...result].map(([id, a]) => [id, [...a.values()].reduce((n, s) => n + s.size, 0)]));
}
