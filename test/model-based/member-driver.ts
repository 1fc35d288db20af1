/**
 * Plays the member's side of the protocol for the member statechart against the real
 * coordinator: it sends the requests the statechart says the member sent, and turns the
 * broker's real answers into the statechart's events.
 *
 * @remarks
 * A path through the member statechart plans each answer (say `response.heartbeat` with
 * REBALANCE_IN_PROGRESS). The driver sets the scene so the broker gives it, then sends the
 * member's request and feeds the broker's answer, whatever it is, to the statechart:
 * - NONE: nothing to prepare (a parked JoinGroup waits for its join phase; a follower's
 *   SyncGroup for the peer's, as leader);
 * - REBALANCE_IN_PROGRESS: the peer joins, or rejoins with new metadata;
 * - UNKNOWN_MEMBER_ID: an admin removes the member (KIP-345);
 * - ILLEGAL_GENERATION (static members only): a rebalance the member sits out completes;
 * - FENCED_INSTANCE_ID (static only): the rival joins with the member's instance id;
 * - NOT_COORDINATOR: the group's coordinator moves to another broker;
 * - COORDINATOR_LOAD_IN_PROGRESS: the member's broker becomes coordinator again and loads;
 * - INCONSISTENT_GROUP_PROTOCOL: the member offers a protocol the peer does not support.
 * Requests are sent when their answer is due (a request in flight for a while) or, when the
 * member moves on without awaiting the answer, before the next event; those answers are
 * dropped, as the member ignores them. Heartbeats and commits are sent when answered.
 */
import type {
  MemberContext,
  MemberEvent,
  MemberRequest,
  PartitionId,
  RebalanceProtocol,
} from '../../machines/index.js';
import { readablePartitions } from '../../machines/index.js';
import { heartbeat, leaveGroup, syncGroup } from '../../src/conformance/scenario.js';
import type { GroupRequest, GroupResponse, HeartbeatResponse, JoinGroupResponse, LeaveGroupResponse, SyncGroupResponse } from '../../src/protocol/messages/index.js';
import { errorCodeOf } from './group-adapter.js';
import { GROUP, Peer, TOPIC, World, assignmentBytes, join, partitionsOf, protocolList, rivalJoin } from './member-world.js';

/** One member variant: its rebalance protocol and whether it is static. */
export interface MemberVariant {
  readonly protocol: RebalanceProtocol;
  readonly isStatic: boolean;
}

/** The member's partitions: `p0`, `p1` of topic `t`. */
export const MEMBER_PARTITIONS = 2;

const CLIENT = 'me';
const INSTANCE = 'i-me';

/** What the statechart sees of a snapshot. */
interface HasMemberContext {
  readonly value: unknown;
  readonly context: MemberContext;
}

/** Whether the member still awaits the answer to `request` in this state. */
export function awaits(ctx: MemberContext, request: MemberRequest): boolean {
  switch (request) {
    case 'findCoordinator':
      return !ctx.coordinatorKnown && ctx.state !== 'left' && ctx.state !== 'fatal';
    case 'joinGroup':
      return ctx.state === 'preparingRebalance';
    case 'syncGroup':
      return ctx.state === 'completingRebalance';
    case 'heartbeat':
      return ctx.lastCase === 'heartbeat.send';
    case 'leaveGroup':
      return ctx.state === 'leaving';
  }
}

/** The member's side of one run. */
export class MemberDriver {
  readonly world: World;
  readonly variant: MemberVariant;
  private readonly peer: Peer;
  /** Requests the member sent that are not on the wire yet, with whether it had a member id then. */
  private readonly deferred = new Map<MemberRequest, boolean>();
  private node: number | null = null;
  private memberId: string | null = null;
  private generation = -1;
  private leader = false;
  private members: string[] = [];
  private protocolName: string | null = null;
  /** What the broker last assigned the member (its last successful SyncGroup). */
  private assigned: PartitionId[] = [];
  /** The rest of the path, for the assignment the peer gives as leader. */
  private upcoming: readonly MemberEvent[] = [];

  constructor(variant: MemberVariant) {
    this.variant = variant;
    this.world = new World(MEMBER_PARTITIONS);
    this.peer = new Peer(this.world);
  }

  private get instance(): string | null {
    return this.variant.isStatic ? INSTANCE : null;
  }

  /** The assignment the path plans for the member at its next successful SyncGroup. */
  private plannedAssignment(): readonly PartitionId[] {
    const next = this.upcoming.find((e) => e.type === 'response.syncGroup' && e.errorCode === 0);
    return next?.type === 'response.syncGroup' ? next.assigned : [];
  }

  private pumpPeer(): void {
    this.peer.pump((memberId) => (memberId === this.memberId ? this.plannedAssignment() : []));
  }

