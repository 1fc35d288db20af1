/**
 * Loading and unloading a coordinator partition (spec/failover.md), as pure
 * functions over the state, returning records, responses and timers like any handler.
 * @see spec/failover.md
 */
import { ErrorCodes } from './errors.js';
import type { CoordinatorState } from './replay.js';
import { simpleGroupIdsToLoad } from './replay.js';
import type { HandlerContext, HandlerResult } from './handler/index.js';
import { GroupDraft, mergeResults } from './handler/index.js';
import { prepareRebalance, scheduleSession, transition } from './classic/rebalance.js';
import { joinGroupError, syncGroupError } from './classic/responses.js';
import { onCoordinatorLoaded } from './offsets/expiration.js';
import type { GroupMetadataValue } from './records.js';
import { loadedGroupTimers } from './consumer/timers.js';

/**
 * After the durable records are folded into `state` (its durable image and offsets), rebuilds
 * every live group: Stable with its persisted members or Empty, a simple group for offsets
 * without group metadata; arms every member's session timer with its full session timeout;
 * sends a group larger than `group.max.size` to PreparingRebalance; arms every consumer-group
 * member's session timer and the rebalance timer of each member still revoking (CG-36); arms the
 * offsets cleanup (FO-03, FO-04, REC-11, EXP-01).
 */
export function loadCoordinator(state: CoordinatorState, ctx: HandlerContext): HandlerResult {
  const results: HandlerResult[] = [];
  const images: [string, GroupMetadataValue | null][] = [...state.durable];
  for (const id of simpleGroupIdsToLoad(state)) images.push([id, null]); // FO-03: simple groups
  for (const [groupId, value] of images) {
    if (state.groups.has(groupId)) continue;
    results.push(loadOne(state, groupId, value, ctx));
  }
  // CG-36: consumer groups are live as folded; only their timers are armed again.
  for (const g of state.consumerGroups.values()) results.push({ responses: [], records: [], timers: loadedGroupTimers(g, ctx) });
  results.push(onCoordinatorLoaded(state, ctx)); // FO-04, EXP-01
  return mergeResults(results);
}

function loadOne(state: CoordinatorState, groupId: string, value: GroupMetadataValue | null, ctx: HandlerContext): HandlerResult {
  const draft = new GroupDraft(state, groupId, ctx);
  draft.emit({ type: 'GroupLoaded', groupId, value, nowMs: ctx.nowMs }); // FO-03
  const g = draft.existing();
  for (const m of g.members.values()) scheduleSession(draft, m.memberId, m.sessionTimeoutMs); // FO-04
  // Kafka gives an oversized group a rebalance so its members can commit first (FO-04).
  if (g.members.size > ctx.config.maxSize) prepareRebalance(draft);
  return draft.result();
}

/**
 * Losing the partition: every group goes to Dead; parked JoinGroups (PreparingRebalance) and
 * SyncGroups (CompletingRebalance, Stable) are answered NOT_COORDINATOR (FO-07).
 */
export function unloadCoordinator(state: CoordinatorState, ctx: HandlerContext): HandlerResult {
  const results: HandlerResult[] = [];
  for (const g of state.groups.values()) {
    const draft = new GroupDraft(state, g.groupId, ctx);
    for (const m of g.members.values()) {
      if (m.awaitingJoin !== null) draft.respond(m.awaitingJoin.requestId, joinGroupError(m.awaitingJoin.version, ErrorCodes.NOT_COORDINATOR, m.memberId));
      if (m.awaitingSync !== null) draft.respond(m.awaitingSync.requestId, syncGroupError(ErrorCodes.NOT_COORDINATOR));
    }
    transition(draft, 'Dead');
    results.push(draft.result());
  }
  return mergeResults(results);
}
