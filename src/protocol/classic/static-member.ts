/**
 * Static membership (KIP-345): replacing the member that holds a known `group.instance.id`
 * when a JoinGroup arrives with an empty member id.
 * @see spec/static-membership.md; Kafka `GroupMetadataManager.updateStaticMemberThenRebalanceOrCompleteJoin`
 */
import { ErrorCodes } from '../errors.js';
import { selectProtocol, sharedProtocols } from '../group.js';
import { newGroupMetadataRecord } from '../records.js';
import type { JoinCall } from './join-group.js';
import { maybePrepareRebalanceOrCompleteJoin, prepareRebalance, scheduleSession } from './rebalance.js';
import { joinGroupError, leaderMemberList, syncGroupError } from './responses.js';

/**
 * Re-keys the instance's member under `newMemberId`, fences the old id's parked requests,
 * takes the request's protocols and timeouts, then by state: Stable without a protocol change
 * persists the membership and answers at once; Stable with one, or CompletingRebalance,
 * rebalances; PreparingRebalance waits for the join phase (ST-04 to ST-08).
 */
export function replaceStaticMember(call: JoinCall, oldMemberId: string, newMemberId: string): void {
  const { draft, req, requestId } = call;
  const g0 = draft.existing();
  const old = g0.members.get(oldMemberId)!;
  const leaderBefore = g0.leaderId ?? '';
  // ST-05: the old id's parked requests are fenced before anything else.
  if (old.awaitingJoin !== null) {
    draft.respond(old.awaitingJoin.requestId, joinGroupError(old.awaitingJoin.version, ErrorCodes.FENCED_INSTANCE_ID, oldMemberId));
  }
  if (old.awaitingSync !== null) draft.respond(old.awaitingSync.requestId, syncGroupError(ErrorCodes.FENCED_INSTANCE_ID));
  draft.emit({ type: 'StaticMemberReplaced', groupId: draft.groupId, oldMemberId, newMemberId });
  scheduleSession(draft, newMemberId, old.sessionTimeoutMs); // ST-04: the old session timeout
  draft.emit({
    type: 'MemberUpdated',
    groupId: draft.groupId,
    memberId: newMemberId,
    protocols: sharedProtocols(draft.group(), req.protocols),
    rebalanceTimeoutMs: call.rebalanceTimeoutMs,
    sessionTimeoutMs: req.sessionTimeoutMs,
    awaitingJoin: { requestId, version: req.version },
  });
  const g = draft.existing();
  if (g.state === 'Stable') {
    if (selectProtocol(g) !== g.protocolName) return maybePrepareRebalanceOrCompleteJoin(draft); // ST-08
    // No rebalance: persist the new membership with the existing assignments and answer now (ST-06, ST-07).
    draft.emit({ type: 'JoinAnswered', groupId: draft.groupId, memberId: newMemberId });
    draft.emit(newGroupMetadataRecord(draft.existing()));
    const isLeader = g.leaderId === newMemberId;
    const skip = req.version >= 9;
    return draft.respond(requestId, {
      api: 'JoinGroup',
      errorCode: 0,
      generationId: g.generationId,
      protocolType: req.version >= 7 ? g.protocolType : null,
      protocolName: req.version >= 7 ? g.protocolName : (g.protocolName ?? ''),
      leader: skip ? (g.leaderId ?? '') : leaderBefore,
      skipAssignment: skip && isLeader,
      memberId: newMemberId,
      members: skip && isLeader ? leaderMemberList(g, req.version) : [],
    });
  }
  // KAFKA-9801: the leader may be assigning under the old id, so CompletingRebalance restarts (ST-08).
  if (g.state === 'CompletingRebalance') return prepareRebalance(draft);
  maybePrepareRebalanceOrCompleteJoin(draft); // ST-08: PreparingRebalance goes on by JG-13
}