  /**
   * The real event for the planned one: for an answer, the broker's answer to the member's
   * request after setting the scene; for anything else (poll, close, the member's own
   * timers, a found coordinator) the planned event itself.
   */
  realize(planned: MemberEvent, upcoming: readonly MemberEvent[]): MemberEvent {
    this.upcoming = upcoming;
    switch (planned.type) {
      case 'coordinator.found':
        this.deferred.delete('findCoordinator');
        this.node = this.world.findCoordinator().nodeId;
        return planned;
      case 'response.joinGroup':
        return { type: 'response.joinGroup', errorCode: this.joinAnswer(this.take('joinGroup'), planned.errorCode) as typeof planned.errorCode };
      case 'response.syncGroup': {
        const answer = this.syncAnswer(planned.errorCode, planned.assigned);
        const assigned = answer.errorCode === 0 ? partitionsOf(answer.assignment) : [];
        if (answer.errorCode === 0) this.assigned = assigned;
        return { type: 'response.syncGroup', errorCode: answer.errorCode as typeof planned.errorCode, assigned };
      }
      case 'response.heartbeat':
        this.take('heartbeat');
        this.setScene(planned.errorCode);
        return { type: 'response.heartbeat', errorCode: this.ask<HeartbeatResponse>(this.heartbeatRequest()).errorCode as typeof planned.errorCode };
      case 'response.offsetCommit':
        this.setScene(planned.errorCode);
        return { type: 'response.offsetCommit', errorCode: errorCodeOf(this.ask(this.commitRequest())) as typeof planned.errorCode };
      case 'response.leaveGroup':
        this.take('leaveGroup');
        return { type: 'response.leaveGroup', errorCode: errorCodeOf(this.ask<LeaveGroupResponse>(this.leaveRequest())) as typeof planned.errorCode };
      default:
        return planned;
    }
  }

  /**
   * After the statechart took an event: requests it no longer awaits go out now (their answers
   * are ignored); the ones it just sent wait for their answers; the peer catches up.
   */
  afterStep(after: HasMemberContext): void {
    const ctx = after.context;
    for (const [request, hadMemberId] of [...this.deferred]) {
      if (!awaits(ctx, request)) this.flush(request, hadMemberId);
    }
    for (const request of ctx.sent) {
      if (awaits(ctx, request)) this.deferred.set(request, ctx.hasMemberId);
      else this.flush(request, ctx.hasMemberId);
    }
    this.pumpPeer();
  }

  /** Reads: a member reads only what the broker assigned it, and in Stable with a generation, exactly that. */
  checkReads(after: HasMemberContext): void {
    const reads = readablePartitions(after);
    const stray = reads.filter((p) => !this.assigned.includes(p));
    if (stray.length > 0) throw new Error(`the member reads ${stray.join(',')}, which the broker never assigned it (assigned: ${this.assigned.join(',')})`);
    if (after.context.state === 'stable' && after.context.hasGeneration && reads.join() !== this.assigned.join()) {
      throw new Error(`a Stable member reads ${reads.join(',')}, but the broker assigned it ${this.assigned.join(',')}`);
    }
  }

  // ------------------------------------------------------------------------------------------

  /** Takes a request off the deferred ones to send it now; returns whether the member had a member id when it sent it. */
  private take(request: MemberRequest): boolean {
    const hadMemberId = this.deferred.get(request);
    if (hadMemberId === undefined) throw new Error(`an answer to ${request}, which the member has not sent`);
    this.deferred.delete(request);
    return hadMemberId;
  }

  /** The member's broker: the coordinator it found. */
  private memberNode(): number {
    if (this.node === null) throw new Error('the member sends before it found the coordinator');
    return this.node;
  }

  /** Sends a request of the member and returns the answer, waiting for a parked one. */
  private ask<R extends GroupResponse>(request: GroupRequest): R {
    return this.world.waitFor<R>(this.world.send(this.memberNode(), request));
  }

  private flush(request: MemberRequest, hadMemberId: boolean): void {
    this.deferred.delete(request);
    switch (request) {
      case 'findCoordinator':
        return;
      case 'joinGroup':
        this.world.send(this.memberNode(), this.joinRequest(hadMemberId, false));
        return;
      case 'syncGroup':
        this.world.send(this.memberNode(), this.syncRequest([]));
        return;
      case 'heartbeat':
        this.world.send(this.memberNode(), this.heartbeatRequest());
        return;
      case 'leaveGroup':
        this.world.send(this.memberNode(), this.leaveRequest());
    }
  }

  /** Sets the scene for a heartbeat, commit or SyncGroup answer. */
  private setScene(code: number): void {
    const node = this.memberNode();
    if (code === 16 || code === 15) return this.world.moveAwayFrom(node);
    if (node === this.world.coordinator()) this.world.ensureActive();
    switch (code) {
      case 27:
        return this.peer.triggerRebalance();
      case 25:
        return this.world.removeClient(CLIENT, this.instance);
      case 22:
        return this.sitOutRebalance();
      case 82:
        return rivalJoin(this.world, INSTANCE);
    }
  }

