/**
 * The world a consumer member runs in for model-based tests of the member statechart: an
 * in-memory three-broker cluster (the real coordinator, with FindCoordinator, failover and
 * loading) and the other clients of the group the test directs: a dynamic `peer` member, a
 * static `rival` that claims the member's `group.instance.id`, and an admin that removes
 * members (KIP-345's `removeMembersFromConsumerGroup`).
 *
 * @remarks
 * The cluster is the same coordinator core as `GroupCoordinatorRuntime`, behind brokers: it is
 * needed here because a member also sees FindCoordinator answers, NOT_COORDINATOR from a
 * broker that lost the group and COORDINATOR_LOAD_IN_PROGRESS from one still loading it.
 * `__consumer_offsets` has one partition and loads one record per millisecond, so a moved
 * coordinator loads for a few virtual milliseconds.
 */
import { InMemoryKafka } from '../../src/broker/in-memory-kafka.js';
import { CONSUMER_OFFSETS_TOPIC } from '../../src/broker/coordinator-placement.js';
import { findCoordinatorRequest } from '../../src/protocol/messages/find-coordinator.js';
import type { FindCoordinatorResponse } from '../../src/protocol/messages/find-coordinator.js';
import { decodeAssignment, encodeAssignment } from '../../src/protocol/consumer-protocol/index.js';
import type { ClassicGroup } from '../../src/protocol/group.js';
import type { GroupRequest, GroupResponse, JoinGroupProtocol, JoinGroupResponse } from '../../src/protocol/messages/index.js';
import { joinGroup, leaveGroup, syncGroup } from '../../src/conformance/scenario.js';
import type { PartitionId } from '../../machines/index.js';

export const GROUP = 'g';
export const TOPIC = 't';

/** Every client's timeouts; sessions outlast any wait of a test, so only rebalances remove members. */
export const TIMEOUTS = { sessionTimeoutMs: 600_000, rebalanceTimeoutMs: 10_000, initialRebalanceDelayMs: 1_000 } as const;

/** The assignment bytes of symbolic partitions (`p1` is partition 1 of topic `t`). */
export function assignmentBytes(partitions: readonly PartitionId[]): Uint8Array {
  return encodeAssignment({ partitions: partitions.map((p) => ({ topic: TOPIC, partition: Number(p.slice(1)) })), userData: null });
}

/** The symbolic partitions of assignment bytes, in partition order (empty bytes: none). */
export function partitionsOf(bytes: Uint8Array): PartitionId[] {
  if (bytes.length === 0) return [];
  return decodeAssignment(bytes)
    .partitions.map((tp) => tp.partition)
    .sort((a, b) => a - b)
    .map((p): PartitionId => `p${p}`);
}

/** A protocol list with the given names, metadata tagged by `version`. */
export function protocolList(names: readonly string[], version: number): JoinGroupProtocol[] {
  return names.map((name) => ({ name, metadata: new TextEncoder().encode(`${name}:${version}`) }));
}

/** A JoinGroup v9 of group `g` with the common timeouts. */
export function join(clientId: string, memberId: string, groupInstanceId: string | null, protocols: readonly JoinGroupProtocol[]): GroupRequest {
  return joinGroup({ groupId: GROUP, clientId, memberId, groupInstanceId, protocols, ...TIMEOUTS });
}

/** The cluster and the group's coordinator as the test sees it (omniscient, unlike the member). */
export class World {
  readonly kafka: InMemoryKafka;
  readonly partitions: number;
  private auxCommits = 0;

  constructor(partitions: number) {
    this.partitions = partitions;
    this.kafka = new InMemoryKafka({
      brokers: 3,
      offsetsTopicPartitions: 1,
      loadRecordsPerMs: 1,
      config: { initialRebalanceDelayMs: TIMEOUTS.initialRebalanceDelayMs },
    });
    const created = this.kafka.cluster.createTopic(TOPIC, partitions, 3);
    if ('error' in created) throw new Error(`cannot create topic ${TOPIC}: ${created.error}`);
    this.kafka.settle();
  }

  /** The broker that coordinates the group now. */
  coordinator(): number {
    const node = this.kafka.coordinatorFor(GROUP);
    if (node === null) throw new Error('the group has no coordinator');
    return node;
  }

