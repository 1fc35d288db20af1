/**
 * The test adapter between the classic group statechart and the real coordinator: it turns
 * each event of the model into a request to a {@link GroupCoordinatorRuntime} (or a clock move,
 * or an unload) and checks the runtime against the model's prediction after every step.
 *
 * @remarks
 * Follows the rules of `machines/classic-group.machine.ts` ("Driving it"): the broker and every
 * request are configured from `timingInMs`; JoinGroup is v3 for `'v1-3'` and v9 otherwise;
 * requests take no time; a timer event moves the clock to its deadline and `clock.tick` one
 * unit; state, generation, leader, members and pending ids are compared only when no timer is
 * due (`isQuiescent`). Member ids are learnt from MEMBER_ID_REQUIRED answers and from the
 * runtime's member list (a v1-3 or static join is parked). Answers to parked requests are
 * checked against `completed`, requests the model drops must stay unanswered for good, and
 * in quiescent states every request is accounted for: answered as predicted, parked, or dropped.
 * Static slots send `group.instance.id` `i-<slot>`; `'other'` is an id nobody holds.
 */
import { GroupCoordinatorRuntime } from '../../src/broker/group-coordinator.js';
import type { ClassicGroup } from '../../src/protocol/group.js';
import type { GroupRequest, GroupResponse } from '../../src/protocol/messages/index.js';
import { heartbeat, joinGroup, leaveGroup, syncGroup } from '../../src/conformance/scenario.js';
import {
  isQuiescent,
  nextTimerDeadlineMs,
  nowMs,
  predictionOf,
  staleGenerationId,
  timingInMs,
} from '../../machines/index.js';
import type {
  GenerationRef,
  GroupContext,
  GroupEvent,
  GroupRequestEvent,
  HasGroupContext,
  MemberIdRef,
  ParkedRequest,
  SlotId,
} from '../../machines/index.js';

/** The group every request names. */
export const GROUP_ID = 'g';

/** A disagreement between the model and the broker. */
export class Disagreement extends Error {
  override readonly name = 'Disagreement';
}

function check(ok: boolean, what: () => string): void {
  if (!ok) throw new Disagreement(what());
}

function same(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  check(a === e, () => `${what}: broker ${a}, model ${e}`);
}

/** The error code of any group response (LeaveGroup: the member's, unless the whole request failed). */
export function errorCodeOf(response: GroupResponse): number {
  switch (response.api) {
    case 'LeaveGroup':
      return response.errorCode !== 0 ? response.errorCode : (response.members[0]?.errorCode ?? 0);
    case 'OffsetCommit': {
      const codes = response.topics.flatMap((t) => t.partitions.map((p) => p.errorCode));
      const first = codes[0];
      if (first === undefined || codes.some((c) => c !== first)) throw new Disagreement(`OffsetCommit answered per-partition codes ${JSON.stringify(codes)}`);
      return first;
    }
    default:
      if ('errorCode' in response) return response.errorCode;
      throw new Disagreement(`unexpected ${response.api} response`);
  }
}

/** Drives a runtime with the statechart's events and compares. */
export class GroupAdapter {
  readonly runtime: GroupCoordinatorRuntime;
  private readonly ms: ReturnType<typeof timingInMs>;
  private readonly unitMs: number;
  private readonly kinds: ReadonlyMap<SlotId, 'dynamic' | 'static'>;
  /** The id the group gave each slot (pending or member id), as the slot knows it. */
  private readonly ownIds = new Map<SlotId, string>();
  /** Each slot's metadata version: `'changed'` bumps it, `'same'` resends it. */
  private readonly metadata = new Map<SlotId, number>();
  /** Parked requests by `slot:request`. */
  private readonly parked = new Map<string, string>();
  /** Requests the model says will never be answered. */
  private readonly dropped = new Set<string>();
  /** Every request sent, with whether its answer was accounted for. */
  private readonly accounted = new Map<string, boolean>();
  /** Which slot each member id ever given out belongs to. */
  private readonly slotOfId = new Map<string, SlotId>();
  /**
   * The leader slot each successful JoinGroup answer names, by generation. INV-01 compares
   * slots, not ids: a static replacement of the leader without a rebalance (ST-06, ST-07)
   * re-keys the leader within its generation.
   */
  readonly leaders = new Map<number, SlotId | string>();
  /** The runtime's generation after the last step (never decreases). */
  lastGeneration = 0;

  constructor(initial: HasGroupContext) {
    const ctx = initial.context;
    this.ms = timingInMs(ctx.timing);
    this.unitMs = ctx.timing.unitMs;
    this.kinds = new Map(ctx.slots.map((s) => [s.id, s.kind]));
    // The statechart leaves offsets expiration out: the cleanup armed at load (EXP-01) is moved
    // beyond any path's horizon, as the initial delay is set to the model's.
    this.runtime = new GroupCoordinatorRuntime({
      config: { initialRebalanceDelayMs: this.ms.initialRebalanceDelayMs, offsetsRetentionCheckIntervalMs: Number.MAX_SAFE_INTEGER },
    });
  }

