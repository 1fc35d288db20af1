/**
 * The semantics of the consumer member statechart as one pure function, {@link stepMember},
 * and the readers that drive it: the events it offers and the partitions it reads.
 *
 * @remarks
 * The member model does not track in-flight Heartbeat or OffsetCommit requests: it accepts
 * their answers in the states where the member sends them (CompletingRebalance and Stable for
 * heartbeats, Stable for commits), and a driver delivers answers only to requests it saw sent.
 * Answers that arrive after the member moved on (a SyncGroup answer after a heartbeat reset
 * the generation, a LeaveGroup answer after a poll timeout) are not offered: the member
 * ignores them, as the Java consumer does.
 * @see spec/consumer-member.md
 * @packageDocumentation
 */
import type {
  MemberCase,
  MemberContext,
  MemberEvent,
  MemberRequest,
  MemberStateKey,
  MemberStep,
  PartitionId,
  RebalanceProtocol,
} from './classic-member.types.js';
import {
  COMMIT_RESPONSE_CODES,
  HEARTBEAT_RESPONSE_CODES,
  JOIN_RESPONSE_CODES,
  LEAVE_RESPONSE_CODES,
  SYNC_RESPONSE_CODES,
} from './classic-member.types.js';

/** Options of a member statechart. */
export interface ClassicMemberOptions {
  readonly protocol: RebalanceProtocol;
  /** The member has a `group.instance.id`. Default false. */
  readonly isStatic?: boolean;
  /** How many partitions the subscribed topics have, 1 to 4. Default 2. */
  readonly partitions?: number;
}

/** A member that has not joined: no coordinator, no member id, no generation, nothing owned. */
export function initialMemberContext(options: ClassicMemberOptions): MemberContext {
  const count = options.partitions ?? 2;
  if (!Number.isInteger(count) || count < 1 || count > 4) throw new RangeError(`classic-member: partitions must be 1 to 4, got ${count}`);
  return {
    state: 'unjoined',
    protocol: options.protocol,
    isStatic: options.isStatic ?? false,
    partitions: Array.from({ length: count }, (_, i): PartitionId => `p${i}`),
    coordinatorKnown: false,
    hasMemberId: false,
    hasGeneration: false,
    rejoinNeeded: true,
    owned: [],
    sent: [],
    revoked: [],
    lost: [],
    lastCase: null,
  };
}

type Draft = { -readonly [K in keyof MemberContext]: MemberContext[K] };

const NONE = 0;
const COORDINATOR_LOAD_IN_PROGRESS = 14;
const COORDINATOR_NOT_AVAILABLE = 15;
const NOT_COORDINATOR = 16;
const ILLEGAL_GENERATION = 22;
const UNKNOWN_MEMBER_ID = 25;
const REBALANCE_IN_PROGRESS = 27;
const MEMBER_ID_REQUIRED = 79;
const FENCED_INSTANCE_ID = 82;

function isCoordinatorError(code: number): boolean {
  return code === NOT_COORDINATOR || code === COORDINATOR_NOT_AVAILABLE;
}

/** Sends a request. */
function send(d: Draft, request: MemberRequest): void {
  d.sent = [...d.sent, request];
}

/** Gives up every owned partition as lost (CL-15). */
function loseAll(d: Draft): void {
  d.lost = [...d.lost, ...d.owned];
  d.owned = [];
}

/** Resets the generation (and the member id too, unless `keepMemberId`), losing every partition (CL-06, CL-07). */
function resetGeneration(d: Draft, keepMemberId: boolean): void {
  d.hasGeneration = false;
  if (!keepMemberId) d.hasMemberId = false;
  d.rejoinNeeded = true;
  loseAll(d);
}

/** Sends JoinGroup and enters PreparingRebalance (CL-02); eager members revoke everything first (CL-13). */
function join(d: Draft): MemberStateKey {
  if (d.protocol === 'eager' && d.owned.length > 0) {
    d.revoked = [...d.revoked, ...d.owned];
    d.owned = [];
  }
  send(d, 'joinGroup');
  return 'preparingRebalance';
}

/** Marks the coordinator unknown and looks it up again (CL-09). */
function rediscover(d: Draft): MemberStateKey {
  d.coordinatorKnown = false;
  d.rejoinNeeded = true;
  send(d, 'findCoordinator');
  return 'discovering';
}

/** The member leaves on close (CL-19): partitions revoked or lost, LeaveGroup if it should send one. */
function close(d: Draft): [MemberCase, MemberStateKey] {
  const rebalancing = d.state === 'preparingRebalance' || d.state === 'completingRebalance';
  if (!d.hasGeneration || rebalancing) loseAll(d);
  else {
    d.revoked = [...d.revoked, ...d.owned];
    d.owned = [];
  }
  const leaves = !d.isStatic && d.coordinatorKnown && d.state !== 'unjoined' && d.hasMemberId;
  if (!leaves) return ['close.now', 'left'];
  send(d, 'leaveGroup');
  return ['close.leave', 'leaving'];
}

