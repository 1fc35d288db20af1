/**
 * Driving the classic group statechart: the events it offers in a state, the abstract key that
 * bounds path generation, and pure readers of the model's prediction from a snapshot.
 *
 * @remarks
 * A model-based test picks an event from {@link groupEvents}, sends the matching request to the
 * broker (or advances the clock for a timer), steps the statechart, and compares the broker's
 * answers with {@link predictionOf}.
 * @packageDocumentation
 */
import { stepGroup, timerDue, timerEventOf } from './classic-group.model.js';
import { KAFKA_STATE_NAMES } from './classic-group.types.js';
import type {
  Completion,
  Dropped,
  GroupContext,
  GroupEvent,
  GroupRequestEvent,
  Outcome,
  Slot,
  SlotId,
} from './classic-group.types.js';

/** A statechart snapshot, or anything else that carries a group context. */
export interface HasGroupContext {
  readonly context: GroupContext;
}

/** Which variants {@link groupEvents} offers. */
export interface GroupEventOptions {
  /**
   * Also offer requests that change nothing and only exercise an error path: ids the group does
   * not know (`'other'`), stale generations, incompatible protocols, and every request in Dead.
   * Default true.
   */
  readonly errorPaths?: boolean;
  /** Offer `coordinator.unload`. Default true. */
  readonly unload?: boolean;
}

/** The request events one slot may send, before the model's own filter. */
function candidateRequests(slot: Slot, errorPaths: boolean): GroupRequestEvent[] {
  const member = slot.id;
  const events: GroupRequestEvent[] = [];
  const known = slot.status !== 'absent';
  const newVersions = slot.kind === 'dynamic' ? (['v1-3', 'v5+'] as const) : (['v5+'] as const);
  const protocols = slot.status === 'member' ? (['same', 'changed'] as const) : (['same'] as const);
  if (slot.kind === 'static' || !known) {
    for (const version of newVersions) events.push({ type: 'request.joinGroup', member, memberId: 'empty', version, protocols: 'same' });
  }
  if (known) {
    for (const p of protocols) events.push({ type: 'request.joinGroup', member, memberId: 'own', version: 'v5+', protocols: p });
    events.push({ type: 'request.syncGroup', member, memberId: 'own', generation: 'current' });
    events.push({ type: 'request.heartbeat', member, memberId: 'own', generation: 'current' });
    events.push({ type: 'request.leaveGroup', member, memberId: 'own' });
    events.push({ type: 'request.offsetCommit', member, memberId: 'own', generation: 'current' });
  }
  if (slot.kind === 'static') events.push({ type: 'request.leaveGroup', member, memberId: 'empty' });
  if (!errorPaths) return events;
  events.push({ type: 'request.joinGroup', member, memberId: known ? 'own' : 'empty', version: 'v5+', protocols: 'incompatible' });
  events.push({ type: 'request.joinGroup', member, memberId: 'other', version: 'v5+', protocols: 'same' });
  events.push({ type: 'request.syncGroup', member, memberId: 'other', generation: 'current' });
  events.push({ type: 'request.heartbeat', member, memberId: 'other', generation: 'current' });
  events.push({ type: 'request.leaveGroup', member, memberId: 'other' });
  events.push({ type: 'request.offsetCommit', member, memberId: 'other', generation: 'current' });
  if (known) {
    events.push({ type: 'request.syncGroup', member, memberId: 'own', generation: 'stale' });
    events.push({ type: 'request.heartbeat', member, memberId: 'own', generation: 'stale' });
    events.push({ type: 'request.offsetCommit', member, memberId: 'own', generation: 'stale' });
  }
  return events;
}

/**
 * The events the model offers in this state, in a fixed order: the first armed timer, then
 * every slot's requests, then the unload. Every event carries its full payload.
 *
 * @remarks
 * While a timer is due at the current time only that timer is offered (TM-02). In Dead only
 * one slot's requests are offered unless `errorPaths` (they all answer the same).
 */
