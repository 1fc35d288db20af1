/**
 * The in-memory Kafka cluster: brokers that crash and restart, topics whose partitions are
 * replicated from a leader to followers in virtual time, and the events a group coordinator
 * needs (leadership changes to load and unload, commits to answer its requests).
 *
 * @remarks
 * Everything that happens later (a follower fetch) is a task on the shared
 * {@link EventLoop}; nothing reads ambient time or randomness, and every iteration is over
 * arrays or insertion-ordered maps, so a run replays exactly.
 *
 * Events and commit callbacks are delivered after the operation that caused them has
 * finished changing state, in the order they happened (RP-18). A listener may call back
 * into the cluster; what that causes is delivered after the events already queued.
 *
 * @example
 * ```ts
 * const loop = new EventLoop(new ManualClock(0));
 * const cluster = new Cluster<string>({ loop, brokers: 3 });
 * cluster.createTopic('orders', 1, 3);
 * const r = cluster.append('orders', 0, ['a']);
 * if (!('error' in r)) cluster.onCommitted('orders', 0, r.lastOffset, (c) => console.log(c), r.leaderEpoch);
 * loop.advance(1); // followers fetch; the high watermark passes offset 0; the callback runs
 * ```
 * @see spec/cluster.md
 */
import type { EventLoop } from '../../time/event-loop.js';
import { FollowerFetches } from './follower-fetches.js';
import { Partition, type AppendExpectation, type PartitionContext } from './partition.js';
import { assignReplicas, INTERNAL_TOPICS, isValidTopicName, topicIdFor } from './placement.js';
import type {
  AdminResult,
  ClusterOptions,
  DeleteTopicResult,
  AppendResult,
  BrokerInfo,
  BrokerSpec,
  ClusterEvent,
  CommitResult,
  CreateTopicOptions,
  FetchResult,
  LeaderChange,
  LogEntry,
  MoveLeadershipResult,
  OffsetLookupResult,
  PartitionInfo,
  TopicInfo,
  Unsubscribe,
} from './types.js';

export type { ClusterOptions } from './types.js';

interface Broker {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
  up: boolean;
}

interface Topic<T> {
  readonly name: string;
  readonly topicId: string;
  readonly partitions: Partition<T>[];
  /** The follower fetches of each partition, by partition index. */
  readonly fetches: FollowerFetches[];
  readonly minInsyncReplicas: number;
}

/** Queued work: an event for the listeners, a task, or a waiter's callback with its result. */
interface Pending {
  readonly task: (() => void) | undefined;
  readonly event: ClusterEvent | undefined;
  readonly callback: ((result: CommitResult) => void) | undefined;
  readonly result: CommitResult | undefined;
}

/**
 * An in-memory cluster of brokers holding replicated topic partitions.
 *
 * @typeParam T - The record type of the logs (opaque to the cluster).
 */
export class Cluster<T = unknown> {
  readonly loop: EventLoop;
  readonly clusterId: string;
  readonly replicaFetchDelayMs: number;
  readonly replicaFetchMaxRecords: number;
  readonly minInsyncReplicas: number;
  /** RP-23: the next producer id for InitProducerId. */
  readonly newProducerId: () => number;
  private readonly brokerById = new Map<number, Broker>();
  /** Topics in creation order: crash and restart visit partitions in this order. */
  private readonly topicByName = new Map<string, Topic<T>>();
  private readonly topicById = new Map<string, string>();
  /** Topics ever created: ids stay unique when topics are deleted (RP-22). */
  private topicsCreated = 0;
  /**
   * Copy on write: subscribing or unsubscribing replaces the array, so a delivery loops over
   * the listeners as they were when the event was taken from the queue without copying them
   * for every event (one per high-watermark move).
   */
  private listeners: readonly ((e: ClusterEvent) => void)[] = [];
  private readonly queue: Pending[] = [];
  private flushing = false;

