/**
 * The semantics of the KIP-848 consumer-group statecharts as one pure function,
 * {@link stepConsumerGroup}: both statecharts (`consumer-group.machine.ts`, the group's
 * lifecycle, and `consumer-group-member.machine.ts`, one member's reconciliation) call it in
 * their guards and actions and project its context onto their states.
 *
 * @remarks
 * Written from KIP-848 and the rules of spec/consumer-group.md and
 * spec/consumer-group-reconciliation.md, never from `src/` (CONTRIBUTING.md rule 8). Sets of
 * symbolic topics and counts: the whole reconciliation is {@link reconcile} (a dozen lines),
 * the target assignment is "each member gets the partitions of the topics it subscribes to"
 * (see consumer-group.types.ts for why that is every assignor's answer here).
 * @packageDocumentation
 */
import { CG_SLOTS, CG_TOPICS } from './consumer-group.types.js';
import type {
  CgAnswer,
  CgCase,
  CgContext,
  CgEvent,
  CgGroupStateKey,
  CgMember,
  CgMemberStateKey,
  CgSlot,
  CgStep,
  CgTimer,
  CgTopic,
} from './consumer-group.types.js';

/** Error codes the model answers with (Kafka's). */
export const CG_ERR = { NONE: 0, UNKNOWN_MEMBER_ID: 25, NON_EMPTY_GROUP: 68, GROUP_ID_NOT_FOUND: 69, FENCED_MEMBER_EPOCH: 110 } as const;

/** The slot an event belongs to, or null for DeleteGroups (an admin's). */
export function slotOfEvent(event: CgEvent): CgSlot | null {
  return event.type === 'admin.deleteGroups' ? null : event.member;
}

/** The context before any heartbeat: a group that does not exist yet reads as Empty. */
export function initialConsumerGroupContext(topics: number = CG_TOPICS.length): CgContext {
  if (!Number.isInteger(topics) || topics < 1 || topics > CG_TOPICS.length) throw new RangeError(`topics must be 1 to ${CG_TOPICS.length}`);
  return {
    topics: CG_TOPICS.slice(0, topics),
    exists: false,
    deleted: false,
    groupEpoch: 0,
    targetEpoch: 0,
    members: { m1: null, m2: null },
    target: { m1: [], m2: [] },
    former: { m1: 'none', m2: 'none' },
    timers: [],
    lastCase: null,
    answer: null,
  };
}

const inOrder = (ts: Iterable<CgTopic>): CgTopic[] => {
  const set = new Set(ts);
  return CG_TOPICS.filter((t) => set.has(t));
};
const minus = (a: readonly CgTopic[], b: readonly CgTopic[]): CgTopic[] => a.filter((t) => !b.includes(t));
const meet = (a: readonly CgTopic[], b: readonly CgTopic[]): CgTopic[] => a.filter((t) => b.includes(t));
const sameTopics = (a: readonly CgTopic[], b: readonly CgTopic[]): boolean => a.length === b.length && a.every((t, i) => t === b[i]);

/** Whether another member holds the partition (assigned or pending revocation): its partition epoch is set. */
export function heldByOther(ctx: CgContext, slot: CgSlot, topic: CgTopic): boolean {
  return CG_SLOTS.some((s) => {
    const m = ctx.members[s];
    return s !== slot && m !== null && (m.assigned.includes(topic) || m.revoking.includes(topic));
  });
}

/** Topics no other present member subscribes to (what the slot may subscribe to). */
export function availableTopics(ctx: CgContext, slot: CgSlot): CgTopic[] {
  return ctx.topics.filter((t) => CG_SLOTS.every((s) => s === slot || !(ctx.members[s]?.subscribed.includes(t) ?? false)));
}

/**
 * The member's next assignment toward its target (CGR-03, CGR-05, CGR-06): keep
 * what stays, revoke first what goes, and take only partitions nobody else holds.
 */
