/**
 * Rack information for rack-aware sticky assignment (KIP-881; Kafka's
 * `AbstractStickyAssignor.RackInfo` and `AbstractPartitionAssignor.useRackAwareAssignment`).
 *
 * @remarks
 * Racks are numbered in the order members name them; a partition's rack list keeps only racks
 * some member is on, because only those can match. Nothing is allocated per partition unless
 * rack-aware assignment is in use.
 *
 * @see spec/assignors-sticky.md (AS-45, AS-46)
 * @packageDocumentation
 */
import type { MemberSubscription } from '../types.js';
import type { GroupIndex } from './group-index.js';

/** Rack information; when `aware` is false every other field is empty. */
export interface RackInfo {
  /** Whether rack-aware assignment is in use (AS-45). */
  readonly aware: boolean;
  /** Each member's rack number, -1 for a member without a rack. */
  readonly memberRack: Int32Array;
  /** Partition `g`'s member racks are `partitionRacks[rackStart[g] .. rackStart[g + 1]]`. */
  readonly rackStart: Int32Array;
  /** The member racks of every partition, one partition after the other. */
  readonly partitionRacks: Int32Array;
  /** How many members (subscribed or not) are on one of each partition's racks. */
  readonly membersOnRacks: Int32Array;
}

const NOT_AWARE: RackInfo = {
  aware: false,
  memberRack: new Int32Array(0),
  rackStart: new Int32Array(0),
  partitionRacks: new Int32Array(0),
  membersOnRacks: new Int32Array(0),
};

/** The member's rack, or null when it has none; Kafka ignores an empty `client.rack`. */
function rackOf(member: MemberSubscription): string | null {
  return member.rackId === null || member.rackId === '' ? null : member.rackId;
}

/** The distinct replica racks of partition `p` of a topic (empty when the metadata has none). */
function replicaRacks(racks: readonly (readonly string[])[] | undefined, p: number): Set<string> {
  return new Set(racks?.[p] ?? []);
}

/**
 * Whether Kafka would use rack-aware assignment (AS-45): some member has a rack, some member
 * rack holds a replica, and not every partition has replicas on every rack that holds any.
 */
function useRackAware(index: GroupIndex, memberRacks: ReadonlySet<string>): boolean {
  const all = new Set<string>();
  const perPartition: number[] = [];
  for (const topic of index.topicMetadata) {
    for (let p = 0; p < topic.partitionCount; p++) {
      const racks = replicaRacks(topic.partitionRacks, p);
      for (const rack of racks) all.add(rack);
      perPartition.push(racks.size);
    }
  }
  let overlap = false;
  for (const rack of memberRacks) if (all.has(rack)) overlap = true;
  // Each partition's racks are a subset of the union, so equal sizes mean equal sets.
  return overlap && perPartition.some((size) => size !== all.size);
}

/** Builds the rack information of a group (AS-45). */
export function buildRackInfo(index: GroupIndex): RackInfo {
  const rackNumber = new Map<string, number>();
  const memberRack = new Int32Array(index.members.length).fill(-1);
  const membersPerRack: number[] = [];
  index.members.forEach((member, m) => {
    const rack = rackOf(member);
    if (rack === null) return;
    let r = rackNumber.get(rack);
    if (r === undefined) {
      r = membersPerRack.length;
      rackNumber.set(rack, r);
      membersPerRack.push(0);
    }
    memberRack[m] = r;
    membersPerRack[r] = (membersPerRack[r] as number) + 1;
  });
  if (rackNumber.size === 0 || !useRackAware(index, new Set(rackNumber.keys()))) return NOT_AWARE;

  const total = index.partitionCount;
  const rackStart = new Int32Array(total + 1);
  const racks: number[] = [];
  const membersOnRacks = new Int32Array(total);
  let g = 0;
  for (const topic of index.topicMetadata) {
    for (let p = 0; p < topic.partitionCount; p++, g++) {
      rackStart[g] = racks.length;
      for (const rack of replicaRacks(topic.partitionRacks, p)) {
        const r = rackNumber.get(rack);
        if (r === undefined) continue;
        racks.push(r);
        membersOnRacks[g] = (membersOnRacks[g] as number) + (membersPerRack[r] as number);
      }
    }
  }
  rackStart[total] = racks.length;
  return { aware: true, memberRack, rackStart, partitionRacks: Int32Array.from(racks), membersOnRacks };
}

/** Whether partition `g` has a replica on member rack `r`. */
export function partitionOnRack(info: RackInfo, g: number, r: number): boolean {
  const end = info.rackStart[g + 1] as number;
  for (let i = info.rackStart[g] as number; i < end; i++) if (info.partitionRacks[i] === r) return true;
  return false;
}

/**
 * Kafka's `racksMismatch` (AS-46): rack-aware assignment is in use, the member has a rack, and
 * the partition has no replica on it.
 */
export function racksMismatch(info: RackInfo, m: number, g: number): boolean {
  if (!info.aware) return false;
  const r = info.memberRack[m] as number;
  return r >= 0 && !partitionOnRack(info, g, r);
}
