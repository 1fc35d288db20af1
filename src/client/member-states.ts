/**
 * The classic member's generation and the moves its lifecycle allows (CL-01..CL-20), apart from
 * the member's machinery so that each stays one concern.
 * @packageDocumentation
 */
import type { ConsumerMemberState } from './types.js';

/** Kafka's `Generation`: what the member's last successful JoinGroup gave it. */
export interface Generation {
  readonly generationId: number;
  readonly memberId: string;
  readonly protocolName: string | null;
}

/** No generation, no member id (Kafka's `Generation.NO_GENERATION`). */
export const NO_GENERATION: Generation = { generationId: -1, memberId: '', protocolName: null };

/** The states each state of the classic member may move to (`GroupMember.to` in member.ts asserts it). */
export const MEMBER_NEXT_STATES: Readonly<Record<ConsumerMemberState, readonly ConsumerMemberState[]>> = {
  unjoined: ['discovering', 'preparingRebalance', 'left'],
  discovering: ['preparingRebalance', 'left'],
  preparingRebalance: ['completingRebalance', 'discovering', 'fatal', 'leaving', 'left'],
  completingRebalance: ['stable', 'preparingRebalance', 'discovering', 'unjoined', 'fatal', 'leaving', 'left'],
  stable: ['preparingRebalance', 'unjoined', 'fatal', 'leaving', 'left'],
  leaving: ['left'],
  fatal: ['left'],
  left: [],
};