  /** The live group, if the runtime has created it. */
  group(): ClassicGroup | undefined {
    return this.runtime.state.groups.get(GROUP_ID);
  }

  /**
   * Applies `event`, which the model took in `before` and which led to `after`, to the
   * runtime, and checks the runtime against the prediction of `after`. Throws a
   * {@link Disagreement} naming what differs.
   */
  step(before: HasGroupContext, event: GroupEvent, after: HasGroupContext): void {
    let requestId: string | undefined;
    switch (event.type) {
      case 'timer.sessionExpired':
      case 'timer.pendingMemberExpired':
      case 'timer.joinPhaseExpired':
      case 'timer.syncExpired': {
        const deadline = nextTimerDeadlineMs(before);
        if (deadline === undefined) throw new Disagreement(`${event.type} with no armed timer in the model`);
        this.runtime.advance(Math.max(0, deadline - this.runtime.clock.nowMs()));
        break;
      }
      case 'clock.tick':
        this.runtime.advance(this.unitMs);
        break;
      case 'coordinator.unload':
        this.runtime.unload();
        break;
      default:
        requestId = this.runtime.submit(this.request(before.context, event));
        this.accounted.set(requestId, false);
    }
    same(this.runtime.clock.nowMs(), nowMs(after), 'clock (ms)');
    this.checkPrediction(event, requestId, after);
  }

  private checkPrediction(event: GroupEvent, requestId: string | undefined, after: HasGroupContext): void {
    const p = predictionOf(after);
    this.learnIds();
    for (const c of p.completed) {
      const id = this.takeParked(c.member, c.request, 'completed');
      const response = this.runtime.response(id);
      check(response !== undefined, () => `parked ${c.request} of ${c.member} should be answered ${c.errorCode}, but is still pending`);
      same(errorCodeOf(response!), c.errorCode, `answer to the parked ${c.request} of ${c.member}`);
      this.observe(c.member, response!);
      this.accounted.set(id, true);
    }
    for (const d of p.dropped) {
      const id = this.takeParked(d.member, d.request, 'dropped');
      this.dropped.add(id);
      this.accounted.set(id, true);
    }
    if (requestId !== undefined) {
      const req = event as GroupRequestEvent;
      const response = this.runtime.response(requestId);
      if (p.outcome.kind === 'parked') {
        check(response === undefined, () => `${req.type} of ${req.member} should be parked, but was answered ${errorCodeOf(response!)}`);
        const parkedAs = req.type === 'request.joinGroup' ? 'joinGroup' : 'syncGroup';
        this.parked.set(`${req.member}:${parkedAs}`, requestId);
      } else if (p.outcome.kind === 'response') {
        const errorCode = p.outcome.errorCode;
        check(response !== undefined, () => `${req.type} of ${req.member} should be answered ${errorCode}, but is parked`);
        same(errorCodeOf(response!), errorCode, `answer to ${req.type} of ${req.member}`);
        this.observe(req.member, response!);
        this.accounted.set(requestId, true);
      } else {
        throw new Disagreement(`the model neither answered nor parked ${req.type}`);
      }
    }
    this.learnIds();
    this.checkInvariants();
    if (isQuiescent(after)) this.compareQuiescent(after);
  }

  private takeParked(member: SlotId, request: ParkedRequest, what: string): string {
    const key = `${member}:${request}`;
    const id = this.parked.get(key);
    if (id === undefined) throw new Disagreement(`the model ${what} a parked ${request} of ${member} the adapter never saw parked`);
    this.parked.delete(key);
    return id;
  }

  /** Learns ids from an answer; records the leader of each generation. */
  private observe(member: SlotId, response: GroupResponse): void {
    if (response.api !== 'JoinGroup') return;
    if (response.errorCode === 79) this.learn(member, response.memberId);
    if (response.errorCode === 0) {
      this.learn(member, response.memberId);
      const leader = this.slotOfId.get(response.leader) ?? response.leader;
      const seen = this.leaders.get(response.generationId);
      check(seen === undefined || seen === leader, () => `[INV-01] generation ${response.generationId} has leaders ${seen} and ${leader}`);
      this.leaders.set(response.generationId, leader);
    }
  }

  /** Members of the runtime's group are matched to slots by instance id or client id. */
  private learnIds(): void {
    const g = this.group();
    if (g === undefined) return;
    for (const m of g.members.values()) {
      const slot = (m.groupInstanceId?.startsWith('i-') ? m.groupInstanceId.slice(2) : m.clientId) as SlotId;
      if (this.kinds.has(slot)) this.learn(slot, m.memberId);
    }
  }

  private learn(slot: SlotId, memberId: string): void {
    this.ownIds.set(slot, memberId);
    this.slotOfId.set(memberId, slot);
  }

  /** Invariants that hold after every step, quiescent or not. */
  private checkInvariants(): void {
    const g = this.group();
    if (g === undefined) return;
    check(g.generationId >= this.lastGeneration, () => `[INV-02] generation went from ${this.lastGeneration} to ${g.generationId}`);
    this.lastGeneration = g.generationId;
    for (const id of g.pendingJoinMembers) check(!g.members.has(id), () => `${id} is both pending and a member`);
    for (const id of this.dropped) check(this.runtime.response(id) === undefined, () => `dropped request ${id} was answered later`);
  }

