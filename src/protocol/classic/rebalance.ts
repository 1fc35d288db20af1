/**
 * The rebalance mechanics shared by requests and timers: preparing a rebalance, completing
 * the join phase, removing a member.
 * @see spec/group-states.md, spec/timers.md
 */
import { ErrorCodes } from '../errors.js';
import type { ClassicGroup } from '../group.js';
import { canRebalance, groupRebalanceTimeoutMs, hasAllMembersJoined, selectProtocol } from '../group.js';
import { newGroupMetadataRecord } from '../records.js';
import { joinGroupError, joinGroupSuccess, syncGroupError, type GenerationView } from './responses.js';
import type { GroupDraft } from '../handler/index.js';
import { joinTimerKey, sessionTimer, syncTimerKey } from './timer-keys.js';

/** Moves the group to a state, recording when. */
export function transition(draft: GroupDraft, state: ClassicGroup['state']): void {
  draft.emit({ type: 'GroupStateChanged', groupId: draft.groupId, state, nowMs: draft.ctx.nowMs });
}

/** (Re-)arms a member's session timer with the given timeout (TM-03). */
export function scheduleSession(draft: GroupDraft, memberId: string, timeoutMs: number): void {
  draft.schedule(sessionTimer(draft.groupId, memberId), timeoutMs, { type: 'timer.sessionExpired', groupId: draft.groupId, memberId });
}

/**
 * Removes a member: its parked JoinGroup is answered UNKNOWN_MEMBER_ID with member id `""`,
 * its session timer is cancelled, and leadership moves if it led (LG-06, TM-05, GS-10).
 */
export function removeMember(draft: GroupDraft, memberId: string): void {
  const m = draft.existing().members.get(memberId);
  if (m === undefined) return;
  if (m.awaitingJoin !== null) {
    draft.respond(m.awaitingJoin.requestId, joinGroupError(m.awaitingJoin.version, ErrorCodes.UNKNOWN_MEMBER_ID, ''));
  }
  draft.cancel(sessionTimer(draft.groupId, memberId));
  draft.emit({ type: 'MemberRemoved', groupId: draft.groupId, memberId });
}

/**
 * Enters PreparingRebalance (Kafka `prepareRebalance`): parked syncs of a CompletingRebalance
 * group are answered REBALANCE_IN_PROGRESS and assignments reset; the pending-sync set and
 * timer go; an Empty group starts the delayed initial rebalance; any other group completes
 * the join phase at once if everyone has joined, else arms the join timer (GS-05).
 */
export function prepareRebalance(draft: GroupDraft): void {
  let g = draft.existing();
  if (g.state === 'CompletingRebalance') {
    // GS-05: parked syncs get REBALANCE_IN_PROGRESS (SG-05 shape) and their sessions re-armed (TM-03).
    for (const m of g.members.values()) {
      if (m.awaitingSync === null) continue;
      draft.respond(m.awaitingSync.requestId, syncGroupError(ErrorCodes.REBALANCE_IN_PROGRESS));
      scheduleSession(draft, m.memberId, m.sessionTimeoutMs);
    }
    draft.emit({ type: 'AssignmentsReset', groupId: draft.groupId });
  }
  if (g.pendingSyncMembers.size > 0) draft.emit({ type: 'PendingSyncCleared', groupId: draft.groupId });
  draft.cancel(syncTimerKey(draft.groupId)); // SG-12, TM-13

  const initial = g.state === 'Empty';
  const rebalanceTimeoutMs = groupRebalanceTimeoutMs(g);
  if (initial) {
    // TM-10: the initial delay D with the remaining time R.
    const delayMs = draft.ctx.config.initialRebalanceDelayMs;
    const remainingMs = Math.max(rebalanceTimeoutMs - delayMs, 0);
    draft.schedule(joinTimerKey(draft.groupId), delayMs, {
      type: 'timer.joinPhaseExpired',
      groupId: draft.groupId,
      initialDelay: { delayMs, remainingMs },
    });
  }
  transition(draft, 'PreparingRebalance'); // GS-04
  if (initial) return;
  g = draft.existing();
  if (hasAllMembersJoined(g)) completeJoin(draft); // TM-07
  else scheduleJoinTimer(draft, rebalanceTimeoutMs); // TM-06
}

function scheduleJoinTimer(draft: GroupDraft, delayMs: number): void {
  draft.schedule(joinTimerKey(draft.groupId), delayMs, { type: 'timer.joinPhaseExpired', groupId: draft.groupId, initialDelay: null });
}

