/**
 * Kafka's `CooperativeStickyAssignor` (protocol name `cooperative-sticky`, KIP-429): the sticky
 * assignment, minus every partition that changes owner, so that its previous owner revokes it
 * first and a follow-up rebalance hands it over.
 *
 * @see spec/assignors-sticky.md
 * @packageDocumentation
 */
import { assignSticky } from './sticky/assign.js';
import type { AssignmentInput, GroupAssignment, PartitionAssignor } from './types.js';

export { encodeCooperativeUserData } from './sticky/user-data.js';

/** The protocol name of the cooperative sticky assignor. */
export const COOPERATIVE_STICKY_ASSIGNOR_NAME = 'cooperative-sticky';

/**
 * Computes the `cooperative-sticky` assignment (AS-20 to AS-48).
 *
 * @remarks
 * Owned partitions come from `ownedPartitions`, their generation from `generationId` or, for a
 * subscription without one, from the assignor's user data (AS-24). A partition taken from a
 * member that reported it is not given to its new owner in the same rebalance (AS-47).
 */
export function assignCooperativeSticky(input: AssignmentInput): GroupAssignment {
  return assignSticky(input, 'cooperative-sticky');
}

/**
 * The `cooperative-sticky` assignor (AS-20). Kafka lists COOPERATIVE before EAGER; the order
 * carries no preference because protocol selection sorts by protocol id (AS-21).
 */
export const cooperativeStickyAssignor: PartitionAssignor = {
  name: COOPERATIVE_STICKY_ASSIGNOR_NAME,
  supportedProtocols: ['COOPERATIVE', 'EAGER'],
  assign: assignCooperativeSticky,
};