  /** Whether the coordinator has loaded the group's partition. */
  active(): boolean {
    return this.kafka.shardFor(GROUP)?.status === 'active';
  }

  /** Lets virtual time pass until the coordinator has loaded (a few ms after a move). */
  ensureActive(): void {
    for (let i = 0; i < 10_000 && !this.active(); i++) this.kafka.advance(1);
    if (!this.active()) throw new Error('the coordinator never finished loading');
  }

  /** The live group on the coordinator, once loaded. */
  group(): ClassicGroup | undefined {
    const shard = this.kafka.shardFor(GROUP);
    return shard?.status === 'active' ? shard.state.groups.get(GROUP) : undefined;
  }

  /** Sends a request to a broker; returns its request id. */
  send(node: number, request: GroupRequest): string {
    return this.kafka.send(node, request);
  }

  /** Sends to the group's coordinator, once it has loaded (as the other clients, which know it, do). */
  toCoordinator(request: GroupRequest): string {
    this.ensureActive();
    return this.send(this.coordinator(), request);
  }

  /** The answer to a request, if it has one. */
  answer<R extends GroupResponse>(requestId: string): R | undefined {
    const delivery = this.kafka.delivery(requestId);
    if (delivery?.kind === 'networkError') throw new Error(`request ${requestId} failed: ${delivery.reason}`);
    return this.kafka.response(requestId) as R | undefined;
  }

  /** Lets time pass until the request is answered (a parked JoinGroup waits for its join phase). */
  waitFor<R extends GroupResponse>(requestId: string, maxMs = 120_000): R {
    for (let waited = 0; ; waited += 250) {
      const answer = this.answer<R>(requestId);
      if (answer !== undefined) return answer;
      if (waited >= maxMs) throw new Error(`request ${requestId} not answered within ${maxMs} ms`);
      this.kafka.advance(250);
    }
  }

  /** FindCoordinator v3 for the group, asked of broker 0. */
  findCoordinator(): FindCoordinatorResponse {
    const id = this.kafka.send(0, findCoordinatorRequest(3, [GROUP]));
    const answer = this.kafka.response(id) as FindCoordinatorResponse | undefined;
    if (answer === undefined || answer.errorCode !== 0) throw new Error(`FindCoordinator failed: ${JSON.stringify(answer)}`);
    return answer;
  }

  /** Moves the coordinator from `node` (if it has it) to another in-sync replica. */
  moveAwayFrom(node: number): void {
    this.ensureActive();
    if (this.coordinator() !== node) return;
    this.kafka.moveCoordinator(GROUP, this.otherReplica(node));
  }

  /**
   * Makes `node` the coordinator, loading: moves the group there (away and back if it is the
   * coordinator already). The partition gets a record first if it has none, so that loading
   * takes at least a millisecond.
   */
  loadOn(node: number): void {
    this.ensureActive();
    const log = this.kafka.cluster.log(CONSUMER_OFFSETS_TOPIC, 0, this.coordinator()) ?? [];
    if (log.length === 0) this.commitElsewhere();
    if (this.coordinator() === node) {
      this.kafka.moveCoordinator(GROUP, this.otherReplica(node));
      this.ensureActive();
    }
    this.kafka.moveCoordinator(GROUP, node);
    if (this.active()) throw new Error(`broker ${node} loaded the group at once`);
  }

