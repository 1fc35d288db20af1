/**
 * The working copy of a group context for one step, and the coordinator's building blocks that
 * several events share: adding and removing members, preparing a rebalance (GS-05), join
 * completion (TM-07 to TM-09), the member checks of JG-11, ST-09 and ST-10. Used by `classic-group.model.ts`.
 * @packageDocumentation
 */
import { ERR } from './classic-group.types.js';
import type {
  ArmedTimer,
  Completion,
  Dropped,
  GroupCase,
  GroupContext,
  GroupStateKey,
  GroupStep,
  GroupTiming,
  Outcome,
  ParkedRequest,
  Slot,
  SlotId,
  TimerRef,
} from './classic-group.types.js';

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The key under which a timer is armed: one per slot for sessions, one per group for join and sync. */
export function timerKey(ref: TimerRef): string {
  return ref.timer === 'session' ? `session:${ref.member}` : ref.timer;
}

/**
 * A working copy of the context for one step. Methods follow the spec's steps; `finish`
 * freezes the result.
 */
export class Draft {
  state: GroupStateKey;
  readonly timing: GroupTiming;
  readonly slots: Mutable<Slot>[];
  groupExists: boolean;
  generation: number;
  leader: SlotId | null;
  joinOrder: SlotId[];
  initialRebalance: boolean;
  newMemberAdded: boolean;
  nowUnits: number;
  timers: ArmedTimer[];
  private readonly completed: Completion[] = [];
  private readonly dropped: Dropped[] = [];
  /** The request this step parked and has not answered yet. */
  private current: { member: SlotId; request: ParkedRequest } | null = null;
  private answer: number | null = null;

  constructor(ctx: GroupContext) {
    this.state = ctx.state;
    this.timing = ctx.timing;
    this.slots = ctx.slots.map((s) => ({ ...s }));
    this.groupExists = ctx.groupExists;
    this.generation = ctx.generation;
    this.leader = ctx.leader;
    this.joinOrder = [...ctx.joinOrder];
    this.initialRebalance = ctx.initialRebalance;
    this.newMemberAdded = ctx.newMemberAdded;
    this.nowUnits = ctx.nowUnits;
    this.timers = [...ctx.timers];
  }

  slot(id: SlotId): Mutable<Slot> {
    const slot = this.slots.find((s) => s.id === id);
    if (slot === undefined) throw new Error(`classic-group model: no slot ${id}`);
    return slot;
  }

  /** The members in join order. */
  members(): Mutable<Slot>[] {
    return this.joinOrder.map((id) => this.slot(id));
  }

  /** "All members joined": every member has a parked JoinGroup and no pending member exists. */
  allJoined(): boolean {
    return this.members().every((m) => m.awaitingJoin) && !this.slots.some((s) => s.status === 'pending');
  }

  /** The group rebalance timeout: the members' rebalance timeout, 0 without members. */
  groupRebalanceUnits(): number {
    return this.joinOrder.length > 0 ? this.timing.rebalanceUnits : 0;
  }

  /** Arms (or re-arms) a timer `delayUnits` from now; it fires after every timer due no later (TM-01). */
  arm(ref: TimerRef, delayUnits: number): void {
    this.cancel(timerKey(ref));
    const dueAtUnits = this.nowUnits + delayUnits;
    let at = this.timers.length;
    while (at > 0 && (this.timers[at - 1]?.dueAtUnits ?? 0) > dueAtUnits) at--;
    this.timers.splice(at, 0, { ref, dueAtUnits });
  }

  cancel(key: string): void {
    this.timers = this.timers.filter((t) => timerKey(t.ref) !== key);
  }

  armSession(id: SlotId, units: number): void {
    this.arm({ timer: 'session', member: id, pending: false }, units);
  }

  /** Parks the request being handled: it is answered later in this step or by a later event. */
  park(member: SlotId, request: ParkedRequest): void {
    this.current = { member, request };
  }

  /** Answers the request being handled, at once. */
  respond(errorCode: number): void {
    this.answer = errorCode;
  }

  /** Answers a parked request; the request being handled, if it is the one, gets its answer here. */
  complete(member: SlotId, request: ParkedRequest, errorCode: number): void {
    if (this.current !== null && this.current.member === member && this.current.request === request) {
      this.current = null;
      this.answer = errorCode;
      return;
    }
    this.completed.push({ member, request, errorCode });
  }

  drop(member: SlotId, request: ParkedRequest): void {
    this.dropped.push({ member, request });
  }

  finish(kase: GroupCase, isRequest: boolean): GroupStep {
    let lastOutcome: Outcome = { kind: 'none' };
    if (this.current !== null) lastOutcome = { kind: 'parked' };
    else if (this.answer !== null) lastOutcome = { kind: 'response', errorCode: this.answer };
    else if (isRequest) throw new Error(`classic-group model: case ${kase} neither answered nor parked its request`);
    const context: GroupContext = {
      state: this.state,
      timing: this.timing,
      slots: this.slots,
      groupExists: this.groupExists,
      generation: this.generation,
      leader: this.leader,
      joinOrder: this.joinOrder,
      initialRebalance: this.initialRebalance,
      newMemberAdded: this.newMemberAdded,
      nowUnits: this.nowUnits,
      timers: this.timers,
      lastOutcome,
      completed: this.completed,
      dropped: this.dropped,
      lastCase: kase,
    };
    return { case: kase, state: this.state, context };
  }
}

// ---------------------------------------------------------------------------------------------
// The spec's building blocks.