function computeNext(ctx: CgContext, slot: CgSlot, m: CgMember, owned: readonly CgTopic[]): CgMember {
  const target = ctx.target[slot];
  const keep = meet(m.assigned, target);
  const revoke = minus(m.assigned, keep);
  const wanted = minus(target, keep);
  const free = wanted.filter((t) => !heldByOther(ctx, slot, t));
  const unreleased = wanted.length > free.length;
  // Every outcome is a new member whose previous epoch is the epoch it had (CGR-05), even when
  // nothing else changes: an UNRELEASED_PARTITIONS member that waits on closes its window for
  // a lost answer (CG-12) at its first heartbeat at the target epoch.
  if (revoke.length > 0 && meet(owned, revoke).length > 0) return { ...m, state: 'UNREVOKED_PARTITIONS', prevEpoch: m.epoch, assigned: keep, revoking: revoke };
  const state = unreleased ? 'UNRELEASED_PARTITIONS' : 'STABLE';
  return { ...m, state, epoch: ctx.targetEpoch, prevEpoch: m.epoch, assigned: inOrder([...keep, ...free]), revoking: [] };
}

/**
 * One reconciliation step of a member on a heartbeat reporting `owned` (CurrentAssignmentBuilder,
 * CGR-01 to CGR-06).
 *
 * @remarks
 * CGR-04 computes from epoch + 1 once a revocation is acknowledged; that epoch shows only when
 * the step revokes again at once, which cannot happen here (the target moves only with the
 * subscriptions, and a member does not change its subscription while revoking), so the model
 * leaves it out.
 */
export function reconcile(ctx: CgContext, slot: CgSlot, m: CgMember, owned: readonly CgTopic[]): CgMember {
  switch (m.state) {
    case 'STABLE':
      return m.epoch === ctx.targetEpoch ? m : computeNext(ctx, slot, m, owned);
    case 'UNREVOKED_PARTITIONS':
      return meet(owned, m.revoking).length > 0 ? m : computeNext(ctx, slot, m, owned);
    case 'UNRELEASED_PARTITIONS':
      return computeNext(ctx, slot, m, owned);
  }
}

const sameMember = (a: CgMember, b: CgMember): boolean =>
  a.epoch === b.epoch && a.prevEpoch === b.prevEpoch && a.state === b.state && sameTopics(a.assigned, b.assigned) && sameTopics(a.revoking, b.revoking);

/** A mutable copy to build the next context in. */
interface Draft {
  readonly topics: readonly CgTopic[];
  exists: boolean;
  deleted: boolean;
  groupEpoch: number;
  targetEpoch: number;
  members: Record<CgSlot, CgMember | null>;
  target: Record<CgSlot, readonly CgTopic[]>;
  former: Record<CgSlot, CgContext['former'][CgSlot]>;
  timers: CgTimer[];
}

function draftOf(ctx: CgContext): Draft {
  return { topics: ctx.topics, exists: ctx.exists, deleted: ctx.deleted, groupEpoch: ctx.groupEpoch, targetEpoch: ctx.targetEpoch, members: { ...ctx.members }, target: { ...ctx.target }, former: { ...ctx.former }, timers: [...ctx.timers] };
}

function done(d: Draft, kase: CgCase, answer: CgAnswer | null): CgStep {
  return { case: kase, context: { ...d, lastCase: kase, answer } };
}

const withoutTimers = (d: Draft, slot: CgSlot, kind?: CgTimer['kind']): void => {
  d.timers = d.timers.filter((t) => t.member !== slot || (kind !== undefined && t.kind !== kind));
};

/** Removes a member (leave, session or rebalance timeout): its partitions are free at once, the group epoch goes up. */
function removeMember(d: Draft, slot: CgSlot, former: 'left' | 'fenced'): void {
  d.members[slot] = null;
  d.target[slot] = [];
  d.former[slot] = former;
  d.groupEpoch += 1;
  withoutTimers(d, slot);
}

/**
 * A heartbeat the coordinator accepts: the target is recomputed when the group epoch is ahead,
 * the member reconciles, the rebalance timer follows the member into or out of
 * UNREVOKED_PARTITIONS (re-armed when the member changes while in it), the session timer
 * restarts (CG-33, CG-34).
 */