  /** The slot's id as the group knows it, for comparisons (a slot without one shows as `?slot`). */
  private idOf(slot: SlotId): string {
    return this.ownIds.get(slot) ?? `?${slot}`;
  }

  private compareQuiescent(after: HasGroupContext): void {
    const p = predictionOf(after);
    const g = this.group();
    if (!after.context.groupExists) {
      check(g === undefined, () => `the runtime created group ${GROUP_ID}, the model did not`);
      same(p.generation, 0, 'generation of a group that does not exist');
    } else {
      check(g !== undefined, () => `the model created group ${GROUP_ID}, the runtime did not`);
      same(g!.state, p.state, 'group state');
      same(g!.generationId, p.generation, 'generation');
      same(g!.leaderId, p.leader === null ? null : this.idOf(p.leader), 'leader');
      same([...g!.members.keys()], p.members.map((s) => this.idOf(s)), 'members in join order');
      same([...g!.pendingJoinMembers].sort(), p.pending.map((s) => this.idOf(s)).sort(), 'pending member ids');
    }
    for (const [key, id] of this.parked) {
      check(this.runtime.isPending(id) && this.runtime.response(id) === undefined, () => `parked ${key} (${id}) was answered unexpectedly: ${JSON.stringify(this.runtime.response(id))}`);
    }
    for (const slot of after.context.slots) {
      for (const request of ['joinGroup', 'syncGroup'] as const) {
        const flag = request === 'joinGroup' ? slot.awaitingJoin : slot.awaitingSync;
        same(this.parked.has(`${slot.id}:${request}`), flag, `${slot.id} has a parked ${request}`);
      }
    }
    const parkedIds = new Set(this.parked.values());
    for (const [id, done] of this.accounted) {
      check(done || parkedIds.has(id), () => `request ${id} is neither answered as predicted, parked nor dropped`);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Requests.

  private memberId(slot: SlotId, ref: MemberIdRef): string {
    if (ref === 'empty') return '';
    if (ref === 'other') return `nobody-${slot}`;
    const id = this.ownIds.get(slot);
    if (id === undefined) throw new Disagreement(`${slot} sends its own id, but the adapter never learnt one`);
    return id;
  }

  private generationId(ctx: GroupContext, ref: GenerationRef): number {
    return ref === 'current' ? ctx.generation : staleGenerationId(ctx.generation);
  }

  private instanceId(slot: SlotId): string | null {
    return this.kinds.get(slot) === 'static' ? `i-${slot}` : null;
  }

  private protocols(slot: SlotId, change: 'same' | 'changed'): { name: string; metadata: Uint8Array }[] {
    const version = (this.metadata.get(slot) ?? 0) + (change === 'changed' ? 1 : 0);
    this.metadata.set(slot, version);
    return [{ name: 'range', metadata: new Uint8Array([version & 0xff, version >> 8]) }];
  }

  /** The request an event stands for. */
  request(ctx: GroupContext, event: GroupRequestEvent): GroupRequest {
    const slot = event.member;
    const common = { groupId: GROUP_ID, clientId: slot, memberId: this.memberId(slot, event.memberId), groupInstanceId: this.instanceId(slot) };
    switch (event.type) {
      case 'request.joinGroup': {
        const incompatible = event.protocols === 'incompatible';
        return joinGroup({
          ...common,
          version: event.version === 'v1-3' ? 3 : 9,
          groupInstanceId: event.version === 'v1-3' ? null : common.groupInstanceId,
          sessionTimeoutMs: this.ms.sessionTimeoutMs,
          rebalanceTimeoutMs: this.ms.rebalanceTimeoutMs,
          protocolType: incompatible ? '' : 'consumer',
          protocols: incompatible ? [] : this.protocols(slot, event.protocols),
        });
      }
      case 'request.syncGroup':
        return syncGroup({ ...common, generationId: this.generationId(ctx, event.generation) });
      case 'request.heartbeat':
        return heartbeat({ ...common, generationId: this.generationId(ctx, event.generation) });
      case 'request.leaveGroup':
        return leaveGroup([{ memberId: common.memberId, groupInstanceId: common.groupInstanceId, reason: null }]);
      case 'request.offsetCommit':
        return {
          api: 'OffsetCommit',
          version: 9,
          clientId: slot,
          clientHost: '/127.0.0.1',
          groupId: GROUP_ID,
          generationIdOrMemberEpoch: this.generationId(ctx, event.generation),
          memberId: common.memberId,
          groupInstanceId: common.groupInstanceId,
          retentionTimeMs: -1,
          topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null }] }],
        };
    }
  }

  /** Ids the adapter knows, for failure messages. */
  describe(): string {
    return JSON.stringify({ ids: Object.fromEntries(this.ownIds), parked: Object.fromEntries(this.parked), nowMs: this.runtime.clock.nowMs() });
  }
}