type Result = [MemberCase, MemberStateKey] | null;

function onPoll(d: Draft): Result {
  switch (d.state) {
    case 'unjoined':
      if (d.coordinatorKnown) return ['poll.join', join(d)];
      send(d, 'findCoordinator');
      return ['poll.discover', 'discovering'];
    case 'stable':
      if (!d.rejoinNeeded) return ['poll.stable', 'stable'];
      if (!d.coordinatorKnown) {
        send(d, 'findCoordinator');
        return ['poll.awaitCoordinator', 'stable'];
      }
      return ['poll.rejoin', join(d)];
    case 'fatal':
      return ['poll.fatal', 'fatal'];
    default:
      return null;
  }
}

function onFound(d: Draft): Result {
  if (d.coordinatorKnown) return null;
  d.coordinatorKnown = true;
  if (d.state === 'discovering') return ['found.join', join(d)];
  if (d.state === 'unjoined' || d.state === 'stable') return ['found.remember', d.state];
  return null;
}

function onJoinResponse(d: Draft, code: number): Result {
  if (d.state !== 'preparingRebalance') return null;
  switch (code) {
    case NONE:
      d.hasMemberId = true;
      d.hasGeneration = true;
      send(d, 'syncGroup');
      return ['join.ok', 'completingRebalance'];
    case MEMBER_ID_REQUIRED:
      d.hasMemberId = true;
      return ['join.memberIdRequired', join(d)];
    case UNKNOWN_MEMBER_ID:
      resetGeneration(d, false);
      return ['join.unknownMember', join(d)];
    case COORDINATOR_LOAD_IN_PROGRESS:
      return ['join.loadInProgress', join(d)];
    case FENCED_INSTANCE_ID:
      return ['join.fenced', fatal(d)];
    default:
      return isCoordinatorError(code) ? ['join.coordinatorError', rediscover(d)] : ['join.fatal', fatal(d)];
  }
}

function onSyncResponse(d: Draft, code: number, assigned: readonly PartitionId[]): Result {
  if (d.state !== 'completingRebalance') return null;
  if (code !== NONE && assigned.length > 0) return null;
  switch (code) {
    case NONE: {
      const inOrder = d.partitions.filter((p) => assigned.includes(p));
      if (inOrder.length !== assigned.length) return null;
      const revoked = d.protocol === 'cooperative' ? d.owned.filter((p) => !inOrder.includes(p)) : [];
      d.revoked = [...d.revoked, ...revoked];
      d.owned = inOrder;
      d.rejoinNeeded = revoked.length > 0;
      return [revoked.length > 0 ? 'sync.okRevoked' : 'sync.ok', 'stable'];
    }
    case REBALANCE_IN_PROGRESS:
      return ['sync.rebalanceInProgress', join(d)];
    case UNKNOWN_MEMBER_ID:
      resetGeneration(d, false);
      return ['sync.unknownMember', join(d)];
    case ILLEGAL_GENERATION:
      resetGeneration(d, true);
      return ['sync.illegalGeneration', join(d)];
    case FENCED_INSTANCE_ID:
      return ['sync.fenced', fatal(d)];
    default:
      return isCoordinatorError(code) ? ['sync.coordinatorError', rediscover(d)] : null;
  }
}

/** Heartbeat and OffsetCommit answers: the same reactions, except where noted (CL-06 to CL-09, CL-11, CL-16). */
function onLivenessResponse(d: Draft, code: number, request: 'heartbeat' | 'commit'): Result {
  const inCompleting = d.state === 'completingRebalance';
  if (!(d.state === 'stable' || (inCompleting && request === 'heartbeat')) || !d.coordinatorKnown) return null;
  const kase = (what: string): MemberCase => `${request}.${what}` as MemberCase;
  switch (code) {
    case NONE:
      return [kase('ok'), d.state];
    case REBALANCE_IN_PROGRESS:
      if (inCompleting) return ['heartbeat.ignored', d.state];
      // A classic coordinator answers a commit 27 only in CompletingRebalance at the committer's
      // generation, which a member in stable never holds (OC rules), so only heartbeats get here.
      if (request === 'commit') return null;
      d.rejoinNeeded = true;
      return [kase('rebalanceInProgress'), d.state];
    case UNKNOWN_MEMBER_ID:
      resetGeneration(d, false);
      return [kase('unknownMember'), 'unjoined'];
    case ILLEGAL_GENERATION:
      resetGeneration(d, true);
      return [kase('illegalGeneration'), 'unjoined'];
    case FENCED_INSTANCE_ID:
      return [kase('fenced'), fatal(d)];
    default:
      if (!isCoordinatorError(code)) return null;
      if (inCompleting) return [kase('coordinatorError'), rediscover(d)];
      d.coordinatorKnown = false;
      send(d, 'findCoordinator');
      return [kase('coordinatorError'), 'stable'];
  }
}