  constructor(options: ClusterOptions) {
    this.loop = options.loop;
    this.clusterId = options.clusterId ?? 'kgspec-cluster';
    this.replicaFetchDelayMs = nonNegative('replicaFetchDelayMs', options.replicaFetchDelayMs ?? 1);
    this.replicaFetchMaxRecords = options.replicaFetchMaxRecords ?? Number.POSITIVE_INFINITY;
    if (!(this.replicaFetchMaxRecords >= 1)) throw new RangeError('replicaFetchMaxRecords must be at least 1');
    this.minInsyncReplicas = options.minInsyncReplicas ?? 1;
    let producerIds = 0;
    this.newProducerId = options.newProducerId ?? (() => producerIds++);
    const specs = options.brokers ?? 3;
    const list: readonly BrokerSpec[] = typeof specs === 'number' ? Array.from({ length: specs }, (_, nodeId) => ({ nodeId })) : specs;
    if (list.length === 0) throw new RangeError('a cluster needs at least one broker');
    for (const s of list) {
      if (!Number.isInteger(s.nodeId) || s.nodeId < 0) throw new RangeError(`nodeId must be a non-negative integer, got ${s.nodeId}`);
      if (this.brokerById.has(s.nodeId)) throw new RangeError(`duplicate broker id ${s.nodeId}`);
      this.brokerById.set(s.nodeId, {
        nodeId: s.nodeId,
        host: s.host ?? `broker-${s.nodeId}.local`,
        port: s.port ?? 9092,
        rack: s.rack ?? null,
        up: true,
      });
    }
  }

  // ---- brokers -------------------------------------------------------------------------

  /** Every broker, by id. */
  brokers(): BrokerInfo[] {
    return [...this.brokerById.values()].sort((a, b) => a.nodeId - b.nodeId).map(snapshotBroker);
  }

  /** One broker, or undefined for an unknown id. */
  broker(nodeId: number): BrokerInfo | undefined {
    const b = this.brokerById.get(nodeId);
    return b === undefined ? undefined : snapshotBroker(b);
  }

  /** Whether `nodeId` is a known broker that is running. */
  isUp(nodeId: number): boolean {
    return this.brokerById.get(nodeId)?.up ?? false;
  }

  /**
   * RP-08: broker `nodeId` crashes. Returns false (and changes nothing) if it was already down.
   *
   * @throws RangeError for an unknown broker id.
   */
  crash(nodeId: number): boolean {
    const b = this.requireBroker(nodeId);
    if (!b.up) return false;
    b.up = false;
    this.enqueue({ type: 'brokerDown', nodeId });
    for (const p of this.allPartitions()) p.brokerDown(nodeId);
    this.flush();
    return true;
  }

  /**
   * RP-12: broker `nodeId` restarts. Returns false (and changes nothing) if it was already up.
   *
   * @throws RangeError for an unknown broker id.
   */
  restart(nodeId: number): boolean {
    const b = this.requireBroker(nodeId);
    if (b.up) return false;
    b.up = true;
    this.enqueue({ type: 'brokerUp', nodeId });
    for (const p of this.allPartitions()) p.brokerUp(nodeId);
    this.flush();
    return true;
  }

  // ---- topics --------------------------------------------------------------------------

  /** Names of every topic, sorted. */
  topics(): string[] {
    return [...this.topicByName.keys()].sort();
  }

  /** A topic snapshot, or undefined. */
  topic(name: string): TopicInfo | undefined {
    const t = this.topicByName.get(name);
    if (t === undefined) return undefined;
    return { name, topicId: t.topicId, isInternal: INTERNAL_TOPICS.includes(name), partitions: t.partitions.map((p) => p.info()) };
  }

  /** RP-22: the name of the topic with id `topicId`, or undefined. */
  topicNameById(topicId: string): string | undefined {
    return this.topicById.get(topicId);
  }

  /** The number of partitions of `name`, or undefined. */
  partitionCount(name: string): number | undefined {
    return this.topicByName.get(name)?.partitions.length;
  }

  /** A partition snapshot, or undefined. */
  partition(topic: string, partition: number): PartitionInfo | undefined {
    return this.find(topic, partition)?.info();
  }

