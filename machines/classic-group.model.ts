/**
 * The semantics of the classic group statechart as one pure function, {@link stepGroup}: the
 * guards and actions of `classic-group.machine.ts` both call it, so the statechart's
 * transitions are an enumeration of its cases, each with its target and rule IDs.
 *
 * @remarks
 * Written from the spec, never from `src/` (CONTRIBUTING.md rule 8). The bookkeeping follows
 * Kafka's group coordinator step by step: prepare a rebalance (GS-05), join completion
 * (TM-07 to TM-09), session, join and sync timers (TM-03 to TM-14), static members (ST-),
 * with abstract time (see `GroupTiming` and the machine's documentation).
 * @packageDocumentation
 */
import {
  Draft,
  addMember,
  checkCode,
  completeJoin,
  forRequest,
  markSynced,
  maybePrepareRebalanceOrCompleteJoin,
  memberCheck,
  prepareRebalance,
  removeMember,
  setSlot,
} from './classic-group.draft.js';
import type { Mutable } from './classic-group.draft.js';
import { ERR } from './classic-group.types.js';
import type {
  ArmedTimer,
  GroupCase,
  GroupContext,
  GroupEvent,
  GroupRequestEvent,
  GroupStep,
  GroupTimerEvent,
  Slot,
} from './classic-group.types.js';
export { timerKey } from './classic-group.draft.js';

// ---------------------------------------------------------------------------------------------
// Requests.

/** Whether a request's member-id reference makes sense for the slot, so that the event is offered. */
export function requestApplies(s: Slot, event: GroupRequestEvent): boolean {
  const memberId = event.memberId;
  if (memberId === 'own' && s.status === 'absent') return false;
  if (event.type === 'request.joinGroup') {
    if (s.kind === 'static' && event.version !== 'v5+') return false;
    if (memberId === 'empty' && s.kind === 'dynamic' && s.status !== 'absent') return false;
  }
  if (event.type === 'request.leaveGroup' && memberId === 'empty' && s.kind === 'dynamic') return false;
  return true;
}

function joinGroup(d: Draft, event: Extract<GroupEvent, { type: 'request.joinGroup' }>): GroupCase {
  const s = d.slot(event.member);
  if (d.state === 'dead') return reply(d, 'join.coordinatorNotAvailable', ERR.COORDINATOR_NOT_AVAILABLE);
  if (!d.groupExists) {
    if (event.memberId !== 'empty') return reply(d, 'join.unknownGroup', ERR.UNKNOWN_MEMBER_ID);
    d.groupExists = true;
  }
  if (event.protocols === 'incompatible') return reply(d, 'join.incompatible', ERR.INCONSISTENT_GROUP_PROTOCOL);
  if (event.memberId === 'empty') return joinNewMember(d, s, event.version);
  if (event.memberId === 'own' && s.status === 'pending') {
    addMember(d, s.id);
    maybePrepareRebalanceOrCompleteJoin(d);
    return 'join.pendingMember';
  }
  const failed = memberCheck(s, event.memberId);
  if (failed !== null) return reply(d, failed, checkCode(failed));
  return rejoin(d, s, event.protocols === 'same');
}

function joinNewMember(d: Draft, s: Mutable<Slot>, version: 'v1-3' | 'v5+'): GroupCase {
  if (s.kind === 'static') {
    if (s.status === 'member') return replaceStatic(d, s);
    addMember(d, s.id);
    maybePrepareRebalanceOrCompleteJoin(d);
    return 'join.staticNew';
  }
  if (version === 'v5+') {
    s.status = 'pending';
    d.arm({ timer: 'session', member: s.id, pending: true }, d.timing.sessionUnits);
    return reply(d, 'join.memberIdRequired', ERR.MEMBER_ID_REQUIRED);
  }
  addMember(d, s.id);
  maybePrepareRebalanceOrCompleteJoin(d);
  return 'join.newMember';
}

