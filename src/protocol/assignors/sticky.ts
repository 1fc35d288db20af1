/**
 * Kafka's `StickyAssignor` (protocol name `sticky`, eager rebalancing only): a balanced
 * assignment that keeps as many of each member's previous partitions as balance allows, with
 * the previous partitions read from the assignor's own user data.
 *
 * @see spec/assignors-sticky.md
 * @packageDocumentation
 */
import { assignSticky } from './sticky/assign.js';
import type { AssignmentInput, GroupAssignment, PartitionAssignor } from './types.js';

export { decodeStickyUserData, encodeStickyUserData, type MemberData } from './sticky/user-data.js';

/** The protocol name of the sticky assignor. */
export const STICKY_ASSIGNOR_NAME = 'sticky';

/**
 * Computes the `sticky` assignment (AS-20 to AS-46, AS-48).
 *
 * @remarks
 * Owned partitions and their generation come from each member's `userData` (AS-22, AS-23),
 * never from `ownedPartitions`, exactly as Kafka's eager `StickyAssignor` reads them.
 */
export function assignStickyEager(input: AssignmentInput): GroupAssignment {
  return assignSticky(input, 'sticky');
}

/** The `sticky` assignor (AS-20). */
export const stickyAssignor: PartitionAssignor = {
  name: STICKY_ASSIGNOR_NAME,
  supportedProtocols: ['EAGER'],
  assign: assignStickyEager,
};
