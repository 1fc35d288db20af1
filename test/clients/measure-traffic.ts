/**
 * What a measured client's traffic contained, counted from the server's answer tap, and which
 * obligations that traffic gave the monitor a chance to check: an obligation with no violation
 * is reported `held` only when it was exercised, `not exercised` otherwise.
 */
import { errorCodeOf } from '../../src/conformance/client-obligations/state.js';
import type { ObligationId } from '../../src/conformance/client-obligations/index.js';
import { decodeSubscription } from '../../src/protocol/consumer-protocol/subscription.js';
import { errorName } from '../../src/protocol/errors.js';
import type { KafkaRequest, KafkaResponse } from '../../src/protocol/messages/index.js';
import type { Exchange } from '../../src/wire/server/index.js';

/** Counts of what the clients sent and were answered. */
export interface Traffic {
  /** Answered requests per API. */
  readonly requests: Record<string, number>;
  /** Group-related error answers, `Api ERROR_NAME` → count. */
  readonly errors: Record<string, number>;
  /** The highest generation a JoinGroup answer carried. */
  generation: number;
  /** The protocols (assignors) the coordinator chose. */
  readonly protocols: string[];
  /** Leader SyncGroups that carried assignments. */
  leaderAssignments: number;
  /** JoinGroups whose subscription declared owned partitions (ConsumerProtocol v1+). */
  ownedDeclared: number;
}

/** An empty count. */
export function newTraffic(): Traffic {
  return { requests: {}, errors: {}, generation: 0, protocols: [], leaderAssignments: 0, ownedDeclared: 0 };
}

/**
 * The error code of a group-related answer: the monitor's (errorCodeOf), plus FindCoordinator's,
 * which the counts also keep (NOT_COORDINATOR and friends).
 */
function errorCode(response: KafkaResponse): number {
  if (response.api === 'FindCoordinator') return response.coordinators.find((c) => c.errorCode !== 0)?.errorCode ?? response.errorCode;
  return errorCodeOf(response);
}

/** Whether a JoinGroup's first protocol declares owned partitions (undecodable bytes: no). */
function declaresOwned(request: KafkaRequest): boolean {
  if (request.api !== 'JoinGroup' || request.protocols.length === 0) return false;
  try {
    return decodeSubscription(request.protocols[0]!.metadata).ownedPartitions.length > 0;
  } catch {
    return false;
  }
}

/** Counts one answered exchange (feed it the answer tap). */
export function observeTraffic(t: Traffic, e: Exchange): void {
  if (e.response === undefined) return;
  const request = e.request as KafkaRequest;
  const response = e.response as KafkaResponse;
  t.requests[request.api] = (t.requests[request.api] ?? 0) + 1;
  const code = errorCode(response);
  if (code !== 0) t.errors[`${request.api} ${errorName(code)}`] = (t.errors[`${request.api} ${errorName(code)}`] ?? 0) + 1;
  if (declaresOwned(request)) t.ownedDeclared++;
  if (response.api === 'JoinGroup' && response.errorCode === 0) {
    t.generation = Math.max(t.generation, response.generationId);
    if (response.protocolName !== null && !t.protocols.includes(response.protocolName)) t.protocols.push(response.protocolName);
  }
  if (request.api === 'SyncGroup' && request.assignments.length > 0) t.leaderAssignments++;
}

/** Whether a request under a member id (not a FindCoordinator) was answered with one of `names`. */
function answered(t: Traffic, ...names: string[]): boolean {
  return Object.keys(t.errors).some((k) => !k.startsWith('FindCoordinator ') && names.includes(k.split(' ')[1]!));
}

/**
 * The obligations the traffic exercised: the requests or answers each rule is about were seen
 * (a rebalance of a formed group for the rebalance rules, an error answer for the reaction rules).
 */
export function exercisedRules(t: Traffic): Set<ObligationId> {
  const n = (api: string): number => t.requests[api] ?? 0;
  const cooperative = t.protocols.some((p) => p.includes('cooperative'));
  const rebalanced = t.generation > 1;
  const when: Record<ObligationId, boolean> = {
    'CO-01': n('JoinGroup') > 0,
    'CO-02': n('SyncGroup') > 0,
    'CO-03': t.leaderAssignments > 0,
    'CO-04': t.leaderAssignments > 0,
    'CO-05': t.leaderAssignments > 0,
    'CO-06': t.leaderAssignments > 0,
    'CO-07': t.leaderAssignments > 0,
    'CO-08': !cooperative && rebalanced && n('Fetch') > 0,
    'CO-09': n('Fetch') > 0,
    'CO-10': cooperative && rebalanced && n('Fetch') > 0,
    'CO-11': n('Fetch') > 0,
    'CO-12': n('OffsetCommit') > 0,
    'CO-13': n('OffsetCommit') > 0,
    'CO-14': rebalanced && n('OffsetCommit') > 0,
    'CO-15': n('LeaveGroup') > 0,
    'CO-16': n('Heartbeat') > 0,
    'CO-17': answered(t, 'NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE'),
    'CO-18': answered(t, 'REBALANCE_IN_PROGRESS'),
    'CO-19': answered(t, 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID'),
    'CO-20': t.ownedDeclared > 0,
    'CO-21': n('JoinGroup') > 0,
    // KIP-848 members: the measured clients speak the classic protocol, so these stay unexercised there.
    'CO-27': n('ConsumerGroupHeartbeat') > 0,
    'CO-28': answered(t, 'FENCED_MEMBER_EPOCH', 'UNKNOWN_MEMBER_ID') && n('ConsumerGroupHeartbeat') > 0,
    'CO-29': n('ConsumerGroupHeartbeat') > 0,
  };
  return new Set((Object.keys(when) as ObligationId[]).filter((r) => when[r]));
}