  /**
   * RP-01/RP-02: creates a topic of `partitionCount` partitions with `replicationFactor`
   * replicas each, placed on the live brokers (or as `opts.replicaAssignment` says).
   * Each partition starts empty, led by its first replica at epoch 0 with every replica in sync.
   */
  createTopic(name: string, partitionCount: number, replicationFactor: number, opts: CreateTopicOptions = {}): AdminResult {
    if (!isValidTopicName(name)) return { error: 'INVALID_TOPIC_EXCEPTION' };
    if (this.topicByName.has(name)) return { error: 'TOPIC_ALREADY_EXISTS' };
    let assignment: number[][];
    if (opts.replicaAssignment !== undefined) {
      const error = this.checkAssignment(opts.replicaAssignment);
      if (error !== undefined) return { error };
      assignment = opts.replicaAssignment.map((r) => [...r]);
    } else {
      if (!Number.isInteger(partitionCount) || partitionCount < 1) return { error: 'INVALID_PARTITIONS' };
      const live = this.liveBrokers();
      if (!Number.isInteger(replicationFactor) || replicationFactor < 1 || replicationFactor > live.length) {
        return { error: 'INVALID_REPLICATION_FACTOR' };
      }
      assignment = assignReplicas(live, partitionCount, replicationFactor, opts.startIndex ?? 0);
    }
    const minIsr = opts.minInsyncReplicas ?? this.minInsyncReplicas;
    const topic: Topic<T> = { name, topicId: topicIdFor(++this.topicsCreated), partitions: [], fetches: [], minInsyncReplicas: minIsr };
    this.topicByName.set(name, topic);
    this.topicById.set(topic.topicId, name);
    this.enqueue({ type: 'topicCreated', topic: name, partitions: assignment.length });
    for (const replicas of assignment) this.addPartition(topic, replicas);
    this.flush();
    return { assignment };
  }

  /**
   * RP-01: grows `name` to `newTotal` partitions (never shrinks). New partitions have the
   * replication factor of partition 0 and are placed as Kafka's AdminZkClient.addPartitions
   * does: start index = position of partition 0's first replica among the live brokers.
   */
  addPartitions(name: string, newTotal: number): AdminResult {
    const topic = this.topicByName.get(name);
    if (topic === undefined) return { error: 'UNKNOWN_TOPIC_OR_PARTITION' };
    const existing = topic.partitions.length;
    if (!Number.isInteger(newTotal) || newTotal <= existing) return { error: 'INVALID_PARTITIONS' };
    const rf = topic.partitions[0]?.replicas.length ?? 1;
    const live = this.liveBrokers().sort((a, b) => a.nodeId - b.nodeId);
    if (rf > live.length) return { error: 'INVALID_REPLICATION_FACTOR' };
    const first = topic.partitions[0]?.replicas[0] ?? 0;
    const startIndex = Math.max(0, live.findIndex((b) => b.nodeId >= first));
    const assignment = assignReplicas(live, newTotal - existing, rf, startIndex, existing);
    for (const replicas of assignment) this.addPartition(topic, replicas);
    this.flush();
    return { assignment };
  }

  /**
   * SRV-18: deletes topic `name` with its partitions and logs; its id is never reused. Pending
   * replica fetches of its partitions are cancelled, so a topic created again under the same
   * name starts empty. Internal topics are refused (INVALID_REQUEST): the coordinators live on
   * `__consumer_offsets`.
   */
  deleteTopic(name: string): DeleteTopicResult {
    const topic = this.topicByName.get(name);
    if (topic === undefined) return { error: 'UNKNOWN_TOPIC_OR_PARTITION' };
    if (INTERNAL_TOPICS.includes(name)) return { error: 'INVALID_REQUEST' };
    for (const f of topic.fetches) f.cancelAll();
    this.topicByName.delete(name);
    this.topicById.delete(topic.topicId);
    this.enqueue({ type: 'topicDeleted', topic: name, topicId: topic.topicId });
    this.flush();
    return { topicId: topic.topicId };
  }

  // ---- data ----------------------------------------------------------------------------

  /**
   * RP-03: appends `records` at the partition leader (a produce with acks=all). With
   * `expect`, the append fails with NOT_LEADER_OR_FOLLOWER unless that broker still leads in
   * that epoch: a coordinator passes the epoch it loaded at.
   */
  append(topic: string, partition: number, records: readonly T[], expect?: AppendExpectation): AppendResult {
    const p = this.find(topic, partition);
    if (p === undefined) return { error: 'UNKNOWN_TOPIC_OR_PARTITION' };
    const result = p.append(records, expect);
    this.flush();
    return result;
  }

