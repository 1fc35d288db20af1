/**
 * The assignment shared by `sticky` and `cooperative-sticky` (Kafka's
 * `AbstractStickyAssignor.assignPartitions`), and the cooperative adjustment of
 * `CooperativeStickyAssignor.assignPartitions`.
 *
 * @see spec/assignors-sticky.md
 * @packageDocumentation
 */
import type { AssignmentInput, GroupAssignment, TopicPartition } from '../types.js';
import { cooperativeClaims, stickyClaims, TopicNameLookup } from './claims.js';
import { assignConstrained, type BuiltAssignment } from './constrained.js';
import { assignGeneral } from './general.js';
import { indexGroup, type GroupIndex } from './group-index.js';
import { resolveOwnership, type Ownership } from './ownership.js';
import { buildRackInfo } from './racks.js';
import { DEFAULT_GENERATION } from './user-data.js';

/** Which of the two sticky assignors runs: they differ only in their inputs and the cooperative step. */
export type StickyFlavor = 'sticky' | 'cooperative-sticky';

/**
 * The general path's transfers (AS-47, Kafka's `computePartitionsTransferringOwnership`): a
 * partition given to a member that did not list it among its owned partitions while some other
 * member that listed it loses it.
 */
function transfersFromOwned(index: GroupIndex, ownership: Ownership, lists: readonly Int32Array[]): Uint8Array {
  const total = index.partitionCount;
  const finalOwner = new Int32Array(total).fill(-1);
  lists.forEach((list, m) => list.forEach((g) => (finalOwner[g] = m)));
  const revoked = new Uint8Array(total);
  const keptByLister = new Uint8Array(total);
  const { claims, claimStart } = ownership;
  for (let m = 0; m < lists.length; m++) {
    for (let i = claimStart[m] as number; i < (claimStart[m + 1] as number); i++) {
      const g = claims[i] as number;
      if (finalOwner[g] === m) keptByLister[g] = 1;
      else revoked[g] = 1;
    }
  }
  const transferring = new Uint8Array(total);
  for (let g = 0; g < total; g++) {
    if (revoked[g] === 1 && keptByLister[g] === 0 && (finalOwner[g] as number) >= 0) transferring[g] = 1;
  }
  return transferring;
}

/**
 * Turns per-member partition numbers into the assignors' output (AS-48): one entry per member
 * in member id order, each list in Kafka's order, without the partitions in `removed`.
 */
function toGroupAssignment(index: GroupIndex, lists: readonly Int32Array[], removed: Uint8Array | null): GroupAssignment {
  const { topicNames, topicOf, topicStart } = index;
  const assignment: GroupAssignment = new Map();
  index.members.forEach((member, m) => {
    const out: TopicPartition[] = [];
    for (const g of lists[m] as Int32Array) {
      if (removed !== null && removed[g] === 1) continue;
      const t = topicOf[g] as number;
      out.push({ topic: topicNames[t] as string, partition: g - (topicStart[t] as number) });
    }
    assignment.set(member.memberId, out);
  });
  return assignment;
}

/**
 * Computes a sticky assignment (AS-20 to AS-48).
 *
 * @remarks
 * Index the group; read each member's owned partitions and generation the way the flavor does
 * (AS-22, AS-24); resolve conflicting claims (AS-26); take the constrained path when every
 * member subscribes to the same topics, else the general path (AS-28); for
 * `cooperative-sticky`, hold back every partition that changes owner (AS-47).
 *
 * @throws InvalidRequestError on malformed input (AS-49).
 * @throws InvariantViolation if the constrained path's quotas do not add up, which Kafka
 * reports as an `IllegalStateException` (AS-49).
 */
export function assignSticky(input: AssignmentInput, flavor: StickyFlavor): GroupAssignment {
  const index = indexGroup(input);
  if (index.members.length === 0) return new Map();
  const lookup = flavor === 'sticky' ? new TopicNameLookup(index) : null;
  const data = index.members.map((member) =>
    lookup === null ? cooperativeClaims(member, index) : stickyClaims(member, lookup),
  );
  const protocolGeneration = Int32Array.from(index.members, (member) =>
    member.generationId >= 0 ? member.generationId : DEFAULT_GENERATION,
  );
  const ownership = resolveOwnership(index, data, protocolGeneration);
  const racks = buildRackInfo(index);
  const built: BuiltAssignment = index.identicalSubscriptions
    ? assignConstrained(index, ownership, racks)
    : assignGeneral(index, ownership, racks);
  const removed =
    flavor === 'cooperative-sticky' ? (built.transferring ?? transfersFromOwned(index, ownership, built.lists)) : null;
  return toGroupAssignment(index, built.lists, removed);
}
