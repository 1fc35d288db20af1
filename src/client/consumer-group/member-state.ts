/**
 * The lifecycle of a KIP-848 member (`group.protocol=consumer`): the Java client's `MemberState`
 * values and the predecessors each one allows.
 *
 * @remarks
 * | state | meaning | left by |
 * | --- | --- | --- |
 * | `UNSUBSCRIBED` | not in the group (new, or left) | a poll with a subscription (JOINING) |
 * | `JOINING` | heartbeats with epoch 0, every field sent | an answer with an assignment (RECONCILING or STABLE), fencing, close, poll timeout, fatal error |
 * | `RECONCILING` | the target assignment differs from what the member owns: a poll commits, revokes, assigns | reconciliation done (ACKNOWLEDGING), fencing, close, poll timeout |
 * | `ACKNOWLEDGING` | reconciled: the next heartbeat (sent at once) reports the owned partitions | that heartbeat sent (STABLE, or RECONCILING if the target moved meanwhile) |
 * | `STABLE` | owns its target assignment; routine heartbeats | a new assignment (RECONCILING), fencing, close, poll timeout |
 * | `FENCED` | FENCED_MEMBER_EPOCH or UNKNOWN_MEMBER_ID: its partitions are lost | a poll runs onPartitionsLost, then JOINING with epoch 0 |
 * | `PREPARE_LEAVING` | close: commit, onPartitionsRevoked | callbacks done (LEAVING) |
 * | `LEAVING` | the heartbeat with epoch -1 (static: -2) is due | that heartbeat sent (UNSUBSCRIBED, or STALE after a poll timeout) |
 * | `STALE` | left because the application stopped polling | the next poll: onPartitionsLost, JOINING |
 * | `FATAL` | an unrecoverable error, raised by every poll | close |
 * @see spec/consumer-member.md CL-35
 * @see MemberState.java, Kafka 4.0
 * @packageDocumentation
 */
import { invariant } from '../../protocol/invariant.js';

/** The states of a KIP-848 member, with the Java client's names. */
export const GROUP_MEMBER_STATES = ['UNSUBSCRIBED', 'JOINING', 'RECONCILING', 'ACKNOWLEDGING', 'STABLE', 'FENCED', 'PREPARE_LEAVING', 'LEAVING', 'STALE', 'FATAL'] as const;

/** A lifecycle state of a KIP-848 member. */
export type GroupMemberState = (typeof GROUP_MEMBER_STATES)[number];

/** The states each state may be entered from (Kafka 4.0's `MemberState.previousValidStates`). */
export const PREVIOUS_STATES: Readonly<Record<GroupMemberState, readonly GroupMemberState[]>> = {
  UNSUBSCRIBED: ['PREPARE_LEAVING', 'LEAVING', 'FENCED'],
  JOINING: ['FENCED', 'UNSUBSCRIBED', 'STALE'],
  RECONCILING: ['STABLE', 'JOINING', 'ACKNOWLEDGING', 'RECONCILING'],
  ACKNOWLEDGING: ['RECONCILING'],
  STABLE: ['JOINING', 'ACKNOWLEDGING', 'RECONCILING'],
  FENCED: ['JOINING', 'STABLE', 'RECONCILING', 'ACKNOWLEDGING', 'PREPARE_LEAVING', 'LEAVING'],
  PREPARE_LEAVING: ['JOINING', 'STABLE', 'RECONCILING', 'ACKNOWLEDGING', 'UNSUBSCRIBED'],
  LEAVING: ['PREPARE_LEAVING'],
  STALE: ['LEAVING'],
  FATAL: ['JOINING', 'STABLE', 'RECONCILING', 'ACKNOWLEDGING', 'PREPARE_LEAVING', 'LEAVING', 'UNSUBSCRIBED'],
};

/**
 * Asserts that `from -> to` is one of the Java client's transitions (CL-35).
 *
 * @throws InvariantViolation naming CL-35 otherwise.
 */
export function assertTransition(from: GroupMemberState, to: GroupMemberState, who: string): void {
  invariant(PREVIOUS_STATES[to].includes(from), 'CL-35', () => `member ${who}: ${from} -> ${to} is not a transition of MemberState`);
}

/** Whether a member in `state` is in the group, so it heartbeats (the Java `HeartbeatRequestManager`'s `shouldSkipHeartbeat`, negated). */
export function heartbeats(state: GroupMemberState): boolean {
  return state === 'JOINING' || state === 'RECONCILING' || state === 'ACKNOWLEDGING' || state === 'STABLE' || state === 'LEAVING';
}