  /** RP-03: a produce request sent to broker `nodeId`; only the leader accepts it. */
  produce(nodeId: number, topic: string, partition: number, records: readonly T[]): AppendResult {
    return this.append(topic, partition, records, { leaderId: nodeId });
  }

  /** RP-15: a consumer fetch sent to broker `nodeId`. */
  fetch(nodeId: number, topic: string, partition: number, fromOffset: number, maxRecords: number): FetchResult<T> {
    const p = this.find(topic, partition);
    if (p === undefined) return { error: 'UNKNOWN_TOPIC_OR_PARTITION' };
    return p.read(nodeId, fromOffset, maxRecords);
  }

  /**
   * RP-17: a ListOffsets lookup sent to broker `nodeId`: `-2` earliest, `-1` latest (the high
   * watermark), otherwise the first record appended at or after `timestamp`.
   */
  listOffsets(
    nodeId: number,
    topic: string,
    partition: number,
    timestamp: number,
    opts: { readonly currentLeaderEpoch?: number } = {},
  ): OffsetLookupResult {
    if (timestamp < -2) return { error: 'UNSUPPORTED_VERSION' };
    const p = this.find(topic, partition);
    if (p === undefined) return { error: 'UNKNOWN_TOPIC_OR_PARTITION' };
    return p.lookupOffset(nodeId, timestamp, opts.currentLeaderEpoch ?? -1);
  }

  /** RP-05: the partition's high watermark, or undefined for an unknown partition. */
  highWatermark(topic: string, partition: number): number | undefined {
    return this.find(topic, partition)?.highWatermark;
  }

  /** The log end offset of `nodeId`'s replica, or undefined if it holds none. */
  logEndOffset(topic: string, partition: number, nodeId: number): number | undefined {
    const p = this.find(topic, partition);
    return p === undefined || !p.replicas.includes(nodeId) ? undefined : p.logEndOffset(nodeId);
  }

  /** A copy of `nodeId`'s replica log, or undefined if it holds none. */
  log(topic: string, partition: number, nodeId: number): LogEntry<T>[] | undefined {
    return this.find(topic, partition)?.logOf(nodeId);
  }

  /**
   * RP-06: calls `callback` once `offset` is acknowledged (below the high watermark), or
   * with NOT_LEADER_OR_FOLLOWER if leadership changes first. Pass the `leaderEpoch` the append
   * returned (default: the current epoch). The callback runs from the cluster's event queue:
   * before this method returns when the answer is already known (acknowledged, unknown
   * partition, stale epoch), otherwise when the fetch or failure that decides it settles.
   */
  onCommitted(
    topic: string,
    partition: number,
    offset: number,
    callback: (result: CommitResult) => void,
    leaderEpoch?: number,
  ): void {
    const p = this.find(topic, partition);
    if (p === undefined) this.later(() => callback({ error: 'UNKNOWN_TOPIC_OR_PARTITION' }));
    else p.awaitCommit(offset, leaderEpoch, callback);
    this.flush();
  }

  /** RP-13: moves leadership of a partition to `toNodeId`, a live in-sync replica. */
  moveLeadership(topic: string, partition: number, toNodeId: number): MoveLeadershipResult {
    const p = this.find(topic, partition);
    if (p === undefined) return { error: 'UNKNOWN_TOPIC_OR_PARTITION' };
    const result = p.moveLeader(toNodeId);
    this.flush();
    return result;
  }

  /**
   * RP-24: takes a partition offline (a fault: no leader until it is set online again) or brings
   * it back (its first live ISR member leads). `changed` is false when it already was so.
   */
  setPartitionOffline(topic: string, partition: number, offline: boolean): { readonly changed: boolean } | { readonly error: 'UNKNOWN_TOPIC_OR_PARTITION' } {
    const p = this.find(topic, partition);
    if (p === undefined) return { error: 'UNKNOWN_TOPIC_OR_PARTITION' };
    const changed = offline ? p.takeOffline() : p.bringOnline();
    this.flush();
    return { changed };
  }

