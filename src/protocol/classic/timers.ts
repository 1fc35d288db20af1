/**
 * Timer handlers: a timer that fires is one more handler call returning records, responses
 * and timers.
 * @see spec/timers.md
 */
import { hasAllMembersJoined, hasSatisfiedHeartbeat } from '../group.js';
import type { CoordinatorState } from '../replay.js';
import { completeJoin, prepareRebalance, removeMember } from './rebalance.js';
import type { GroupTimerEvent, HandlerContext, HandlerResult } from '../handler/index.js';
import { GroupDraft } from '../handler/index.js';
import { joinTimerKey } from './timer-keys.js';

/** Handles a fired group timer (the coordinator-wide cleanup is dispatched in `index.ts`). */
export function fireGroupTimer(state: CoordinatorState, event: GroupTimerEvent, ctx: HandlerContext): HandlerResult {
  const draft = new GroupDraft(state, event.groupId, ctx);
  const g = draft.group();
  if (g === undefined || g.state === 'Dead') return draft.result(); // FO-07: an unloaded group's timers are dropped
  switch (event.type) {
    case 'timer.sessionExpired':
    case 'timer.pendingMemberExpired':
      sessionExpired(draft, event.memberId);
      break;
    case 'timer.joinPhaseExpired':
      joinPhaseExpired(draft, event.initialDelay);
      break;
    case 'timer.syncExpired':
      syncExpired(draft, event.generationId);
      break;
  }
  return draft.result();
}

/**
 * A session (or pending member) timer fired. Pending members are dropped; members whose
 * session is satisfied (not new and parked in a join or sync) are left alone; others are
 * removed. Either removal may end the join phase, even an initial one (Java coordinator; TM-04, TM-05).
 */
function sessionExpired(draft: GroupDraft, memberId: string): void {
  const g = draft.existing();
  if (g.pendingJoinMembers.has(memberId)) {
    // TM-04
    draft.emit({ type: 'PendingMemberRemoved', groupId: draft.groupId, memberId });
    const after = draft.existing();
    if (after.state === 'PreparingRebalance' && hasAllMembersJoined(after)) completeJoin(draft);
    return;
  }
  const member = g.members.get(memberId);
  if (member === undefined || hasSatisfiedHeartbeat(member)) return; // TM-05
  removeMember(draft, memberId); // TM-05
  const after = draft.existing();
  if (after.state === 'Stable' || after.state === 'CompletingRebalance') prepareRebalance(draft); // TM-05, GS-05
  else if (after.state === 'PreparingRebalance' && hasAllMembersJoined(after)) completeJoin(draft); // TM-05, TM-07
}

/**
 * The join timer fired. For the initial delay (KIP-134), a member added since the last expiry
 * extends the wait by min(delay, remaining) while time remains; otherwise the join phase completes
 * (TM-06, TM-11, TM-12).
 */
function joinPhaseExpired(draft: GroupDraft, initialDelay: { delayMs: number; remainingMs: number } | null): void {
  const g = draft.existing();
  if (g.state !== 'PreparingRebalance') return;
  // TM-11
  if (initialDelay !== null && g.newMemberAdded && initialDelay.remainingMs !== 0) {
    draft.emit({ type: 'NewMemberAddedCleared', groupId: draft.groupId });
    const delayMs = Math.min(draft.ctx.config.initialRebalanceDelayMs, initialDelay.remainingMs);
    const remainingMs = Math.max(initialDelay.remainingMs - initialDelay.delayMs, 0);
    draft.schedule(joinTimerKey(draft.groupId), delayMs, { type: 'timer.joinPhaseExpired', groupId: draft.groupId, initialDelay: { delayMs, remainingMs } });
    return;
  }
  completeJoin(draft); // TM-06, TM-07
}

/**
 * The sync timer of a generation fired (KAFKA-12890): members that never sent SyncGroup are
 * removed and the group rebalances (to Empty at once when nobody is left; TM-14).
 */
function syncExpired(draft: GroupDraft, generationId: number): void {
  const g = draft.existing();
  if (g.generationId !== generationId || g.pendingSyncMembers.size === 0) return; // TM-14
  if (g.state !== 'CompletingRebalance' && g.state !== 'Stable') return; // TM-14
  for (const memberId of [...g.pendingSyncMembers]) removeMember(draft, memberId); // TM-14, GS-10
  prepareRebalance(draft); // TM-14, GS-05
}
