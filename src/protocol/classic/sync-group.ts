/**
 * SyncGroup (api key 14), versions 0-5: the coordinator side.
 * @see spec/sync-group.md
 * @see Kafka `GroupMetadataManager.classicGroupSync`
 */
import { ErrorCodes } from '../errors.js';
import { validateMember } from '../group.js';
import type { RequestEnvelope, SyncGroupRequest } from '../messages/index.js';
import { newGroupMetadataRecord } from '../records.js';
import type { CoordinatorState } from '../replay.js';
import { scheduleSession, transition } from './rebalance.js';
import { syncGroupError, syncGroupSuccess } from './responses.js';
import type { HandlerContext, HandlerResult } from './txn.js';
import { GroupTxn, syncTimerKey } from './txn.js';

/** Handles a SyncGroup request. */
export function syncGroup(state: CoordinatorState, env: RequestEnvelope<SyncGroupRequest>, ctx: HandlerContext): HandlerResult {
  const { request: req, requestId } = env;
  const txn = new GroupTxn(state, req.groupId, ctx);
  const error = rejectSync(txn, req);
  if (error !== ErrorCodes.NONE) {
    txn.respond(requestId, syncGroupError(error));
    return txn.result();
  }
  const g = txn.existing();
  if (g.state === 'Stable') {
    if (g.pendingSyncMembers.has(req.memberId)) markSynced(txn, req.memberId, null);
    // The stored assignment is returned; a leader's new assignments are ignored here.
    txn.respond(requestId, syncGroupSuccess(req.version, g, g.members.get(req.memberId)!.assignment));
    return txn.result();
  }
  // CompletingRebalance: park; the leader's request stores the assignment and answers everyone.
  markSynced(txn, req.memberId, { requestId, version: req.version });
  if (txn.existing().leaderId === req.memberId) storeAssignment(txn, req);
  return txn.result();
}

/** The checks of SyncGroup in Kafka's order; NONE when the request may proceed. */
function rejectSync(txn: GroupTxn, req: SyncGroupRequest): number {
  // KIP-559: from v5 both fields are mandatory (checked in Kafka's API layer, before anything else).
  if (req.version >= 5 && (req.protocolType === null || req.protocolName === null)) return ErrorCodes.INCONSISTENT_GROUP_PROTOCOL;
  if (req.groupId === '') return ErrorCodes.INVALID_GROUP_ID;
  const g = txn.group();
  if (g === undefined || g.state === 'Empty') return ErrorCodes.UNKNOWN_MEMBER_ID;
  if (g.state === 'Dead') return ErrorCodes.COORDINATOR_NOT_AVAILABLE;
  const memberError = validateMember(g, req.memberId, req.groupInstanceId);
  if (memberError !== ErrorCodes.NONE) return memberError;
  if (req.generationId !== g.generationId) return ErrorCodes.ILLEGAL_GENERATION;
  // Both fields are ignorable and exist only from v5: an older request carries neither.
  const protocolType = req.version >= 5 ? req.protocolType : null;
  const protocolName = req.version >= 5 ? req.protocolName : null;
  if (protocolType !== null && g.protocolType !== null && protocolType !== g.protocolType) {
    return ErrorCodes.INCONSISTENT_GROUP_PROTOCOL;
  }
  if (protocolName !== null && g.protocolName !== null && protocolName !== g.protocolName) {
    return ErrorCodes.INCONSISTENT_GROUP_PROTOCOL;
  }
  if (g.state === 'PreparingRebalance') return ErrorCodes.REBALANCE_IN_PROGRESS;
  return ErrorCodes.NONE;
}

/** Takes the member off the pending-sync list (cancelling the sync timer when it empties). */
function markSynced(txn: GroupTxn, memberId: string, parked: { requestId: string; version: number } | null): void {
  txn.emit({ type: 'MemberSyncing', groupId: txn.groupId, memberId, awaitingSync: parked });
  if (txn.existing().pendingSyncMembers.size === 0) txn.cancel(syncTimerKey(txn.groupId));
}

/**
 * The leader's assignment: later duplicates win, ids that are not members are ignored, members
 * left out get an empty assignment. It is written as a GroupMetadata record; then every parked
 * SyncGroup is answered, those members' session timers re-armed, and the group is Stable.
 */
function storeAssignment(txn: GroupTxn, req: SyncGroupRequest): void {
  const g = txn.existing();
  const given = new Map(req.assignments.map((a) => [a.memberId, a.assignment]));
  const assignments = [...g.members.keys()].map((id): [string, Uint8Array] => [id, given.get(id) ?? new Uint8Array(0)]);
  const parked = [...g.members.values()].filter((m) => m.awaitingSync !== null);
  txn.emit({ type: 'AssignmentsStored', groupId: txn.groupId, assignments });
  // Written while still CompletingRebalance, so the record carries that state's timestamp, as in Kafka.
  txn.emit(newGroupMetadataRecord(txn.existing()));
  const after = txn.existing();
  for (const m of parked) {
    txn.respond(m.awaitingSync!.requestId, syncGroupSuccess(m.awaitingSync!.version, after, after.members.get(m.memberId)!.assignment));
    scheduleSession(txn, m.memberId, m.sessionTimeoutMs);
  }
  transition(txn, 'Stable');
}