/** A static member replaced by a JoinGroup with MemberId `""` (ST-04 to ST-08). */
function replaceStatic(d: Draft, s: Mutable<Slot>): GroupCase {
  if (s.awaitingJoin) d.complete(s.id, 'joinGroup', ERR.FENCED_INSTANCE_ID);
  if (s.awaitingSync) d.complete(s.id, 'syncGroup', ERR.FENCED_INSTANCE_ID);
  setSlot(s, { awaitingJoin: true, awaitingSync: false, isNew: false });
  d.armSession(s.id, d.timing.sessionUnits);
  d.park(s.id, 'joinGroup');
  if (d.state === 'stable') {
    s.awaitingJoin = false;
    d.complete(s.id, 'joinGroup', ERR.NONE);
  } else {
    maybePrepareRebalanceOrCompleteJoin(d);
  }
  return 'join.staticReplace';
}

/** A member's JoinGroup with its own id, by state (JG-14 to JG-19, ST-03). */
function rejoin(d: Draft, s: Mutable<Slot>, sameMetadata: boolean): GroupCase {
  if (d.state === 'preparingRebalance') {
    const again = s.awaitingJoin;
    if (again) d.drop(s.id, 'joinGroup');
    s.awaitingJoin = true;
    d.park(s.id, 'joinGroup');
    maybePrepareRebalanceOrCompleteJoin(d);
    return again ? 'join.rejoinAgain' : 'join.rejoin';
  }
  if (d.state !== 'completingRebalance' && d.state !== 'stable') {
    throw new Error(`classic-group model: a member exists in ${d.state}`);
  }
  const leaderInStable = d.state === 'stable' && d.leader === s.id;
  if (sameMetadata && !leaderInStable) return reply(d, 'join.rejoinSame', ERR.NONE);
  s.awaitingJoin = true;
  d.park(s.id, 'joinGroup');
  prepareRebalance(d);
  return leaderInStable ? 'join.leaderRejoin' : 'join.rejoinChanged';
}

function reply(d: Draft, kase: GroupCase, errorCode: number): GroupCase {
  d.respond(errorCode);
  return kase;
}

function syncGroup(d: Draft, event: Extract<GroupEvent, { type: 'request.syncGroup' }>): GroupCase {
  if (d.state === 'dead') return reply(d, 'sync.coordinatorNotAvailable', ERR.COORDINATOR_NOT_AVAILABLE);
  if (d.state === 'empty') return reply(d, 'sync.groupEmpty', ERR.UNKNOWN_MEMBER_ID);
  const s = d.slot(event.member);
  const failed = memberCheck(s, event.memberId);
  if (failed !== null) return reply(d, forRequest(failed, 'sync'), checkCode(failed));
  if (event.generation === 'stale') return reply(d, 'sync.illegalGeneration', ERR.ILLEGAL_GENERATION);
  if (d.state === 'preparingRebalance') return reply(d, 'sync.rebalanceInProgress', ERR.REBALANCE_IN_PROGRESS);
  markSynced(d, s.id);
  if (d.state === 'stable') return reply(d, 'sync.stable', ERR.NONE);
  if (d.leader === s.id) {
    s.awaitingSync = true;
    d.park(s.id, 'syncGroup');
    for (const m of d.members()) {
      if (!m.awaitingSync) continue;
      m.awaitingSync = false;
      d.complete(m.id, 'syncGroup', ERR.NONE);
      d.armSession(m.id, d.timing.sessionUnits);
    }
    d.state = 'stable';
    return 'sync.leader';
  }
  const again = s.awaitingSync;
  if (again) d.drop(s.id, 'syncGroup');
  s.awaitingSync = true;
  d.park(s.id, 'syncGroup');
  return again ? 'sync.followerAgain' : 'sync.follower';
}