function fatal(d: Draft): MemberStateKey {
  loseAll(d);
  return 'fatal';
}

function onEvent(d: Draft, event: MemberEvent): Result {
  switch (event.type) {
    case 'poll':
      return onPoll(d);
    case 'coordinator.found':
      return onFound(d);
    case 'response.joinGroup':
      return onJoinResponse(d, event.errorCode);
    case 'response.syncGroup':
      return onSyncResponse(d, event.errorCode, event.assigned);
    case 'response.heartbeat':
      return onLivenessResponse(d, event.errorCode, 'heartbeat');
    case 'response.offsetCommit':
      return onLivenessResponse(d, event.errorCode, 'commit');
    case 'response.leaveGroup':
      return d.state === 'leaving' ? ['leave.done', 'left'] : null;
    case 'timer.heartbeat':
      if (!(d.state === 'completingRebalance' || d.state === 'stable') || !d.coordinatorKnown) return null;
      send(d, 'heartbeat');
      return ['heartbeat.send', d.state];
    case 'timer.pollTimeout':
      if (!(d.state === 'completingRebalance' || d.state === 'stable')) return null;
      if (!d.isStatic && d.coordinatorKnown) send(d, 'leaveGroup');
      resetGeneration(d, false);
      return ['pollTimeout', 'unjoined'];
    case 'close':
      if (d.state === 'leaving' || d.state === 'left') return null;
      return d.state === 'fatal' ? ['close.now', 'left'] : close(d);
  }
}

/** What `event` does in `ctx`, or null when the member does not accept it there. */
export function stepMember(ctx: MemberContext, event: MemberEvent): MemberStep | null {
  const d: Draft = { ...ctx, sent: [], revoked: [], lost: [] };
  const result = onEvent(d, event);
  if (result === null) return null;
  const [kase, state] = result;
  return { case: kase, state, context: { ...d, state, lastCase: kase } };
}

/** Every candidate event, with its payload, in a fixed order. */
function candidateEvents(ctx: MemberContext): MemberEvent[] {
  const events: MemberEvent[] = [{ type: 'poll' }, { type: 'coordinator.found' }];
  for (const errorCode of JOIN_RESPONSE_CODES) events.push({ type: 'response.joinGroup', errorCode });
  for (const errorCode of SYNC_RESPONSE_CODES) {
    if (errorCode !== NONE) events.push({ type: 'response.syncGroup', errorCode, assigned: [] });
  }
  for (const assigned of subsets(ctx.partitions)) events.push({ type: 'response.syncGroup', errorCode: NONE, assigned });
  for (const errorCode of HEARTBEAT_RESPONSE_CODES) events.push({ type: 'response.heartbeat', errorCode });
  for (const errorCode of COMMIT_RESPONSE_CODES) events.push({ type: 'response.offsetCommit', errorCode });
  for (const errorCode of LEAVE_RESPONSE_CODES) events.push({ type: 'response.leaveGroup', errorCode });
  events.push({ type: 'timer.heartbeat' }, { type: 'timer.pollTimeout' }, { type: 'close' });
  return events;
}

/** Every subset of `items`, each in the order of `items`, smallest first. */
function subsets<T>(items: readonly T[]): T[][] {
  const all: T[][] = [];
  for (let mask = 0; mask < 1 << items.length; mask++) all.push(items.filter((_, i) => (mask & (1 << i)) !== 0));
  return all.sort((a, b) => a.length - b.length);
}

/** The events the member accepts in this state, with their payloads, in a fixed order. */
export function memberEvents(snapshot: { readonly context: MemberContext }): MemberEvent[] {
  const ctx = snapshot.context;
  return candidateEvents(ctx).filter((e) => stepMember(ctx, e) !== null);
}

/**
 * The partitions the member may read now (CL-13, CL-14): an eager member reads what it owns
 * only in Stable; a cooperative member reads what it still owns in every state, and never a
 * partition it has revoked or lost.
 */
export function readablePartitions(snapshot: { readonly context: MemberContext }): readonly PartitionId[] {
  const ctx = snapshot.context;
  if (ctx.protocol === 'eager') return ctx.state === 'stable' ? ctx.owned : [];
  return ctx.owned;
}