  // ---- listeners -----------------------------------------------------------------------

  /** RP-18: subscribes to every event. */
  on(listener: (event: ClusterEvent) => void): Unsubscribe {
    this.listeners = [...this.listeners, listener];
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners = this.listeners.filter((_, i) => i !== at);
    };
  }

  /** Subscribes to leadership changes: a coordinator loads on `newLeader === me`, unloads on `oldLeader === me`. */
  onLeaderChange(listener: (change: LeaderChange) => void): Unsubscribe {
    return this.on((e) => {
      if (e.type === 'leaderChange') listener(e);
    });
  }

  // ---- internals -----------------------------------------------------------------------

  private liveBrokers(): Broker[] {
    return [...this.brokerById.values()].filter((b) => b.up);
  }

  private checkAssignment(assignment: readonly (readonly number[])[]): 'INVALID_REQUEST' | 'INVALID_REPLICATION_FACTOR' | undefined {
    if (assignment.length === 0) return 'INVALID_REQUEST';
    const rf = assignment[0]?.length ?? 0;
    for (const replicas of assignment) {
      if (replicas.length === 0 || replicas.length !== rf) return 'INVALID_REPLICATION_FACTOR';
      if (new Set(replicas).size !== replicas.length) return 'INVALID_REQUEST';
      if (!replicas.every((r) => this.brokerById.has(r)) || !replicas.some((r) => this.isUp(r))) return 'INVALID_REQUEST';
    }
    return undefined;
  }

  private addPartition(topic: Topic<T>, replicas: readonly number[]): void {
    const index = topic.partitions.length;
    // The partition reaches itself through the topic once constructed; fetches look it up lazily.
    const fetches = new FollowerFetches(this.loop, this.replicaFetchDelayMs, replicas, (nodeId) => {
      topic.partitions[index]?.replicate(nodeId);
      this.flush();
    });
    topic.fetches.push(fetches);
    const ctx: PartitionContext = {
      isUp: (nodeId) => this.isUp(nodeId),
      nowMs: () => this.loop.nowMs(),
      fetchMaxRecords: this.replicaFetchMaxRecords,
      scheduleFetch: (nodeId) => fetches.schedule(nodeId),
      cancelFetch: (nodeId) => fetches.cancel(nodeId),
      later: (task, event) => {
        this.queue.push({ task, event, callback: undefined, result: undefined });
      },
      answer: (callback, result) => {
        this.queue.push({ task: undefined, event: undefined, callback, result });
      },
    };
    topic.partitions.push(new Partition<T>(ctx, topic.name, index, replicas, topic.minInsyncReplicas));
  }

  private *allPartitions(): Iterable<Partition<T>> {
    for (const t of this.topicByName.values()) yield* t.partitions;
  }

  private find(topic: string, partition: number): Partition<T> | undefined {
    return this.topicByName.get(topic)?.partitions[partition];
  }

  private requireBroker(nodeId: number): Broker {
    const b = this.brokerById.get(nodeId);
    if (b === undefined) throw new RangeError(`unknown broker ${nodeId}`);
    return b;
  }

  private enqueue(event: ClusterEvent): void {
    this.queue.push({ task: undefined, event, callback: undefined, result: undefined });
  }

  private later(task: () => void): void {
    this.queue.push({ task, event: undefined, callback: undefined, result: undefined });
  }

  /** RP-18: delivers queued events and callbacks in order; re-entrant calls append to the queue. */
  private flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (let item = this.queue.shift(); item !== undefined; item = this.queue.shift()) {
        if (item.event !== undefined) {
          const event = item.event;
          for (const listener of this.listeners) listener(event);
        }
        if (item.callback !== undefined) item.callback(item.result as CommitResult);
        else item.task?.();
      }
    } finally {
      this.flushing = false;
    }
  }
}

function snapshotBroker(b: Broker): BrokerInfo {
  return { nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack, up: b.up };
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite, non-negative number, got ${value}`);
  return value;
}

export { topicIdFor } from './placement.js';