function heartbeat(d: Draft, event: Extract<GroupEvent, { type: 'request.heartbeat' }>): GroupCase {
  if (d.state === 'dead') return reply(d, 'heartbeat.coordinatorNotAvailable', ERR.COORDINATOR_NOT_AVAILABLE);
  if (d.state === 'empty') return reply(d, 'heartbeat.groupEmpty', ERR.UNKNOWN_MEMBER_ID);
  const s = d.slot(event.member);
  const failed = memberCheck(s, event.memberId);
  if (failed !== null) return reply(d, forRequest(failed, 'heartbeat'), checkCode(failed));
  if (event.generation === 'stale') return reply(d, 'heartbeat.illegalGeneration', ERR.ILLEGAL_GENERATION);
  d.armSession(s.id, d.timing.sessionUnits);
  if (d.state === 'preparingRebalance') return reply(d, 'heartbeat.rebalanceInProgress', ERR.REBALANCE_IN_PROGRESS);
  return reply(d, 'heartbeat.ok', ERR.NONE);
}

function leaveGroup(d: Draft, event: Extract<GroupEvent, { type: 'request.leaveGroup' }>): GroupCase {
  if (d.state === 'dead') return reply(d, 'leave.coordinatorNotAvailable', ERR.COORDINATOR_NOT_AVAILABLE);
  const s = d.slot(event.member);
  let kase: GroupCase;
  if (event.memberId === 'own' && s.status === 'pending') {
    s.status = 'absent';
    d.cancel(`session:${s.id}`);
    kase = 'leave.pendingMember';
  } else if (event.memberId === 'empty') {
    if (s.status !== 'member') return reply(d, 'leave.unknownInstance', ERR.UNKNOWN_MEMBER_ID);
    removeMember(d, s.id);
    kase = 'leave.staticByInstance';
  } else {
    const failed = memberCheck(s, event.memberId);
    if (failed !== null) return reply(d, forRequest(failed, 'leave'), checkCode(failed));
    removeMember(d, s.id);
    kase = 'leave.member';
  }
  d.respond(ERR.NONE);
  if (d.state !== 'empty') maybePrepareRebalanceOrCompleteJoin(d);
  return kase;
}

function offsetCommit(d: Draft, event: Extract<GroupEvent, { type: 'request.offsetCommit' }>): GroupCase {
  if (d.state === 'dead') return reply(d, 'commit.coordinatorNotAvailable', ERR.COORDINATOR_NOT_AVAILABLE);
  if (d.state === 'empty') return reply(d, 'commit.groupEmpty', ERR.UNKNOWN_MEMBER_ID);
  const s = d.slot(event.member);
  const failed = memberCheck(s, event.memberId);
  if (failed !== null) return reply(d, forRequest(failed, 'commit'), checkCode(failed));
  if (event.generation === 'stale') return reply(d, 'commit.illegalGeneration', ERR.ILLEGAL_GENERATION);
  if (d.state === 'completingRebalance') return reply(d, 'commit.rebalanceInProgress', ERR.REBALANCE_IN_PROGRESS);
  d.armSession(s.id, d.timing.sessionUnits);
  return reply(d, 'commit.accepted', ERR.NONE);
}

// ---------------------------------------------------------------------------------------------
// Timers and unload.

/** The timer event that fires `timer` (the model offers it only for the first armed timer). */
export function timerEventOf(timer: ArmedTimer): GroupEvent {
  const ref = timer.ref;
  if (ref.timer === 'session') {
    return ref.pending
      ? { type: 'timer.pendingMemberExpired', member: ref.member }
      : { type: 'timer.sessionExpired', member: ref.member };
  }
  return ref.timer === 'join' ? { type: 'timer.joinPhaseExpired' } : { type: 'timer.syncExpired' };
}

function sameEvent(a: GroupEvent, b: GroupEvent): boolean {
  return a.type === b.type && ('member' in a ? a.member : null) === ('member' in b ? b.member : null);
}