function accepted(d: Draft, slot: CgSlot, before: CgMember, owned: readonly CgTopic[], kase: CgCase, full: boolean): CgStep {
  if (d.groupEpoch > d.targetEpoch) {
    for (const s of CG_SLOTS) d.target[s] = d.members[s]?.subscribed ?? [];
    d.targetEpoch = d.groupEpoch;
  }
  const ctx: CgContext = { ...d, lastCase: null, answer: null };
  const next = reconcile(ctx, slot, before, owned);
  const changed = !sameMember(before, next);
  d.members[slot] = next;
  if (changed) {
    withoutTimers(d, slot, 'rebalance');
    if (next.state === 'UNREVOKED_PARTITIONS') d.timers.push({ kind: 'rebalance', member: slot });
  }
  withoutTimers(d, slot, 'session');
  d.timers.push({ kind: 'session', member: slot });
  const assignmentChanged = !sameTopics(before.assigned, next.assigned);
  return done(d, kase, { member: slot, errorCode: CG_ERR.NONE, memberEpoch: next.epoch, assignment: full || assignmentChanged ? next.assigned : null });
}

function error(d: Draft, slot: CgSlot | null, kase: CgCase, errorCode: number): CgStep {
  return done(d, kase, { member: slot, errorCode, memberEpoch: -1, assignment: null });
}

/** What one event does to the group, or null when the model does not offer it here. */
export function stepConsumerGroup(ctx: CgContext, event: CgEvent): CgStep | null {
  const d = draftOf(ctx);
  if (event.type === 'admin.deleteGroups') return deleteGroup(ctx, d);
  const slot = event.member;
  const m = ctx.members[slot];
  switch (event.type) {
    case 'heartbeat.join': {
      if (m !== null || event.topics.length === 0 || minus(event.topics, availableTopics(ctx, slot)).length > 0) return null;
      const fresh: CgMember = { epoch: 0, prevEpoch: 0, state: 'STABLE', subscribed: inOrder(event.topics), assigned: [], revoking: [] };
      d.exists = true;
      d.deleted = false;
      d.members[slot] = fresh;
      d.former[slot] = 'none';
      d.groupEpoch += 1;
      return accepted(d, slot, fresh, [], 'join', true);
    }
    case 'heartbeat.unknownMember':
      if (m !== null || ctx.former[slot] === 'none') return null;
      return error(d, slot, 'unknownMember', ctx.exists ? CG_ERR.UNKNOWN_MEMBER_ID : CG_ERR.GROUP_ID_NOT_FOUND);
    case 'timer.consumerSessionExpired':
    case 'timer.consumerRebalanceExpired': {
      const head = ctx.timers[0];
      const kind = event.type === 'timer.consumerSessionExpired' ? 'session' : 'rebalance';
      if (head === undefined || head.member !== slot || head.kind !== kind) return null;
      removeMember(d, slot, 'fenced');
      return done(d, kind === 'session' ? 'sessionExpired' : 'rebalanceExpired', null);
    }
    default:
      break;
  }
  if (m === null) return null;
  switch (event.type) {
    case 'heartbeat.regular':
      if (!event.ack && m.revoking.length === 0) return null;
      return accepted(d, slot, m, event.ack ? m.assigned : inOrder([...m.assigned, ...m.revoking]), event.ack ? 'heartbeat' : 'stillRevoking', false);
    case 'heartbeat.subscribe': {
      const topics = inOrder(event.topics);
      if (m.state === 'UNREVOKED_PARTITIONS' || topics.length === 0 || sameTopics(topics, m.subscribed) || minus(topics, availableTopics(ctx, slot)).length > 0) return null;
      const updated = { ...m, subscribed: topics };
      d.members[slot] = updated;
      d.groupEpoch += 1;
      return accepted(d, slot, updated, inOrder([...m.assigned, ...m.revoking]), 'subscribe', false);
    }
    case 'heartbeat.previousEpoch':
      if (!(m.prevEpoch > 0 && m.prevEpoch < m.epoch)) return null;
      return accepted(d, slot, m, m.assigned, 'previousEpoch', false);
    case 'heartbeat.futureEpoch':
      return error(d, slot, 'futureEpoch', CG_ERR.FENCED_MEMBER_EPOCH);
    case 'heartbeat.leave':
      removeMember(d, slot, 'left');
      return done(d, 'leave', { member: slot, errorCode: CG_ERR.NONE, memberEpoch: -1, assignment: null });
    default:
      return null;
  }
}

/**
 * DeleteGroups (CGO-16, CGO-17): a group with members answers NON_EMPTY_GROUP; an Empty one is
 * deleted with everything it kept, and a later join creates a new group from epoch 0.
 */