export function groupEvents(snapshot: HasGroupContext, options: GroupEventOptions = {}): GroupEvent[] {
  const ctx = snapshot.context;
  const errorPaths = options.errorPaths ?? true;
  const head = ctx.timers[0];
  const events: GroupEvent[] = head === undefined ? [] : [timerEventOf(head)];
  if (timerDue(ctx)) return events;
  const slots = ctx.state === 'dead' && !errorPaths ? ctx.slots.slice(0, 1) : ctx.slots;
  for (const slot of slots) events.push(...candidateRequests(slot, errorPaths));
  events.push({ type: 'clock.tick' });
  if (options.unload ?? true) events.push({ type: 'coordinator.unload' });
  return events.filter((e) => stepGroup(ctx, e) !== null);
}

/**
 * A key for the state the model is in, with everything that cannot change a later prediction
 * left out: the generation number, the absolute time (deadlines become relative to now) and
 * the last outcome. Two snapshots with equal keys answer every later event alike, up to the
 * generation number; path generation uses it to keep the state space finite.
 */
export function abstractGroupKey(snapshot: HasGroupContext): string {
  const c = snapshot.context;
  return JSON.stringify([
    c.state,
    c.groupExists,
    c.leader,
    c.joinOrder,
    c.slots.map((s) => [s.status, s.awaitingJoin, s.awaitingSync, s.pendingSync, s.isNew]),
    c.initialRebalance,
    c.newMemberAdded,
    c.timers.map((t) => [t.ref, t.dueAtUnits - c.nowUnits]),
  ]);
}

/** What the model predicts for the event it just took. */
export interface GroupPrediction {
  /** Kafka's name of the state (`Stable`), as DescribeGroups reports it. */
  readonly state: (typeof KAFKA_STATE_NAMES)[keyof typeof KAFKA_STATE_NAMES];
  readonly generation: number;
  readonly leader: SlotId | null;
  /** The answer to the request just sent, or that it is parked. */
  readonly outcome: Outcome;
  /** Answers to earlier parked requests, in the order the broker gives them. */
  readonly completed: readonly Completion[];
  /** Parked requests that will never be answered. */
  readonly dropped: readonly Dropped[];
  /** The members in join order, and the pending ids. */
  readonly members: readonly SlotId[];
  readonly pending: readonly SlotId[];
}

/** Reads the model's prediction from a snapshot. */
export function predictionOf(snapshot: HasGroupContext): GroupPrediction {
  const c = snapshot.context;
  return {
    state: KAFKA_STATE_NAMES[c.state],
    generation: c.generation,
    leader: c.leader,
    outcome: c.lastOutcome,
    completed: c.completed,
    dropped: c.dropped,
    members: c.joinOrder,
    pending: c.slots.filter((s) => s.status === 'pending').map((s) => s.id),
  };
}

/**
 * Whether no timer is due at the current time. Only then has the broker caught up with the
 * model (it fires due timers at once, the model one event at a time), so a test adapter
 * compares group state, generation and leader only in quiescent states.
 */
export function isQuiescent(snapshot: HasGroupContext): boolean {
  return !timerDue(snapshot.context);
}

/** The deadline of the first armed timer in milliseconds since the start of the run, if any. */
export function nextTimerDeadlineMs(snapshot: HasGroupContext): number | undefined {
  const c = snapshot.context;
  const head = c.timers[0];
  return head === undefined ? undefined : head.dueAtUnits * c.timing.unitMs;
}

/** The model's current time in milliseconds since the start of the run. */
export function nowMs(snapshot: HasGroupContext): number {
  return snapshot.context.nowUnits * snapshot.context.timing.unitMs;
}

/**
 * The generation id a request with `generation: 'stale'` carries: one that is not the group's
 * and not negative (a negative one means something else to OffsetCommit).
 */
export function staleGenerationId(currentGeneration: number): number {
  return currentGeneration === 0 ? 1 : currentGeneration - 1;
}

/** The slot record of one member slot. */
export function slotOf(snapshot: HasGroupContext, id: SlotId): Slot {
  const slot = snapshot.context.slots.find((s) => s.id === id);
  if (slot === undefined) throw new Error(`classic-group: no slot ${id}`);
  return slot;
}