function fireTimer(d: Draft, timer: ArmedTimer): GroupCase {
  d.nowUnits = Math.max(d.nowUnits, timer.dueAtUnits);
  d.timers = d.timers.slice(1);
  const ref = timer.ref;
  if (ref.timer === 'join') return joinTimerFired(d, ref.initial);
  if (ref.timer === 'sync') {
    if (d.state !== 'completingRebalance' && d.state !== 'stable') throw new Error('classic-group model: sync timer outside CompletingRebalance/Stable');
    for (const m of d.members()) if (m.pendingSync) removeMember(d, m.id);
    prepareRebalance(d);
    return 'timer.syncExpired';
  }
  const s = d.slot(ref.member);
  if (s.status === 'absent') throw new Error(`classic-group model: session timer of ${s.id}, which the group does not know`);
  if (s.status === 'pending') {
    s.status = 'absent';
    if (d.state === 'preparingRebalance' && d.allJoined()) completeJoin(d);
    return 'timer.pendingExpired';
  }
  if (!s.isNew && (s.awaitingJoin || s.awaitingSync)) return 'timer.sessionSatisfied';
  removeMember(d, s.id);
  if (d.state === 'stable' || d.state === 'completingRebalance') prepareRebalance(d);
  else if (d.state === 'preparingRebalance' && d.allJoined()) completeJoin(d);
  return 'timer.sessionExpired';
}

function joinTimerFired(d: Draft, initial: { delayUnits: number; remainingUnits: number } | null): GroupCase {
  if (initial !== null && d.newMemberAdded && initial.remainingUnits !== 0) {
    d.newMemberAdded = false;
    const delayUnits = Math.min(d.timing.initialDelayUnits, initial.remainingUnits);
    const remainingUnits = Math.max(initial.remainingUnits - initial.delayUnits, 0);
    d.arm({ timer: 'join', initial: { delayUnits, remainingUnits } }, delayUnits);
    return 'timer.joinExtended';
  }
  completeJoin(d);
  return d.state === 'preparingRebalance' ? 'timer.joinStaticWait' : 'timer.joinCompleted';
}

function unload(d: Draft): GroupCase {
  if (d.state === 'dead') return 'unload.dead';
  for (const m of d.members()) {
    if (m.awaitingJoin) d.complete(m.id, 'joinGroup', ERR.NOT_COORDINATOR);
    if (m.awaitingSync) d.complete(m.id, 'syncGroup', ERR.NOT_COORDINATOR);
    m.awaitingJoin = false;
    m.awaitingSync = false;
  }
  d.timers = [];
  d.state = 'dead';
  return 'unload';
}

// ---------------------------------------------------------------------------------------------

/** Whether a timer is due at the current time: then only that timer may happen next (TM-02). */
export function timerDue(ctx: GroupContext): boolean {
  const head = ctx.timers[0];
  return head !== undefined && head.dueAtUnits <= ctx.nowUnits;
}

/**
 * What `event` does in `ctx`, or null when the model does not offer it there: a request whose
 * member-id reference does not fit the slot, any input while a timer is due (TM-02), a timer
 * event other than the first armed timer's, an OffsetCommit before the group exists.
 */
export function stepGroup(ctx: GroupContext, event: GroupEvent): GroupStep | null {
  if (isTimerEvent(event)) {
    const head = ctx.timers[0];
    if (head === undefined || !sameEvent(timerEventOf(head), event)) return null;
    const d = new Draft(ctx);
    return d.finish(fireTimer(d, head), false);
  }
  if (timerDue(ctx)) return null;
  const d = new Draft(ctx);
  if (event.type === 'coordinator.unload') return d.finish(unload(d), false);
  if (event.type === 'clock.tick') {
    const head = ctx.timers[0];
    if (ctx.state === 'dead' || (head !== undefined && head.dueAtUnits <= ctx.nowUnits + 1)) return null;
    d.nowUnits += 1;
    return d.finish('tick', false);
  }
  const slot = ctx.slots.find((s) => s.id === event.member);
  if (slot === undefined || !requestApplies(slot, event)) return null;
  switch (event.type) {
    case 'request.joinGroup':
      return d.finish(joinGroup(d, event), true);
    case 'request.syncGroup':
      return d.finish(syncGroup(d, event), true);
    case 'request.heartbeat':
      return d.finish(heartbeat(d, event), true);
    case 'request.leaveGroup':
      return d.finish(leaveGroup(d, event), true);
    case 'request.offsetCommit':
      return ctx.groupExists ? d.finish(offsetCommit(d, event), true) : null;
    default:
      return null;
  }
}

function isTimerEvent(event: GroupEvent): event is GroupTimerEvent {
  return event.type.startsWith('timer.');
}