/** Kafka `maybePrepareRebalanceOrCompleteJoin`: rebalance if allowed, else try to end the join phase (JG-13). */
export function maybePrepareRebalanceOrCompleteJoin(draft: GroupDraft): void {
  if (canRebalance(lifecycle(draft))) prepareRebalance(draft);
  else maybeCompleteJoin(draft);
}

/**
 * Completes the join phase if the group is in a non-initial PreparingRebalance and everyone has joined (JG-13, LG-07, TM-10).
 * The state is read on its own first: during the initial delay nothing else is read (see {@link GroupDraft.lifecycle}).
 */
export function maybeCompleteJoin(draft: GroupDraft): void {
  const { state, previousState } = lifecycle(draft);
  if (state === 'PreparingRebalance' && previousState !== 'Empty' && hasAllMembersJoined(draft.existing())) completeJoin(draft);
}

/** The group's state and previous state, as the records so far have left them; the group must exist. */
function lifecycle(draft: GroupDraft): Pick<ClassicGroup, 'state' | 'previousState'> {
  const g = draft.lifecycle();
  if (g === undefined) throw new Error(`group ${draft.groupId} vanished inside a handler`);
  return g;
}

/**
 * Completes the join phase (Kafka `completeClassicGroupJoin`).
 *
 * 1. Cancel the join timer. 2. Remove dynamic members that did not rejoin. 3. If the leader
 * did not rejoin, the first rejoined member (join order) leads; if nobody rejoined but static
 * members remain, extend the phase by the rebalance timeout. 4. Bump the generation: with
 * members select the protocol, answer every parked JoinGroup, re-arm every session timer, arm
 * the sync timer and go to CompletingRebalance; without members go to Empty and write the
 * GroupMetadata record.
 * Rules: TM-07 (who stays), ST-13, ST-14, GS-11, GS-06, TM-08, TM-09.
 */
export function completeJoin(draft: GroupDraft): void {
  draft.cancel(joinTimerKey(draft.groupId)); // TM-06, TM-07
  const gone: string[] = [];
  for (const m of draft.existing().members.values()) if (m.awaitingJoin === null && m.groupInstanceId === null) gone.push(m.memberId);
  for (const memberId of gone) removeMember(draft, memberId); // TM-07, ST-13
  let g = draft.existing();
  if (g.state === 'Dead') return;
  const leader = g.leaderId === null ? undefined : g.members.get(g.leaderId);
  if (leader !== undefined && leader.awaitingJoin === null) {
    const rejoined = [...g.members.values()].find((m) => m.awaitingJoin !== null);
    if (rejoined === undefined) {
      scheduleJoinTimer(draft, groupRebalanceTimeoutMs(g)); // ST-14
      return;
    }
    draft.emit({ type: 'LeaderChanged', groupId: draft.groupId, leaderId: rejoined.memberId }); // GS-11
  }
  g = draft.existing();
  const generationId = g.generationId + 1;
  if (g.members.size === 0) {
    // TM-09, GS-06, REC-04
    draft.emit({ type: 'GenerationAdvanced', groupId: draft.groupId, generationId, protocolName: null });
    transition(draft, 'Empty');
    draft.emit(newGroupMetadataRecord(draft.existing()));
    return;
  }
  // TM-08, GS-06, GS-07. The answers carry the generation the record below writes, built from
  // the record's fields and the members as they are: the record changes only their parked joins
  // and new flags, which no answer shows. So nothing is read back after it, and the draft never
  // copies the group (a copy of every member, twice over with the shell's replay).
  const protocolName = selectProtocol(g);
  const next: GenerationView = { generationId, protocolType: g.protocolType, protocolName, leaderId: g.leaderId, members: g.members };
  const syncTimeoutMs = groupRebalanceTimeoutMs(g);
  for (const m of g.members.values()) {
    if (m.awaitingJoin !== null) draft.respond(m.awaitingJoin.requestId, joinGroupSuccess(m.awaitingJoin.version, next, m.memberId)); // JG-03
    scheduleSession(draft, m.memberId, m.sessionTimeoutMs); // TM-03
  }
  draft.emit({ type: 'GenerationAdvanced', groupId: draft.groupId, generationId, protocolName });
  transition(draft, 'CompletingRebalance');
  // TM-13
  draft.schedule(syncTimerKey(draft.groupId), syncTimeoutMs, { type: 'timer.syncExpired', groupId: draft.groupId, generationId });
}
