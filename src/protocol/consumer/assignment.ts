/**
 * Assignments of a consumer group (KIP-848): partitions by topic id, as the coordinator keeps
 * them, and the canonical list form records and responses carry.
 *
 * @remarks
 * A topic id is Kafka's printed uuid (base64url, 22 characters). Canonical order everywhere data
 * leaves the core (records, responses): topics by topic id, partitions ascending (STYLE rule 6).
 * @see spec/consumer-group.md
 */

/** Partitions by topic id. Immutable: replay replaces the map on every change. */
export type Assignment = ReadonlyMap<string, ReadonlySet<number>>;

/** The empty assignment. */
export const EMPTY_ASSIGNMENT: Assignment = new Map();

/** One topic's partitions in the canonical list form. */
export interface TopicIdPartitions {
  readonly topicId: string;
  readonly partitions: readonly number[];
}

/** The canonical list form: topics by id, partitions ascending, topics without partitions left out. */
export function assignmentToList(assignment: Assignment): TopicIdPartitions[] {
  return [...assignment]
    .filter(([, ps]) => ps.size > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([topicId, ps]) => ({ topicId, partitions: [...ps].sort((x, y) => x - y) }));
}

/** An assignment from the list form (duplicates merged, empty topics left out). */
export function assignmentFromList(list: readonly TopicIdPartitions[]): Assignment {
  const out = new Map<string, Set<number>>();
  for (const { topicId, partitions } of list) {
    if (partitions.length === 0) continue;
    let set = out.get(topicId);
    if (!set) out.set(topicId, (set = new Set()));
    for (const p of partitions) set.add(p);
  }
  return out;
}

/** Same topics and partitions. */
export function assignmentsEqual(a: Assignment, b: Assignment): boolean {
  let na = 0;
  for (const [t, ps] of a) {
    if (ps.size === 0) continue;
    na++;
    const qs = b.get(t);
    if (!qs || qs.size !== ps.size) return false;
    for (const p of ps) if (!qs.has(p)) return false;
  }
  let nb = 0;
  for (const ps of b.values()) if (ps.size > 0) nb++;
  return na === nb;
}