  /** A rebalance completes without the (static) member: its generation is stale after it. */
  private sitOutRebalance(): void {
    this.peer.triggerRebalance();
    for (let waited = 0; this.world.group()?.state === 'PreparingRebalance'; waited += 250) {
      if (waited > 120_000) throw new Error('the rebalance never completed');
      this.world.kafka.advance(250);
    }
    this.pumpPeer();
  }

  private joinAnswer(hasId: boolean, planned: number): number {
    const node = this.memberNode();
    if (planned === 14) this.world.loadOn(node);
    else if (planned === 16 || planned === 15) this.world.moveAwayFrom(node);
    else if (node === this.world.coordinator()) this.world.ensureActive();
    if (planned === 25) this.world.removeClient(CLIENT, this.instance);
    if (planned === 82 && hasId) rivalJoin(this.world, INSTANCE);
    if (planned === 23 && (this.world.group()?.members.size ?? 0) === 0) this.peer.triggerRebalance();
    const id = this.world.send(node, this.joinRequest(hasId, planned === 23));
    if (this.world.answer(id) === undefined) {
      if (planned === 25) this.world.removeClient(CLIENT, this.instance);
      if (planned === 82) rivalJoin(this.world, INSTANCE);
    }
    const answer = this.world.waitFor<JoinGroupResponse>(id);
    if (answer.errorCode === 79) this.memberId = answer.memberId;
    if (answer.errorCode === 0) {
      this.memberId = answer.memberId;
      this.generation = answer.generationId;
      this.leader = answer.leader === answer.memberId;
      this.members = answer.members.map((m) => m.memberId);
      this.protocolName = answer.protocolName;
    }
    this.pumpPeer();
    return answer.errorCode;
  }

  private syncAnswer(planned: number, assigned: readonly PartitionId[]): SyncGroupResponse {
    this.take('syncGroup');
    this.setScene(planned);
    const id = this.world.send(this.memberNode(), this.syncRequest(assigned));
    if (this.world.answer(id) === undefined) this.pumpPeer();
    return this.world.waitFor<SyncGroupResponse>(id);
  }

  // ------------------------------------------------------------------------------------------
  // The member's requests.

  private joinRequest(hasMemberId: boolean, incompatible: boolean): GroupRequest {
    const names = incompatible ? ['roundrobin'] : [this.variant.protocol === 'eager' ? 'range' : 'cooperative-sticky'];
    return join(CLIENT, hasMemberId ? (this.memberId ?? '') : '', this.instance, protocolList(names, 0));
  }

  private syncRequest(assigned: readonly PartitionId[]): GroupRequest {
    const others = this.members.filter((m) => m !== this.memberId);
    const rest = Array.from({ length: MEMBER_PARTITIONS }, (_, i): PartitionId => `p${i}`).filter((p) => !assigned.includes(p));
    const assignments = this.leader
      ? [{ memberId: this.memberId ?? '', assignment: assignmentBytes(assigned) }, ...others.map((m, i) => ({ memberId: m, assignment: assignmentBytes(i === 0 ? rest : []) }))]
      : [];
    return syncGroup({ ...this.identity(), generationId: this.generation, protocolName: this.protocolName ?? 'range', assignments });
  }

  private heartbeatRequest(): GroupRequest {
    return heartbeat({ ...this.identity(), generationId: this.generation });
  }

  private commitRequest(): GroupRequest {
    return {
      api: 'OffsetCommit',
      version: 9,
      clientId: CLIENT,
      clientHost: '/127.0.0.1',
      groupId: GROUP,
      generationIdOrMemberEpoch: this.generation,
      memberId: this.memberId ?? '',
      groupInstanceId: this.instance,
      retentionTimeMs: -1,
      topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null }] }],
    };
  }

  private leaveRequest(): GroupRequest {
    return leaveGroup([{ memberId: this.memberId ?? '', groupInstanceId: this.instance, reason: null }]);
  }

  private identity(): { groupId: string; clientId: string; memberId: string; groupInstanceId: string | null } {
    return { groupId: GROUP, clientId: CLIENT, memberId: this.memberId ?? '', groupInstanceId: this.instance };
  }

  /** What the driver knows, for failure messages. */
  describe(): string {
    const g = this.world.group();
    return JSON.stringify({
      memberId: this.memberId,
      generation: this.generation,
      leader: this.leader,
      node: this.node,
      coordinator: this.world.kafka.coordinatorFor(GROUP),
      assigned: this.assigned,
      deferred: [...this.deferred],
      group: g === undefined ? null : { state: g.state, generation: g.generationId, leader: g.leaderId, members: [...g.members.keys()], pending: [...g.pendingJoinMembers] },
      nowMs: this.world.kafka.clock.nowMs(),
    });
  }
}