function deleteGroup(ctx: CgContext, d: Draft): CgStep | null {
  if (!ctx.exists) return null;
  if (CG_SLOTS.some((s) => ctx.members[s] !== null)) return error(d, null, 'deleteNonEmpty', CG_ERR.NON_EMPTY_GROUP);
  d.exists = false;
  d.deleted = true;
  d.groupEpoch = 0;
  d.targetEpoch = 0;
  return done(d, 'deleteGroup', { member: null, errorCode: CG_ERR.NONE, memberEpoch: -1, assignment: null });
}

/** The non-empty subsets of topics, in a fixed order. */
function subsets(topics: readonly CgTopic[]): CgTopic[][] {
  const out: CgTopic[][] = [];
  for (let mask = 1; mask < 1 << topics.length; mask++) out.push(topics.filter((_, i) => (mask >> i) & 1));
  return out;
}

/** Every event the model accepts in this context with what it does, in a fixed order. */
export function consumerGroupSteps(ctx: CgContext): { readonly event: CgEvent; readonly step: CgStep }[] {
  const candidates: CgEvent[] = [];
  for (const member of CG_SLOTS) {
    for (const topics of subsets(ctx.topics)) {
      candidates.push({ type: 'heartbeat.join', member, topics }, { type: 'heartbeat.subscribe', member, topics });
    }
    candidates.push(
      { type: 'heartbeat.regular', member, ack: true },
      { type: 'heartbeat.regular', member, ack: false },
      { type: 'heartbeat.previousEpoch', member },
      { type: 'heartbeat.futureEpoch', member },
      { type: 'heartbeat.leave', member },
      { type: 'heartbeat.unknownMember', member },
      { type: 'timer.consumerSessionExpired', member },
      { type: 'timer.consumerRebalanceExpired', member },
    );
  }
  candidates.push({ type: 'admin.deleteGroups' });
  const out: { event: CgEvent; step: CgStep }[] = [];
  for (const event of candidates) {
    const step = stepConsumerGroup(ctx, event);
    if (step !== null) out.push({ event, step });
  }
  return out;
}

/** Every event the model accepts in this context, in a fixed order. */
export function consumerGroupEvents(ctx: CgContext): CgEvent[] {
  return consumerGroupSteps(ctx).map((s) => s.event);
}

/** The group's state, derived as Kafka derives it (CG-28). */
export function groupStateOf(ctx: CgContext): CgGroupStateKey {
  if (ctx.deleted) return 'dead';
  const present = CG_SLOTS.map((s) => ctx.members[s]).filter((m): m is CgMember => m !== null);
  if (present.length === 0) return 'empty';
  if (ctx.groupEpoch > ctx.targetEpoch) return 'assigning';
  return present.every((m) => m.state === 'STABLE' && m.epoch === ctx.targetEpoch) ? 'stable' : 'reconciling';
}

/** The member statechart's state of a slot. */
export function memberStateOf(ctx: CgContext, slot: CgSlot): CgMemberStateKey {
  const m = ctx.members[slot];
  if (m === null) return ctx.former[slot] === 'none' ? 'unsubscribed' : ctx.former[slot];
  switch (m.state) {
    case 'STABLE':
      return 'stable';
    case 'UNREVOKED_PARTITIONS':
      return 'unrevokedPartitions';
    case 'UNRELEASED_PARTITIONS':
      return 'unreleasedPartitions';
  }
}

/**
 * The abstract key of a context for path search: what decides which events are offered and
 * what they do (epochs only as "behind the target" and "previous epoch usable"; the target
 * only while the group is Assigning, since it equals the subscriptions otherwise), so the
 * state space is finite and small.
 */
export function consumerGroupKey(ctx: CgContext): string {
  const members = CG_SLOTS.map((s) => {
    const m = ctx.members[s];
    if (m === null) return ctx.former[s];
    return [m.state, m.epoch < ctx.targetEpoch, m.prevEpoch > 0 && m.prevEpoch < m.epoch, m.subscribed, m.assigned, m.revoking];
  });
  const assigning = ctx.groupEpoch > ctx.targetEpoch;
  return JSON.stringify([ctx.exists, ctx.deleted, assigning, members, assigning ? ctx.target : null, ctx.timers]);
}