  /** An offset commit of another group sharing the partition, so that the partition has a record. */
  private commitElsewhere(): void {
    const id = this.toCoordinator({
      api: 'OffsetCommit',
      version: 9,
      clientId: 'aux',
      clientHost: '/127.0.0.1',
      groupId: `aux-${this.auxCommits++}`,
      generationIdOrMemberEpoch: -1,
      memberId: '',
      groupInstanceId: null,
      retentionTimeMs: -1,
      topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null }] }],
    });
    this.waitFor(id);
  }

  private otherReplica(node: number): number {
    const info = this.kafka.cluster.partition(CONSUMER_OFFSETS_TOPIC, 0);
    const other = info?.isr.find((n) => n !== node);
    if (other === undefined) throw new Error(`no in-sync replica besides ${node}`);
    return other;
  }

  /** Removes every identity of client `clientId` (member and pending ids, or its instance id). */
  removeClient(clientId: string, groupInstanceId: string | null): void {
    const g = this.group() ?? (this.ensureActive(), this.group());
    if (g === undefined) return;
    const identities =
      groupInstanceId !== null
        ? [...g.members.values()].filter((m) => m.groupInstanceId === groupInstanceId).map(() => ({ memberId: '', groupInstanceId, reason: null }))
        : [...g.members.values()]
            .filter((m) => m.clientId === clientId)
            .map((m) => m.memberId)
            .concat([...g.pendingJoinMembers].filter((id) => id.startsWith(`${clientId}-`)))
            .map((memberId) => ({ memberId, groupInstanceId: null, reason: null }));
    if (identities.length === 0) return;
    this.waitFor(this.toCoordinator(leaveGroup(identities)));
  }
}

/**
 * The peer: a well-behaved dynamic member (two-step join, SyncGroup once joined, as leader
 * with the assignment the test plans for the member under test), passive otherwise.
 */
export class Peer {
  id: string | null = null;
  private generation = -1;
  private leader = false;
  private members: string[] = [];
  private protocolName: string | null = null;
  private metadata = 0;
  private joinRequest: string | null = null;
  private syncedGeneration = -1;

  constructor(private readonly world: World) {}

  /** Whether the group has the peer as a member. */
  isMember(): boolean {
    return this.id !== null && this.world.group()?.members.has(this.id) === true;
  }

  private protocols(): JoinGroupProtocol[] {
    return protocolList(['range', 'cooperative-sticky'], this.metadata);
  }

  /** Starts a rebalance it takes part in: joins as a new member, or rejoins with changed metadata. */
  triggerRebalance(): void {
    const g = this.world.group();
    if (g?.state === 'PreparingRebalance' && this.id !== null && g.members.get(this.id)?.awaitingJoin) return;
    if (this.isMember()) {
      this.metadata++;
      this.joinRequest = this.world.toCoordinator(join('peer', this.id!, null, this.protocols()));
      return;
    }
    const first = this.world.answer<JoinGroupResponse>(this.world.toCoordinator(join('peer', '', null, this.protocols())));
    if (first?.errorCode !== 79) throw new Error(`peer: expected MEMBER_ID_REQUIRED, got ${JSON.stringify(first)}`);
    this.id = first.memberId;
    this.joinRequest = this.world.toCoordinator(join('peer', this.id, null, this.protocols()));
  }

  /**
   * Takes its JoinGroup answer when there is one and sends SyncGroup for the new generation:
   * as leader it gives `assignFor(memberId)` to every other member and the rest to itself.
   */
  pump(assignFor: (memberId: string) => readonly PartitionId[]): void {
    if (this.joinRequest === null) return;
    const answer = this.world.answer<JoinGroupResponse>(this.joinRequest);
    if (answer === undefined) return;
    this.joinRequest = null;
    if (answer.errorCode !== 0) return;
    this.generation = answer.generationId;
    this.leader = answer.leader === answer.memberId;
    this.members = answer.members.map((m) => m.memberId);
    this.protocolName = answer.protocolName;
    if (this.syncedGeneration === this.generation) return;
    this.syncedGeneration = this.generation;
    const others = this.members.filter((m) => m !== this.id);
    const given = new Set(others.flatMap((m) => assignFor(m)));
    const own = Array.from({ length: this.world.partitions }, (_, i): PartitionId => `p${i}`).filter((p) => !given.has(p));
    const assignments = this.leader
      ? [...others.map((m) => ({ memberId: m, assignment: assignmentBytes(assignFor(m)) })), { memberId: this.id!, assignment: assignmentBytes(own) }]
      : [];
    this.world.toCoordinator(syncGroup({ groupId: GROUP, clientId: 'peer', memberId: this.id!, generationId: this.generation, protocolName: this.protocolName, assignments }));
  }
}

/** The rival: a static member with the same `group.instance.id` as the member under test. */
export function rivalJoin(world: World, groupInstanceId: string): void {
  world.toCoordinator(join('rival', '', groupInstanceId, protocolList(['range', 'cooperative-sticky'], 0)));
}
