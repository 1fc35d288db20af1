/**
 * Read access to a coordinator's committed offsets, in one canonical order.
 *
 * @remarks
 * Kafka keeps a group's offsets in hash maps, so the order of an "all topics" OffsetFetch, of
 * the tombstones of DeleteGroups and of expiration is unspecified there. Ours is topic name
 * (UTF-16 code unit order), then partition index ascending (OF-06).
 * @see spec/offsets.md OF-06
 */
import type { CoordinatorState, CommittedOffset } from '../replay.js';
import { offsetKey } from '../replay.js';

/** The group's committed offset of a topic partition, if any. */
export function committedOffset(state: CoordinatorState, groupId: string, topic: string, partition: number): CommittedOffset | undefined {
  return state.offsets.get(groupId)?.get(offsetKey(topic, partition));
}

/** Every committed offset of the group, by topic name then partition index. */
export function sortedOffsets(state: CoordinatorState, groupId: string): CommittedOffset[] {
  const offsets = state.offsets.get(groupId);
  if (offsets === undefined) return [];
  return [...offsets.values()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
}

/** Groups a sorted list of offsets by topic, keeping the order. */
export function byTopic(offsets: readonly CommittedOffset[]): { readonly topic: string; readonly offsets: CommittedOffset[] }[] {
  const out: { topic: string; offsets: CommittedOffset[] }[] = [];
  for (const o of offsets) {
    const last = out[out.length - 1];
    if (last !== undefined && last.topic === o.topic) last.offsets.push(o);
    else out.push({ topic: o.topic, offsets: [o] });
  }
  return out;
}
