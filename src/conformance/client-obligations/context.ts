/**
 * What the monitor's check modules need from the monitor: its state, what the cluster told
 * clients about topics, and a way to report.
 *
 * @packageDocumentation
 */
import type { Evidence, ObligationId, ObservedExchange } from './types.js';
import type { GroupState, MemberState } from './state.js';

/** Who a violation is about. */
export interface Culprit {
  readonly groupId: string;
  readonly memberId: string;
  readonly clientId: string | null;
  readonly generationId: number;
}

/** The monitor as its checks see it. */
export interface MonitorContext {
  readonly graceMs: number;
  /**
   * Reports `rule` broken by `who` at `atMs`; a second report with the same rule, member,
   * generation and `key` only counts an occurrence (CO-23).
   */
  report(rule: ObligationId, who: Culprit, atMs: number, message: string, evidence: readonly Evidence[], key?: string): void;
  /** The group, created on first use. */
  group(groupId: string): GroupState;
  member(groupId: string, memberId: string): MemberState | undefined;
  /** Every member of a group the monitor knows, in the order first seen. */
  membersOf(groupId: string): MemberState[];
  /** Members whose client id is `clientId` and that have not left, been expelled or forgotten. */
  liveMembersOf(clientId: string): MemberState[];
  /** Records that the read checks of `clientId` could not be made (CO-22). */
  unchecked(clientId: string, members: readonly MemberState[], atMs: number): void;
  /** The partition count of `topic` as `clientId` last heard it (else the largest any Metadata answer gave). */
  partitionCount(topic: string, clientId?: string | null): number | undefined;
  /** The name of a topic id from Metadata answers. */
  topicName(topicId: string): string | undefined;
  /** Whether `protocolName` is a cooperative assignor. */
  isCooperative(protocolName: string | null): boolean;
}

/**
 * CO-23: whether `e`, seen after an event at `sinceMs`, was clearly sent after it: always on the
 * same connection (`connectionId`, when the event was a request there: one connection keeps
 * the order of what is sent on it), otherwise only more than the grace period later.
 */
export function clearlyAfter(ctx: MonitorContext, e: ObservedExchange, sinceMs: number, connectionId?: string): boolean {
  if (connectionId !== undefined && String(e.connectionId) === connectionId) return true;
  return e.atMs > sinceMs + ctx.graceMs;
}