export function setSlot(s: Mutable<Slot>, patch: Partial<Omit<Slot, 'id' | 'kind'>>): void {
  Object.assign(s, patch);
}

/** Adds a member (JG-12): parked, new, last in join order, leader if there is none (GS-09). */
export function addMember(d: Draft, id: SlotId): void {
  const s = d.slot(id);
  setSlot(s, { status: 'member', awaitingJoin: true, awaitingSync: false, pendingSync: false, isNew: true });
  d.joinOrder.push(id);
  if (d.leader === null) d.leader = id;
  if (d.state === 'preparingRebalance' && d.initialRebalance) d.newMemberAdded = true;
  d.armSession(id, d.timing.newMemberUnits);
  d.park(id, 'joinGroup');
}

/** Removes a member (LG-06, TM-05, TM-07, TM-14): its parked JoinGroup gets UNKNOWN_MEMBER_ID; GS-10. */
export function removeMember(d: Draft, id: SlotId): void {
  const s = d.slot(id);
  if (s.awaitingJoin) d.complete(id, 'joinGroup', ERR.UNKNOWN_MEMBER_ID);
  if (s.awaitingSync) d.drop(id, 'syncGroup');
  setSlot(s, { status: 'absent', awaitingJoin: false, awaitingSync: false, pendingSync: false, isNew: false });
  d.cancel(`session:${id}`);
  d.joinOrder = d.joinOrder.filter((m) => m !== id);
  if (d.leader === id) d.leader = d.joinOrder[0] ?? null;
}

/** Takes a member out of the pending-sync set; the sync timer goes when the set empties (SG-12, TM-13). */
export function markSynced(d: Draft, id: SlotId): void {
  d.slot(id).pendingSync = false;
  if (!d.slots.some((s) => s.pendingSync)) d.cancel('sync');
}

/** Prepares a rebalance (GS-05). */
export function prepareRebalance(d: Draft): void {
  if (d.state === 'completingRebalance') {
    for (const m of d.members()) {
      if (!m.awaitingSync) continue;
      m.awaitingSync = false;
      d.complete(m.id, 'syncGroup', ERR.REBALANCE_IN_PROGRESS);
      d.armSession(m.id, d.timing.sessionUnits);
    }
  }
  for (const m of d.members()) m.pendingSync = false;
  d.cancel('sync');
  const initial = d.state === 'empty';
  d.state = 'preparingRebalance';
  d.initialRebalance = initial;
  if (initial) {
    const delayUnits = d.timing.initialDelayUnits;
    const remainingUnits = Math.max(d.groupRebalanceUnits() - delayUnits, 0);
    d.arm({ timer: 'join', initial: { delayUnits, remainingUnits } }, delayUnits);
    return;
  }
  if (d.allJoined()) completeJoin(d);
  // With no member left the group rebalance timeout is 0: the timer is due at once (TM-02, LG-08).
  else d.arm({ timer: 'join', initial: null }, d.groupRebalanceUnits());
}

/** JG-13, LG-07: a group that can rebalance prepares one; a non-initial PreparingRebalance may complete. */
export function maybePrepareRebalanceOrCompleteJoin(d: Draft): void {
  if (d.state === 'preparingRebalance') {
    if (!d.initialRebalance && d.allJoined()) completeJoin(d);
    return;
  }
  prepareRebalance(d);
}

/** Join completion (TM-07, ST-13, ST-14, GS-11, then TM-08 or TM-09). */
export function completeJoin(d: Draft): void {
  d.cancel('join');
  for (const m of d.members()) {
    if (!m.awaitingJoin && m.kind === 'dynamic') removeMember(d, m.id);
  }
  if (d.leader !== null && !d.slot(d.leader).awaitingJoin) {
    const rejoined = d.members().find((m) => m.awaitingJoin);
    if (rejoined === undefined) {
      d.arm({ timer: 'join', initial: null }, d.groupRebalanceUnits());
      return;
    }
    d.leader = rejoined.id;
  }
  d.generation += 1;
  d.initialRebalance = false;
  if (d.joinOrder.length === 0) {
    d.state = 'empty';
    return;
  }
  d.state = 'completingRebalance';
  for (const m of d.members()) {
    if (m.awaitingJoin) {
      m.awaitingJoin = false;
      d.complete(m.id, 'joinGroup', ERR.NONE);
    }
    d.armSession(m.id, d.timing.sessionUnits);
    m.isNew = false;
    m.pendingSync = true;
  }
  d.arm({ timer: 'sync' }, d.groupRebalanceUnits());
}

/** Member validation (JG-11, ST-09, ST-10) for a slot and a member-id reference: why the member check fails, or null when it passes. */
export function memberCheck(s: Slot, memberId: 'own' | 'other'): GroupCase | null {
  if (s.kind === 'static') {
    if (memberId === 'other') return s.status === 'member' ? 'join.fencedInstance' : 'join.unknownInstance';
    return null;
  }
  return memberId === 'own' && s.status === 'member' ? null : 'join.unknownMember';
}

/** The error code of a failed member check. */
export function checkCode(c: GroupCase): number {
  return c === 'join.fencedInstance' ? ERR.FENCED_INSTANCE_ID : ERR.UNKNOWN_MEMBER_ID;
}

/** Renames a member-check case for another request: `join.fencedInstance` becomes `sync.fencedInstance`. */
export function forRequest(c: GroupCase, request: 'sync' | 'heartbeat' | 'leave' | 'commit'): GroupCase {
  return `${request}.${c.slice('join.'.length)}` as GroupCase;
}
