/**
 * The consumer protocol seen from one member: the subscription it puts in each JoinGroup
 * protocol, and the assignment its leader computes for the group.
 *
 * @remarks
 * As Kafka's `ConsumerCoordinator.metadata()`: one protocol per configured assignor, in
 * preference order, each with a ConsumerProtocol subscription (v3) carrying the subscribed
 * topics, the assignor's user data, the partitions the member owns, its generation and its
 * rack. `sticky` puts the member's last assignment and its generation in the user data,
 * `cooperative-sticky` the generation alone (as Kafka's assignors do). As Kafka's
 * `onLeaderElected`: the leader decodes every member's subscription and runs the assignor the
 * coordinator selected over the metadata of every subscribed topic.
 * @see spec/consumer-member.md CL-22
 * @packageDocumentation
 */
import { encodeCooperativeUserData } from '../protocol/assignors/cooperative-sticky.js';
import { encodeStickyUserData } from '../protocol/assignors/sticky.js';
import type { MemberSubscription, PartitionAssignor, TopicMetadata } from '../protocol/assignors/types.js';
import { encodeAssignment, encodeSubscription } from '../protocol/consumer-protocol/index.js';
import { decodeMemberSubscription } from '../protocol/consumer-protocol/subscription.js';
import type { JoinGroupProtocol, JoinGroupResponseMember, SyncGroupAssignment } from '../protocol/messages/index.js';
import { ConsumerError } from './errors.js';
import { sortedTps, type TopicPartition } from './types.js';

/** What a member reports about itself when it joins. */
export interface JoinState {
  readonly topics: readonly string[];
  /** The partitions it owns now (eager members have revoked them all). */
  readonly owned: readonly TopicPartition[];
  /** Its current generation id, -1 when it has none. */
  readonly generationId: number;
  /** Its last assignment and that assignment's generation, for the sticky assignors' user data. */
  readonly lastAssignment: { readonly partitions: readonly TopicPartition[]; readonly generationId: number } | null;
  readonly rack: string | null;
}

/** The assignor's user data, as each of Kafka's assignors writes it (`subscriptionUserData`). */
function userData(assignor: PartitionAssignor, state: JoinState): Uint8Array | null {
  if (assignor.name === 'sticky') {
    return state.lastAssignment === null ? null : encodeStickyUserData({ partitions: state.lastAssignment.partitions, generation: state.lastAssignment.generationId });
  }
  if (assignor.name === 'cooperative-sticky') return encodeCooperativeUserData(state.lastAssignment?.generationId ?? -1);
  return null;
}

/** CL-22: the JoinGroup protocols of a member, one per assignor in preference order. */
export function joinProtocols(assignors: readonly PartitionAssignor[], state: JoinState): JoinGroupProtocol[] {
  return assignors.map((assignor) => ({
    name: assignor.name,
    metadata: encodeSubscription({
      topics: [...state.topics],
      userData: userData(assignor, state),
      ownedPartitions: sortedTps(state.owned),
      generationId: state.generationId,
      rackId: state.rack,
    }),
  }));
}

/** The leader's decoded view of the group (Kafka's `GroupSubscription`). */
export interface GroupSubscription {
  readonly members: readonly MemberSubscription[];
  /** Every topic some member subscribes to, sorted. */
  readonly topics: readonly string[];
}

/** Decodes the members of a JoinGroup answer (the leader's copy). */
export function decodeGroupSubscription(members: readonly JoinGroupResponseMember[]): GroupSubscription {
  const decoded = members.map((m) => {
    try {
      return decodeMemberSubscription(m.memberId, m.groupInstanceId, m.metadata);
    } catch (e) {
      throw new ConsumerError('GroupFatal', `cannot decode the subscription of member ${m.memberId}: ${(e as Error).message}`, { cause: e });
    }
  });
  const topics = [...new Set(decoded.flatMap((m) => m.topics))].sort();
  return { members: decoded, topics };
}

/**
 * CL-22: runs `assignor` over the group and encodes each member's assignment, members in the
 * order of the JoinGroup answer. A member the assignor leaves out gets an empty assignment.
 */
export function performAssignment(assignor: PartitionAssignor, group: GroupSubscription, topics: readonly TopicMetadata[]): SyncGroupAssignment[] {
  const result = assignor.assign({ members: group.members, topics });
  return group.members.map((m) => ({
    memberId: m.memberId,
    assignment: encodeAssignment({ partitions: result.get(m.memberId) ?? [], userData: null }),
  }));
}
