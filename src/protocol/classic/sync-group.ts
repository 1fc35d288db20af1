/**
 * SyncGroup (api key 14), versions 0-5: the coordinator side.
 * @see spec/sync-group.md
 * @see Kafka `GroupMetadataManager.classicGroupSync`
 */
import { ErrorCodes } from '../errors.js';
import { EMPTY_BYTES, validateMember } from '../group.js';
import type { RequestEnvelope, SyncGroupRequest } from '../messages/index.js';
import { newGroupMetadataRecord } from '../records.js';
import type { CoordinatorState } from '../replay.js';
import { scheduleSession, transition } from './rebalance.js';
import { syncGroupError, syncGroupSuccess } from './responses.js';
import type { HandlerContext, HandlerResult } from '../handler/index.js';
import { GroupDraft } from '../handler/index.js';
import { syncTimerKey } from './timer-keys.js';

/** Handles a SyncGroup request. */
export function syncGroup(state: CoordinatorState, env: RequestEnvelope<SyncGroupRequest>, ctx: HandlerContext): HandlerResult {
  const { request: req, requestId } = env;
  const draft = new GroupDraft(state, req.groupId, ctx);
  const error = rejectSync(draft, req);
  if (error !== ErrorCodes.NONE) {
    draft.respond(requestId, syncGroupError(error));
    return draft.result();
  }
  const g = draft.existing();
  if (g.state === 'Stable') {
    if (g.pendingSyncMembers.has(req.memberId)) markSynced(draft, req.memberId, null); // SG-12
    // The stored assignment is returned; a leader's new assignments are ignored here (SG-10).
    draft.respond(requestId, syncGroupSuccess(req.version, g, g.members.get(req.memberId)!.assignment));
    return draft.result();
  }
  // CompletingRebalance: park (SG-07, SG-11); the leader's request stores the assignment and answers everyone (SG-09).
  // Parking changes no leader, so the leader is read first: a follower's request then reads nothing back.
  const isLeader = g.leaderId === req.memberId;
  markSynced(draft, req.memberId, { requestId, version: req.version });
  if (isLeader) storeAssignment(draft, req);
  return draft.result();
}

/** The checks of SyncGroup in Kafka's order; NONE when the request may proceed. */
function rejectSync(draft: GroupDraft, req: SyncGroupRequest): number {
  // SG-01 (KIP-559 mandatory fields) and the empty group id (SG-02) are the front door's.
  const g = draft.group();
  if (g === undefined || g.state === 'Empty') return ErrorCodes.UNKNOWN_MEMBER_ID; // SG-02
  if (g.state === 'Dead') return ErrorCodes.COORDINATOR_NOT_AVAILABLE; // FO-07
  const memberError = validateMember(g, req.memberId, req.groupInstanceId);
  if (memberError !== ErrorCodes.NONE) return memberError; // SG-03, ST-09, ST-10
  if (req.generationId !== g.generationId) return ErrorCodes.ILLEGAL_GENERATION; // SG-03
  // Both fields are ignorable and exist only from v5: an older request carries neither (SG-04).
  const protocolType = req.version >= 5 ? req.protocolType : null;
  const protocolName = req.version >= 5 ? req.protocolName : null;
  if (protocolType !== null && g.protocolType !== null && protocolType !== g.protocolType) {
    return ErrorCodes.INCONSISTENT_GROUP_PROTOCOL;
  }
  if (protocolName !== null && g.protocolName !== null && protocolName !== g.protocolName) {
    return ErrorCodes.INCONSISTENT_GROUP_PROTOCOL;
  }
  if (g.state === 'PreparingRebalance') return ErrorCodes.REBALANCE_IN_PROGRESS; // SG-06
  return ErrorCodes.NONE;
}

/**
 * Takes the member off the pending-sync list (cancelling the sync timer when it empties: SG-12, TM-13).
 * Whether it empties is read before the record (the member is the last one pending), so the
 * draft need not apply the record to answer: most SyncGroups of a rebalance write and read nothing back.
 */
function markSynced(draft: GroupDraft, memberId: string, parked: { requestId: string; version: number } | null): void {
  const pending = draft.existing().pendingSyncMembers;
  const empties = pending.size === 0 || (pending.size === 1 && pending.has(memberId));
  draft.emit({ type: 'MemberSyncing', groupId: draft.groupId, memberId, awaitingSync: parked });
  if (empties) draft.cancel(syncTimerKey(draft.groupId));
}

const EMPTY = new Uint8Array(0);

/**
 * The assignments copied into one buffer, each member's a view of its own bytes (the same bytes).
 *
 * @remarks
 * Memory, not semantics: a small `Uint8Array` of its own brings a buffer object and storage of
 * its own (about 120 bytes beside the view), which an idle member would hold for as long as it
 * lives; one buffer per generation of the group costs that once. Nothing of the leader's request
 * is kept either (over the wire its assignments are views into the whole request frame).
 */
function packAssignments(assignments: [string, Uint8Array][]): [string, Uint8Array][] {
  let total = 0;
  for (const [, a] of assignments) total += a.length;
  const buffer = new Uint8Array(total);
  let at = 0;
  return assignments.map(([id, a]) => {
    buffer.set(a, at);
    const view = buffer.subarray(at, at + a.length);
    at += a.length;
    return [id, view];
  });
}

/**
 * The leader's assignment: later duplicates win, ids that are not members are ignored, members
 * left out get an empty assignment (SG-08). It is written as a GroupMetadata record; then every parked
 * SyncGroup is answered, those members' session timers re-armed, and the group is Stable (SG-09, TM-03).
 *
 * @remarks
 * Everything after the AssignmentsStored record is built from the group as it was before it and
 * the assignments it stores (the record changes nothing else the GroupMetadata value or an answer
 * shows), so the draft never copies every member to read them back.
 */
function storeAssignment(draft: GroupDraft, req: SyncGroupRequest): void {
  const g = draft.existing();
  const given = new Map<string, Uint8Array>();
  for (const a of req.assignments) given.set(a.memberId, a.assignment); // later duplicates win (SG-08)
  const assignments = packAssignments([...g.members.keys()].map((id): [string, Uint8Array] => [id, given.get(id) ?? EMPTY_BYTES]));
  draft.emit({ type: 'AssignmentsStored', groupId: draft.groupId, assignments });
  // Written while still CompletingRebalance, so the record carries that state's timestamp, as in Kafka (SG-09, REC-04).
  draft.emit(newGroupMetadataRecord(g, assignments));
  let i = 0;
  for (const m of g.members.values()) {
    const assignment = assignments[i++]![1];
    if (m.awaitingSync === null) continue;
    draft.respond(m.awaitingSync.requestId, syncGroupSuccess(m.awaitingSync.version, g, assignment));
    scheduleSession(draft, m.memberId, m.sessionTimeoutMs);
  }
  transition(draft, 'Stable');
}
